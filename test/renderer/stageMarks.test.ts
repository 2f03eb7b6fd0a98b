// The plots' stage lines: labels sit upright above each line (the 'inside…' positions rotated "II" along the vertical line).
import { describe, expect, it } from 'vitest'
import { stageMarkLine } from '../../src/renderer/src/charts/stageMarks'

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
