// The metrics table: per-epoch losses, accuracies and Li2 diagnostics, appended in batches and read back column-wise for plots.
import { ValidationError } from '../core/errors'
import { type Db, prep, readJson } from './sql'

/** The numeric metric columns, in table order (snake_case, as stored and as returned by getMetrics). */
export const METRIC_COLUMNS = [
  'train_loss', 'train_acc', 'test_loss', 'test_acc',
  'gf_norm', 'df_norm', 'dw_cos', 'dv_cos', 'ftf_offdiag_ratio', 'fft_dist_ideal', 'w_norm', 'v_norm', 'lr',
] as const
/** One numeric metric column. */
export type MetricColumn = (typeof METRIC_COLUMNS)[number]

/** One epoch's metrics as appended: omitted or null fields stay NULL (NaN is stored as NULL too: SQLite REAL has no NaN). */
export type MetricRow = { epoch: number; extra?: Record<string, unknown> | null } & Partial<Record<MetricColumn, number | null>>

/** Column-wise metrics for plotting: epoch plus each requested column, all the same length. */
export type MetricSeries = { epoch: number[]; extra?: (Record<string, unknown> | null)[] } & Partial<Record<MetricColumn, (number | null)[]>>

/** Which slice of a run's metrics getMetrics returns. */
export interface MetricQuery {
  /** First and last epoch, inclusive. */
  from?: number
  to?: number
  /** Columns to return (default: every numeric column; add 'extra' for the JSON column). */
  columns?: (MetricColumn | 'extra')[]
  /** Keep every n-th stored row (and always the last), for long runs plotted at screen resolution. */
  every?: number
}

const ALL = [...METRIC_COLUMNS, 'extra'] as const
const UPSERT = `INSERT INTO metrics (run_id, epoch, ${ALL.join(', ')}) VALUES (?, ?, ${ALL.map(() => '?').join(', ')})
  ON CONFLICT (run_id, epoch) DO UPDATE SET ${ALL.map((c) => `${c} = COALESCE(excluded.${c}, ${c})`).join(', ')}`

/** Writes a batch of epochs in ONE transaction, so a killed process leaves whole batches or nothing.
 *  A row for an epoch already stored merges into it (given fields win, missing ones keep their value). */
export function appendMetrics(db: Db, runId: number, rows: readonly MetricRow[]): void {
  const ins = prep(db, UPSERT)
  db.transaction(() => {
    for (const r of rows) {
      if (!Number.isInteger(r.epoch) || r.epoch < 0) throw new ValidationError('epoch', `must be an integer ≥ 0 (got ${r.epoch})`)
      const vals = METRIC_COLUMNS.map((c) => {
        const v = r[c]
        return typeof v === 'number' && !Number.isNaN(v) ? v : null
      })
      ins.run(runId, r.epoch, ...vals, r.extra == null ? null : JSON.stringify(r.extra))
    }
  })()
}

/** A run's metrics, column-wise ({ epoch: [...], train_loss: [...], … }), ordered by epoch. */
export function getMetrics(db: Db, runId: number, q: MetricQuery = {}): MetricSeries {
  const cols = q.columns ?? [...METRIC_COLUMNS]
  for (const c of cols) if (!(ALL as readonly string[]).includes(c)) throw new ValidationError('columns', `unknown metric column ${JSON.stringify(c)} (known: ${ALL.join(', ')})`)
  const every = q.every ?? 1
  if (!Number.isInteger(every) || every < 1) throw new ValidationError('every', `must be an integer ≥ 1 (got ${every})`)
  const picked = cols.length ? ', ' + cols.join(', ') : ''
  const range = 'run_id = ? AND epoch >= ? AND epoch <= ?'
  const args = [runId, q.from ?? 0, q.to ?? Number.MAX_SAFE_INTEGER]
  const text = every === 1
    ? `SELECT epoch${picked} FROM metrics WHERE ${range} ORDER BY epoch`
    : `SELECT epoch${picked} FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY epoch) - 1 AS rn, COUNT(*) OVER () AS n
         FROM metrics WHERE ${range}) WHERE rn % ? = 0 OR rn = n - 1 ORDER BY epoch`
  const rows = prep(db, text).raw(true).all(...args, ...(every === 1 ? [] : [every])) as unknown[][]
  const out: Record<string, unknown[]> = { epoch: rows.map((r) => r[0]) }
  cols.forEach((c, i) => {
    out[c] = c === 'extra' ? rows.map((r) => readJson(r[i + 1], 'extra').value) : rows.map((r) => r[i + 1]) // a malformed extra cell reads as null
  })
  return out as unknown as MetricSeries
}

/** The first stored epoch where `column` is at least `value`, or null (one indexed scan of the run's rows). */
export function firstEpochAtLeast(db: Db, runId: number, column: MetricColumn, value: number): number | null {
  if (!(METRIC_COLUMNS as readonly string[]).includes(column)) throw new ValidationError('column', `unknown metric column ${JSON.stringify(column)}`)
  const r = prep(db, `SELECT MIN(epoch) AS e FROM metrics WHERE run_id = ? AND ${column} >= ?`).get(runId, value) as { e: number | null }
  return r.e
}

/** A run's last metrics for a list: its last row's train columns, the last non-null test columns, and the first epoch
 *  test_acc reached each threshold. */
export interface FinalMetricsRow {
  last_epoch: number
  train_acc: number | null
  train_loss: number | null
  test_acc: number | null
  test_loss: number | null
  /** threshold (as String(number)) → first epoch with test_acc ≥ it, or null */
  first_epoch_test_acc_ge: Record<string, number | null>
}

/** The final metrics of many runs in one query (indexed lookups per run on the (run_id, epoch) key), for lists that
 *  would otherwise read each run's whole series; runs without metrics are left out of the map. */
export function finalMetricsMany(db: Db, runIds: readonly number[], thresholds: readonly number[]): Map<number, FinalMetricsRow> {
  const out = new Map<number, FinalMetricsRow>()
  if (!runIds.length) return out
  const last = (col: string, nonNull: boolean) =>
    `(SELECT ${col} FROM metrics WHERE run_id = j.value${nonNull ? ` AND ${col} IS NOT NULL` : ''} ORDER BY epoch DESC LIMIT 1)`
  const firsts = thresholds.map((_, i) => `(SELECT MIN(epoch) FROM metrics WHERE run_id = j.value AND test_acc >= ?) AS g${i}`)
  const text = `SELECT j.value AS run_id, (SELECT MAX(epoch) FROM metrics WHERE run_id = j.value) AS last_epoch,
    ${last('train_acc', false)} AS train_acc, ${last('train_loss', false)} AS train_loss,
    ${last('test_acc', true)} AS test_acc, ${last('test_loss', true)} AS test_loss${firsts.map((f) => `, ${f}`).join('')}
    FROM json_each(?) j`
  const rows = prep(db, text).all(...thresholds, JSON.stringify(runIds)) as Record<string, number | null>[]
  for (const r of rows) {
    if (r.last_epoch === null) continue
    out.set(r.run_id!, {
      last_epoch: r.last_epoch!, train_acc: r.train_acc!, train_loss: r.train_loss!, test_acc: r.test_acc!, test_loss: r.test_loss!,
      first_epoch_test_acc_ge: Object.fromEntries(thresholds.map((th, i) => [String(th), r[`g${i}`] ?? null])),
    })
  }
  return out
}

/** The highest epoch with a stored metrics row, or null when there is none. */
export function lastMetricEpoch(db: Db, runId: number): number | null {
  const r = prep(db, 'SELECT MAX(epoch) AS e FROM metrics WHERE run_id = ?').get(runId) as { e: number | null }
  return r.e
}

/** Deletes every metrics row after `epoch` (resume rewinds to its saved state); returns how many went. */
export function truncateMetricsAfter(db: Db, runId: number, epoch: number): number {
  return prep(db, 'DELETE FROM metrics WHERE run_id = ? AND epoch > ?').run(runId, epoch).changes
}
