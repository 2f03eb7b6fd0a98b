// The run charts' option builders, without a browser: series per column, gaps skipped, stage bands on, axis names,
// log-x, log-y for the diagnostics that span decades, smoothing that keeps the raw points faint.
import { describe, expect, it } from 'vitest'
import type { MetricSeries } from '../../src/api/contract'
import { accuracyChartOption, chartHasData, epochPairs, lossChartOption, RUN_CHARTS, runChartOption } from '../../src/renderer/src/charts/runCurves'

const M = {
  epoch: [0, 1, 2, 3],
  train_loss: [2, 1, 0.5, 0],
  test_loss: [2.1, null, 0.9, null],
  train_acc: [0.1, 0.5, 0.9, 1],
  test_acc: [0.05, null, 0.4, null],
} as MetricSeries
const STAGES = { I: 0, II: 2, III: null }
type Series = { name: string; type: string; data: [number, number][]; markArea?: { data: [{ xAxis: number; name: string }, { xAxis: number }][] }; lineStyle?: { opacity?: number } }
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
  it('accuracy: [0, 1] axis, stage bands on the first series only', () => {
    const o = accuracyChartOption(M, { stages: STAGES })
    const s = seriesOf(o)
    expect(s.map((x) => x.name)).toEqual(['train acc', 'test acc'])
    expect(s[0]!.data).toHaveLength(4)
    expect(s[0]!.markArea!.data.map(([a, b]) => [a.xAxis, b.xAxis])).toEqual([[0, 2], [2, 3]]) // I until II, II to the end
    expect(s[1]!.markArea).toBeUndefined()
    expect(axis(o.yAxis)).toMatchObject({ type: 'value', name: 'accuracy', min: 0, max: 1 })
  })
  it('no stages, no marks; a missing column is an empty series', () => {
    expect(seriesOf(lossChartOption(M))[0]!.markArea).toBeUndefined()
    expect(epochPairs({ epoch: [0, 1] } as MetricSeries, 'train_loss')).toEqual([])
  })
  it('every chart of the run page names its series and carries the stage bands', () => {
    const D = { ...M, gf_norm: [1, null, 0.5, null], df_norm: [2, null, 1, null], dw_cos: [1e-3, null, 1e-4, null], dv_cos: [1e-4, null, 1e-3, null],
      ftf_offdiag_ratio: [0.5, null, 0.2, null], fft_dist_ideal: [0.9, null, 0.3, null], w_norm: [3, 3, 3, 3], v_norm: [1, 1, 1, 1] } as MetricSeries
    const names = RUN_CHARTS.map((spec) => seriesOf(runChartOption(D, spec, { stages: STAGES })).map((x) => x.name))
    expect(names).toEqual([['train loss', 'test loss'], ['train acc', 'test acc'], ['‖G_F‖_F', 'dF_norm (reference)'], ['ΔW', 'ΔV'],
      ['FᵀF off-diag ratio', 'FFᵀ dist to ideal'], ['‖W‖_F', '‖V‖_F']])
    for (const spec of RUN_CHARTS) {
      expect(seriesOf(runChartOption(D, spec, { stages: STAGES }))[0]!.markArea!.data.map(([a]) => a.name)).toEqual(['I lazy', 'II features'])
      expect(chartHasData(D, spec)).toBe(true)
    }
    const dwdv = runChartOption(D, RUN_CHARTS.find((c) => c.id === 'dwdv')!)
    expect(axis(dwdv.yAxis).type).toBe('log') // cosine distances span decades
    expect(seriesOf(dwdv)[0]!.data).toEqual([[0, 1e-3], [2, 1e-4]]) // sparse diagnostics: only measured epochs, joined
    expect(chartHasData(M, RUN_CHARTS.find((c) => c.id === 'gram')!)).toBe(false)
  })
  it('log-x: a log epoch axis from 1, epoch 0 dropped, bands clamped to start at 1', () => {
    const o = lossChartOption(M, { stages: STAGES, logX: true })
    expect(axis(o.xAxis)).toMatchObject({ type: 'log', min: 1, name: 'epoch (log)' })
    expect(axis(lossChartOption(M, { endEpoch: 300 }).xAxis)).toMatchObject({ max: 300 }) // charts of a run line up
    expect(seriesOf(o)[0]!.data.map(([e]) => e)).toEqual([1, 2])
    expect(seriesOf(o)[0]!.markArea!.data.map(([a, b]) => [a.xAxis, b.xAxis])).toEqual([[1, 2], [2, 3]])
  })
  it('zoom inside on every chart, the slider only where asked', () => {
    const zooms = (o: { dataZoom?: unknown }) => (o.dataZoom as { type: string; id: string; show?: boolean }[]).map((z) => [z.type, z.id, z.show !== false])
    expect(zooms(lossChartOption(M))).toEqual([['inside', 'x-inside', true], ['slider', 'x-slider', false]]) // same ids: connect finds them
    expect(zooms(lossChartOption(M, { slider: true }))).toEqual([['inside', 'x-inside', true], ['slider', 'x-slider', true]])
  })
  it('smoothing on: a faint raw line and a smoothed one per column, same name (one legend entry)', () => {
    const s = seriesOf(accuracyChartOption(M, { smoothing: 0.6 }))
    expect(s.map((x) => x.name)).toEqual(['train acc', 'train acc', 'test acc', 'test acc'])
    expect(s[0]!.lineStyle!.opacity).toBeLessThan(0.5)
    expect(s[0]!.data).toEqual([[0, 0.1], [1, 0.5], [2, 0.9], [3, 1]])
    expect(s[1]!.data[0]![1]).toBeCloseTo(0.1, 12) // debiased: the first point is itself
  })
})
