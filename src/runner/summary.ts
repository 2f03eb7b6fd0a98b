/** A run's summary (final metrics, first epochs at test-accuracy thresholds) and stage marks, derived from its stored
 *  metrics: the training loop writes them when a run ends, and readers derive them for runs that never got one
 *  (killed, interrupted, still training), so every status shows the accuracies its metrics hold. */
import { annotateStages, type StageMarks } from '../core/diagnostics/stages'
import type { RunRow, Store } from '../store'
import { firstEpochAtLeast, TEST_ACC_THRESHOLDS } from './schedule'

/** Metrics of the last stored row (test metrics: the last evaluated epoch). */
export interface FinalMetrics {
  train_acc: number
  test_acc: number | null
  train_loss: number
  test_loss: number | null
}

/** What `summary` holds on a run. */
export interface RunSummaryData {
  final: FinalMetrics | null
  /** Epoch of the last stored metrics row (for a finished run, the final evaluation at `epochs`). */
  last_epoch: number | null
  first_epoch_test_acc_ge: Record<string, number | null>
  ms_per_step: number | null
  n_train: number | null
  n_test: number | null
  [extra: string]: unknown
}

const COLUMNS = ['train_acc', 'test_acc', 'train_loss', 'test_loss', 'dw_cos', 'dv_cos'] as const

/** Summary and stage marks from run `runId`'s stored metrics; `extra` adds or overrides fields (ms/step, split sizes, …). */
export function summarizeRun(store: Store, runId: number, extra: Partial<RunSummaryData> = {}): { summary: RunSummaryData; stages: StageMarks } {
  const m = store.getMetrics(runId, { columns: [...COLUMNS] })
  const col = (c: (typeof COLUMNS)[number]) => (m[c] ?? []) as (number | null)[]
  const stages = annotateStages({ epoch: m.epoch, train_acc: col('train_acc') as number[], test_acc: col('test_acc'), dw_cos: col('dw_cos'), dv_cos: col('dv_cos') })
  const last = m.epoch.length - 1
  const split = extra.n_train === undefined ? store.getSplit(runId) : null
  const summary: RunSummaryData = {
    final: last >= 0 ? { train_acc: col('train_acc')[last]!, test_acc: lastNonNull(col('test_acc')), train_loss: col('train_loss')[last]!, test_loss: lastNonNull(col('test_loss')) } : null,
    last_epoch: last >= 0 ? m.epoch[last] : null,
    first_epoch_test_acc_ge: firstEpochAtLeast(m.epoch, col('test_acc'), TEST_ACC_THRESHOLDS),
    ms_per_step: store.getRun(runId)?.msPerStep ?? null,
    n_train: split?.train.length ?? null,
    n_test: split?.test.length ?? null,
    ...extra,
  }
  return { summary, stages }
}

/** The row with summary and stages derived from its metrics when none is stored (any status but queued); unchanged otherwise. */
export function withDerivedSummary(store: Store, row: RunRow): RunRow {
  if (row.summary !== null || row.status === 'queued') return row
  const { summary, stages } = summarizeRun(store, row.id)
  if (summary.final === null) return row
  return { ...row, summary, stages: row.stages ?? stages }
}

/** withDerivedSummary for a list: the rows that need one get their final metrics and first crossings from ONE batched
 *  query (what the runs list shows), not each run's whole series; their stage marks are left for getRun to derive. */
export function withDerivedSummaries(store: Store, rows: readonly RunRow[]): RunRow[] {
  const need = rows.filter((r) => r.summary === null && r.status !== 'queued').map((r) => r.id)
  if (!need.length) return [...rows]
  const finals = store.finalMetricsMany(need, TEST_ACC_THRESHOLDS)
  return rows.map((r) => {
    const f = r.summary === null && r.status !== 'queued' ? finals.get(r.id) : undefined
    if (!f) return r
    const summary: RunSummaryData = {
      final: { train_acc: f.train_acc!, test_acc: f.test_acc, train_loss: f.train_loss!, test_loss: f.test_loss },
      last_epoch: f.last_epoch, first_epoch_test_acc_ge: f.first_epoch_test_acc_ge, ms_per_step: r.msPerStep, n_train: null, n_test: null,
    }
    return { ...r, summary }
  })
}

function lastNonNull(a: readonly (number | null)[]): number | null {
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== null && a[i] !== undefined) return a[i]
  return null
}
