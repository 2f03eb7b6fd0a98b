// Stage onsets as dashed vertical lines with upright labels: a pure (stages) → ECharts markLine function, tested without a browser.
import type { StageMarks } from '../../../api/contract'

/** The markLine of a series: one dashed line per reached stage, labelled I/II/III above its top end. */
export function stageMarkLine(stages: Pick<StageMarks, 'I' | 'II' | 'III'> | null | undefined) {
  if (!stages) return undefined
  // 'end' puts the label above the line's top, upright; the 'inside…' positions run text along the line, and on a
  // vertical line that turned "II" into a pair of rotated bars
  const data = (['I', 'II', 'III'] as const).filter((k) => stages[k] !== null)
    .map((k) => ({ xAxis: stages[k]!, label: { formatter: k, color: '#666', position: 'end' as const, distance: 4 } }))
  return data.length ? { silent: true, symbol: 'none', lineStyle: { type: 'dashed' as const, color: '#aaa' }, data } : undefined
}
