// Which stage an epoch falls in, from a run's stage onsets (the words of `li2 theory`'s header).
import type { StageMarks } from '../../../api/contract'

/** "Stage II (independent feature learning)" for epoch t, or the short name ("II features") with `short`. */
export function stageAt(t: number, s: Pick<StageMarks, 'I' | 'II' | 'III'>, short = false): string {
  if (s.III !== null && t >= s.III) return short ? 'III interaction' : 'Stage III (interaction)'
  if (s.II !== null && t >= s.II) return short ? 'II features' : 'Stage II (independent feature learning)'
  return short ? 'I lazy' : 'Stage I (lazy learning)'
}
