// Compare's summary table: per run, or per seed group, how it came out (outcome, time to grok, final train/test acc).
// Pure (runs, groups) → rows, tested in test/renderer/compareSummary.test.ts.
import type { RunOutcomeName, RunSummary } from '../../../api/contract'
import { pct } from '../utils/format'
import { mean, std } from './compareStats'

/** One row: a run or a group, by its legend name and colour. */
export interface SummaryRow { key: string; name: string; ids: number[]; outcome: string; timeToGrok: string; trainAcc: string; testAcc: string }

type Run = Pick<RunSummary, 'id' | 'outcome' | 'timeToGrok' | 'final'>

/** "0.98 ± 0.01" over the values present (± only with two or more), or a dash. */
function meanPm(xs: (number | null | undefined)[], show: (x: number) => string): string {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x))
  if (!v.length) return '—'
  return v.length > 1 ? `${show(mean(v))} ± ${show(std(v))}` : show(v[0]!)
}

/** "2 generalized, 1 memorized": each outcome with its count, in RUN_OUTCOMES order (a lone run: the outcome itself). */
export function outcomeText(outcomes: RunOutcomeName[]): string {
  if (outcomes.length === 1) return outcomes[0]!
  const order: RunOutcomeName[] = ['generalized', 'memorized', 'diverged', 'unfinished']
  return order.map((o) => [o, outcomes.filter((x) => x === o).length] as const).filter(([, n]) => n > 0).map(([o, n]) => `${n} ${o}`).join(', ')
}

/** The rows for `groups` (each a name and member ids; one group per run when not grouped): time to grok averaged over
 *  the members that grokked ("1200 ± 90 (2 of 3)"), final accuracies over all members. */
export function summaryRows(runs: readonly Run[], groups: readonly { key: string; name: string; ids: number[] }[]): SummaryRow[] {
  const byId = new Map(runs.map((r) => [r.id, r]))
  return groups.map((g) => {
    const members = g.ids.map((id) => byId.get(id)).filter((r): r is Run => !!r)
    const grokked = members.map((r) => r.timeToGrok).filter((t): t is number => t !== null)
    const ttg = meanPm(grokked, (x) => String(Math.round(x))) // epochs: a fraction of one says nothing
    return {
      key: g.key, name: g.name, ids: g.ids, outcome: outcomeText(members.map((r) => r.outcome)),
      timeToGrok: members.length > 1 && grokked.length ? `${ttg} (${grokked.length} of ${members.length})` : ttg,
      trainAcc: meanPm(members.map((r) => r.final?.train_acc), (x) => pct(x)),
      testAcc: meanPm(members.map((r) => r.final?.test_acc), (x) => pct(x)),
    }
  })
}
