// Compare's overlay option and summary rows without a browser: one palette colour per line, a band as two stacked series
// under the line's name, log y drops what it cannot show, the downsampling note, and the per-group summary figures.
import { describe, expect, it } from 'vitest'
import { COMPARE_PALETTE, compareChartOption, lineStyleAt } from '../../src/renderer/src/charts/compareCurves'
import { outcomeText, summaryRows } from '../../src/renderer/src/charts/compareSummary'

type S = { name: string; data: [number, number][]; stack?: string; color: string; areaStyle?: unknown; lineStyle?: { type?: string } }
const opts = { title: 'test accuracy', yName: 'acc', xName: 'epoch' }

describe('compare overlay option', () => {
  it('one colour per line, dashed once the palette repeats', () => {
    const lines = Array.from({ length: 10 }, (_, i) => ({ name: `r${i}`, data: [[0, i], [1, i]] as [number, number][] }))
    const s = compareChartOption(lines, opts).series as S[]
    expect(s.map((x) => x.color)).toEqual([...COMPARE_PALETTE, COMPARE_PALETTE[0], COMPARE_PALETTE[1]])
    expect(s[8]!.lineStyle!.type).toBe('dashed')
    expect(lineStyleAt(16).type).toBe('dotted')
  })
  it('draws a band as lower edge + stacked width under the line’s name, filled in its colour', () => {
    const o = compareChartOption([{ name: 'wd=0 (n=3)', data: [[0, 2], [1, 3]], band: [[0, 1, 3], [1, 2, 5]] }], opts)
    const s = o.series as S[]
    expect(s.map((x) => x.name)).toEqual(['wd=0 (n=3)', 'wd=0 (n=3)', 'wd=0 (n=3)'])
    expect(s[1]!.data).toEqual([[0, 1], [1, 2]])
    expect(s[2]!.data).toEqual([[0, 2], [1, 3]]) // hi − lo, stacked on lo
    expect(s[1]!.stack).toBe(s[2]!.stack)
    expect(s[2]!.areaStyle).toBeTruthy()
  })
  it('on a log axis drops y ≤ 0 from lines and lifts a band’s lower edge to its smallest positive value', () => {
    const o = compareChartOption([{ name: 'a', data: [[0, 0], [1, 0.5]], band: [[0, -1, 1], [1, 0.25, 2]] }], { ...opts, logY: true })
    const s = o.series as S[]
    expect(s[0]!.data).toEqual([[1, 0.5]])
    expect(s[1]!.data).toEqual([[0, 0.25], [1, 0.25]])
    // a band whose centre sits below its positive edges still holds it
    const t = compareChartOption([{ name: 'b', data: [[0, 0.01]], band: [[0, -1, 1]] }], { ...opts, logY: true }).series as S[]
    expect(t[1]!.data).toEqual([[0, 0.01]])
    expect((o.yAxis as { type: string }).type).toBe('log')
    expect((o.title as { subtext: string }).subtext).toContain('band edges ≤ 0 drawn at the lowest positive value')
  })
  it('says when the data is downsampled, under the title', () => {
    const o = compareChartOption([], { ...opts, note: 'downsampled to 2400 points per run; zoom for full resolution' })
    expect((o.title as { subtext: string }).subtext).toContain('downsampled to 2400 points per run')
  })
})

describe('compare summary rows', () => {
  const runs = [
    { id: 1, outcome: 'generalized' as const, timeToGrok: 100, final: { train_acc: 1, test_acc: 0.98, train_loss: 0, test_loss: 0 } },
    { id: 2, outcome: 'generalized' as const, timeToGrok: 300, final: { train_acc: 1, test_acc: 0.96, train_loss: 0, test_loss: 0 } },
    { id: 3, outcome: 'memorized' as const, timeToGrok: null, final: { train_acc: 1, test_acc: 0.2, train_loss: 0, test_loss: 0 } },
  ]
  it('a group: outcome counts, time to grok over those that grokked, accuracies mean ± std', () => {
    const [r] = summaryRows(runs, [{ key: 'g', name: 'wd=0 (n=3)', ids: [1, 2, 3] }])
    expect(r).toMatchObject({ outcome: '2 generalized, 1 memorized', timeToGrok: '200 ± 141 (2 of 3)', trainAcc: '100.0% ± 0.0%' })
    expect(r!.testAcc).toMatch(/^71\.3% ± /)
  })
  it('a lone run: its own figures', () => {
    expect(summaryRows(runs, [{ key: 'r', name: '#3', ids: [3] }])[0]).toMatchObject({ outcome: 'memorized', timeToGrok: '—', testAcc: '20.0%' })
    expect(outcomeText(['unfinished', 'diverged', 'unfinished'])).toBe('1 diverged, 2 unfinished')
  })
})
