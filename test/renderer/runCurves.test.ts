// The run charts' option builders, without a browser: series per column, gaps skipped, stage marks on, axis names.
import { describe, expect, it } from 'vitest'
import type { MetricSeries } from '../../src/api/contract'
import { accuracyChartOption, epochPairs, lossChartOption } from '../../src/renderer/src/charts/runCurves'

const M = {
  epoch: [0, 1, 2, 3],
  train_loss: [2, 1, 0.5, 0],
  test_loss: [2.1, null, 0.9, null],
  train_acc: [0.1, 0.5, 0.9, 1],
  test_acc: [0.05, null, 0.4, null],
} as MetricSeries
const STAGES = { I: 0, II: 2, III: null }
type Series = { name: string; type: string; data: [number, number][]; markLine?: { data: { xAxis: number }[] } }
const seriesOf = (o: { series?: unknown }) => o.series as Series[]
const axis = (a: unknown) => a as { type: string; name: string }

describe('run curve option builders', () => {
  it('loss: train and test lines on a log axis named for it, test gaps and non-positive values skipped', () => {
    const o = lossChartOption(M, { stages: STAGES })
    const s = seriesOf(o)
    expect(s.map((x) => [x.name, x.type])).toEqual([['train loss', 'line'], ['test loss', 'line']])
    expect(s[0]!.data).toEqual([[0, 2], [1, 1], [2, 0.5]]) // 0 has no place on a log axis
    expect(s[1]!.data).toEqual([[0, 2.1], [2, 0.9]])
    expect(axis(o.xAxis).name).toBe('epoch')
    expect(axis(o.yAxis)).toMatchObject({ type: 'log', name: 'loss (log)' })
  })
  it('accuracy: [0, 1] axis, stage marks on the first series only', () => {
    const o = accuracyChartOption(M, { stages: STAGES })
    const s = seriesOf(o)
    expect(s.map((x) => x.name)).toEqual(['train acc', 'test acc'])
    expect(s[0]!.data).toHaveLength(4)
    expect(s[0]!.markLine!.data.map((d) => d.xAxis)).toEqual([0, 2])
    expect(s[1]!.markLine).toBeUndefined()
    expect(axis(o.yAxis)).toMatchObject({ type: 'value', name: 'accuracy', min: 0, max: 1 })
  })
  it('no stages, no marks; a missing column is an empty series', () => {
    expect(seriesOf(lossChartOption(M))[0]!.markLine).toBeUndefined()
    expect(epochPairs({ epoch: [0, 1] } as MetricSeries, 'train_loss')).toEqual([])
  })
})
