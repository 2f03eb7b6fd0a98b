// The plots' stage lines: labels sit upright above each line (the 'inside…' positions rotated "II" along the vertical line).
import { describe, expect, it } from 'vitest'
import { stageMarkArea, stageMarkLine } from '../../src/renderer/src/charts/stageMarks'

describe('stageMarkLine', () => {
  it('one dashed line per reached stage, labels upright at the top end', () => {
    const m = stageMarkLine({ I: 0, II: 10, III: null })!
    expect(m.data.map((d) => [d.xAxis, d.label.formatter])).toEqual([[0, 'I'], [10, 'II']])
    for (const d of m.data) expect(d.label.position).toBe('end') // 'start'/'end' are the positions ECharts does not rotate
    expect(m.lineStyle.type).toBe('dashed')
  })
  it('nothing to draw without stages', () => {
    expect(stageMarkLine(null)).toBeUndefined()
    expect(stageMarkLine({ I: null, II: null, III: null })).toBeUndefined()
  })
})

describe('stageMarkArea', () => {
  it('one band per reached stage, from its onset to the next (the last to the end), each labelled', () => {
    const m = stageMarkArea({ I: 0, II: 30, III: 100 }, 3000)!
    expect(m.data.map(([a, b]) => [a.xAxis, b.xAxis, a.name])).toEqual([[0, 30, 'I lazy'], [30, 100, 'II features'], [100, 3000, 'III interaction']])
    for (const [a] of m.data) expect(a.label.show).toBe(true)
    expect(m.data.map(([a]) => a.label.formatter)).toEqual(['I', 'II', 'III']) // numerals: full names overlapped narrow bands
  })
  it('a log axis clamps the first band to start at 1; empty bands are dropped; nothing without stages', () => {
    expect(stageMarkArea({ I: 0, II: 30, III: null }, 300, 1)!.data.map(([a, b]) => [a.xAxis, b.xAxis])).toEqual([[1, 30], [30, 300]])
    expect(stageMarkArea({ I: 0, II: 0, III: null }, 50)!.data.map(([a]) => a.name)).toEqual(['II features'])
    expect(stageMarkArea(null, 10)).toBeUndefined()
    expect(stageMarkArea({ I: null, II: null, III: null }, 10)).toBeUndefined()
  })
})
