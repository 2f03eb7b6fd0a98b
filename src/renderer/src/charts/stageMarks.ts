// Stages I/II/III as shaded bands (markArea) from each onset to the next (the last to the end of the run), labelled
// with its numeral inside the band's top; and the older dashed onset lines. Pure (stages) → ECharts fragments, tested without a browser.
import type { StageMarks } from '../../../api/contract'

type Stages = Pick<StageMarks, 'I' | 'II' | 'III'> | null | undefined

/** Band fills and label colours per stage: I lazy (grey), II independent feature learning (green), III interaction (violet). */
export const STAGE_STYLE = {
  I: { fill: 'rgba(140,140,150,0.10)', label: '#666a72', name: 'I lazy' },
  II: { fill: 'rgba(33,138,76,0.10)', label: '#1d7a44', name: 'II features' },
  III: { fill: 'rgba(128,76,200,0.10)', label: '#6b3fb0', name: 'III interaction' },
} as const

/** The start of a stage band: where it begins, its name, fill and label. */
export interface StageBandStart {
  xAxis: number
  name: string
  itemStyle: { color: string }
  label: { show: true; formatter: string; position: 'insideTopLeft'; color: string; fontSize: number; fontWeight: 'bold'; distance: number }
}

/** The markArea of a series: one band per reached stage, [onset, next onset or `end`), named for its stage and
 *  labelled with its numeral at its top left.
 *  A band's left edge is clamped to `minX` (log-x axes cannot show epoch 0); a band of zero width is dropped. */
export function stageMarkArea(stages: Stages, end: number | null, minX = 0): { silent: true; data: [StageBandStart, { xAxis: number }][] } | undefined {
  if (!stages) return undefined
  const keys = (['I', 'II', 'III'] as const).filter((k) => stages[k] !== null)
  const data: [StageBandStart, { xAxis: number }][] = []
  keys.forEach((k, i) => {
    const from = Math.max(stages[k]!, minX)
    const next = keys[i + 1]
    const to = next ? stages[next]! : Math.max(end ?? from, from)
    if (!(to > from)) return
    const s = STAGE_STYLE[k]
    data.push([
      { xAxis: from, name: s.name, itemStyle: { color: s.fill },
        // the numeral only: a full name overlapped the next band's when Stage I lasts a few epochs of thousands
        // (RunCharts shows the key with the names)
        label: { show: true, formatter: k, position: 'insideTopLeft', color: s.label, fontSize: 11, fontWeight: 'bold', distance: 3 } },
      { xAxis: to },
    ])
  })
  return data.length ? { silent: true, data } : undefined
}

/** The markLine of a series: one dashed line per reached stage, labelled I/II/III above its top end. */
export function stageMarkLine(stages: Stages) {
  if (!stages) return undefined
  // 'end' puts the label above the line's top, upright; the 'inside…' positions run text along the line, and on a
  // vertical line that turned "II" into a pair of rotated bars
  const data = (['I', 'II', 'III'] as const).filter((k) => stages[k] !== null)
    .map((k) => ({ xAxis: stages[k]!, label: { formatter: k, color: '#666', position: 'end' as const, distance: 4 } }))
  return data.length ? { silent: true, symbol: 'none', lineStyle: { type: 'dashed' as const, color: '#aaa' }, data } : undefined
}
