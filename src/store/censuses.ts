// The censuses table: energy censuses with their inputs, progress, result and maximisers; a census whose process died
// while it ran is marked failed on the next look.
import { HOST, ownerAlive } from './liveness'
import { type Db, prep, readJson, toJson } from './sql'

/** A census's lifecycle state. */
export type CensusStatus = 'running' | 'done' | 'failed' | 'cancelled'
/** Every census status. */
export const CENSUS_STATUSES: readonly CensusStatus[] = ['running', 'done', 'failed', 'cancelled']

/** One census as read back (JSON columns parsed; `weights` only from getCensusWeights). */
export interface CensusRow {
  id: number
  createdAt: number
  updatedAt: number
  finishedAt: number | null
  status: CensusStatus
  groupName: string
  inputs: Record<string, unknown>
  done: number
  total: number
  result: Record<string, unknown> | null
  scan: Record<string, unknown>[] | null
  error: string | null
}

function toCensus(r: Record<string, unknown>): CensusRow {
  const bad: string[] = []
  const read = <T>(col: string): T | null => { const j = readJson<T>(r[col], col); if (j.error) bad.push(j.error); return j.value }
  const inputs = read<Record<string, unknown>>('inputs') ?? {}
  const result = read<Record<string, unknown>>('result')
  const scan = read<Record<string, unknown>[]>('scan')
  return {
    id: r.id as number, createdAt: r.created_at as number, updatedAt: r.updated_at as number, finishedAt: r.finished_at as number | null,
    status: r.status as CensusStatus, groupName: r.group_name as string, inputs, done: r.done as number, total: r.total as number,
    result, scan,
    // a malformed cell reads as missing, with the reason where the error goes, rather than failing the whole list
    error: [r.error as string | null, ...bad.map((b) => `unreadable ${b}`)].filter(Boolean).join('; ') || null,
  }
}

const COLUMNS = 'id, created_at, updated_at, finished_at, status, group_name, inputs, done, total, result, scan, error'

/** Stores a new running census owned by this process; returns its id. */
export function createCensus(db: Db, c: { groupName: string; inputs: unknown; total: number }): number {
  const now = Date.now()
  const info = prep(db, `INSERT INTO censuses (created_at, updated_at, status, group_name, inputs, total, owner_pid, owner_host)
    VALUES (?, ?, 'running', ?, ?, ?, ?, ?)`).run(now, now, c.groupName, JSON.stringify(c.inputs), c.total, process.pid, HOST)
  return Number(info.lastInsertRowid)
}

/** One census, or null. */
export function getCensus(db: Db, id: number): CensusRow | null {
  const r = prep(db, `SELECT ${COLUMNS} FROM censuses WHERE id = ?`).get(id) as Record<string, unknown> | undefined
  return r ? toCensus(r) : null
}

/** Every census, newest first. */
export function listCensuses(db: Db, limit = 500): CensusRow[] {
  return (prep(db, `SELECT ${COLUMNS} FROM censuses ORDER BY id DESC LIMIT ?`).all(limit) as Record<string, unknown>[]).map(toCensus)
}

/** Records restarts done so far (only while running). */
export function setCensusProgress(db: Db, id: number, done: number): void {
  prep(db, "UPDATE censuses SET done = ?, updated_at = ? WHERE id = ? AND status = 'running'").run(done, Date.now(), id)
}

/** Stores a running census's outcome; false when it was no longer running (cancelled meanwhile). */
export function finishCensus(db: Db, id: number, out: { result: unknown; scan: unknown; weights: unknown }): boolean {
  const now = Date.now()
  return prep(db, `UPDATE censuses SET status = 'done', done = total, result = ?, scan = ?, weights = ?, updated_at = ?, finished_at = ?
    WHERE id = ? AND status = 'running'`).run(toJson(out.result), toJson(out.scan), toJson(out.weights), now, now, id).changes > 0
}

/** Ends a running census as failed or cancelled; false when it was not running. */
export function endCensus(db: Db, id: number, status: 'failed' | 'cancelled', error: string | null = null): boolean {
  const now = Date.now()
  return prep(db, "UPDATE censuses SET status = ?, error = ?, updated_at = ?, finished_at = ? WHERE id = ? AND status = 'running'")
    .run(status, error, now, now, id).changes > 0
}

/** Each maximum's unit maximiser, in the result's order, or null. */
export function getCensusWeights(db: Db, id: number): number[][] | null {
  const r = prep(db, 'SELECT weights FROM censuses WHERE id = ?').get(id) as { weights: string | null } | undefined
  return r ? readJson<number[][]>(r.weights, 'weights').value : null
}

/** Deletes a census for good. */
export function deleteCensus(db: Db, id: number): boolean {
  return prep(db, 'DELETE FROM censuses WHERE id = ?').run(id).changes > 0
}

/** Marks running censuses whose owner process is gone as failed; returns their ids. A census has no resume state, so
 *  one cut off can only be started again. */
export function markOrphanCensuses(db: Db, staleMs: number): number[] {
  const rows = prep(db, "SELECT id, owner_pid, owner_host, updated_at FROM censuses WHERE status = 'running'").all() as
    { id: number; owner_pid: number | null; owner_host: string | null; updated_at: number }[]
  const dead = rows.filter((r) => !ownerAlive(r.owner_host, r.owner_pid, r.updated_at, staleMs)).map((r) => r.id)
  for (const id of dead) endCensus(db, id, 'failed', 'interrupted: the process running it exited')
  return dead
}
