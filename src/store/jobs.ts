// Sweeps and the persisted job queue: dedupe by canonical config hash, atomic claim, done/failed, and requeue of dead claimants.
import { createHash } from 'node:crypto'
import type { TrainConfig } from '../core/config'
import { ValidationError } from '../core/errors'
import { claimantId, ownerAlive, parseClaimant } from './liveness'
import { type Db, parseJson, prep } from './sql'

/** A queued job's lifecycle state. */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
/** Every job status, in lifecycle order. */
export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'done', 'failed', 'cancelled']

/** A sweep as read back (spec parsed). */
export interface SweepRow {
  id: number
  name: string
  spec: unknown
  createdAt: number
}

/** A job as read back (config parsed). */
export interface JobRow {
  id: number
  sweepId: number | null
  runId: number | null
  config: TrainConfig
  key: string
  status: JobStatus
  claimedBy: string | null
  claimedAt: number | null
  attempts: number
  error: string | null
  createdAt: number
}

/** What enqueueJobs did: ids of new jobs, and the keys already present (skipped). */
export interface EnqueueResult {
  added: number[]
  skipped: string[]
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
  return v
}

/** The dedupe key for a config: sha256 of its JSON with keys sorted, so field order never matters. */
export function configHash(config: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(config))).digest('hex')
}

function toJob(r: Record<string, unknown>): JobRow {
  return {
    id: r.id as number, sweepId: r.sweep_id as number | null, runId: r.run_id as number | null,
    config: parseJson<TrainConfig>(r.config)!, key: r.key as string, status: r.status as JobStatus,
    claimedBy: r.claimed_by as string | null, claimedAt: r.claimed_at as number | null,
    attempts: r.attempts as number, error: r.error as string | null, createdAt: r.created_at as number,
  }
}

/** Creates a sweep; a taken name is a ValidationError on 'name'. */
export function createSweep(db: Db, name: string, spec: unknown): number {
  if (typeof name !== 'string' || name.trim() === '') throw new ValidationError('name', 'a sweep needs a non-empty name')
  const info = prep(db, 'INSERT INTO sweeps (name, spec, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING')
    .run(name, JSON.stringify(spec ?? null), Date.now())
  if (info.changes === 0) throw new ValidationError('name', `a sweep named ${JSON.stringify(name)} already exists`)
  return Number(info.lastInsertRowid)
}

/** A sweep by id or name, or null. */
export function getSweep(db: Db, idOrName: number | string): SweepRow | null {
  const r = prep(db, `SELECT * FROM sweeps WHERE ${typeof idOrName === 'number' ? 'id' : 'name'} = ?`).get(idOrName) as
    { id: number; name: string; spec: string; created_at: number } | undefined
  return r ? { id: r.id, name: r.name, spec: parseJson(r.spec), createdAt: r.created_at } : null
}

/** Every sweep, newest first. */
export function listSweeps(db: Db): SweepRow[] {
  return (prep(db, 'SELECT * FROM sweeps ORDER BY id DESC').all() as { id: number; name: string; spec: string; created_at: number }[])
    .map((r) => ({ id: r.id, name: r.name, spec: parseJson(r.spec), createdAt: r.created_at }))
}

/** Deletes a sweep and its jobs; its runs stay, with sweep_id cleared. */
export function deleteSweep(db: Db, id: number): boolean {
  return prep(db, 'DELETE FROM sweeps WHERE id = ?').run(id).changes > 0
}

/** Enqueues configs in one transaction, skipping any whose key (default configHash) is already queued or was ever run. */
export function enqueueJobs(db: Db, items: readonly { config: TrainConfig; key?: string }[], sweepId: number | null = null): EnqueueResult {
  const ins = prep(db, `INSERT INTO jobs (sweep_id, config, key, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`)
  const out: EnqueueResult = { added: [], skipped: [] }
  const now = Date.now()
  db.transaction(() => {
    for (const it of items) {
      const key = it.key ?? configHash(it.config)
      const info = ins.run(sweepId, JSON.stringify(it.config), key, now)
      if (info.changes > 0) out.added.push(Number(info.lastInsertRowid))
      else out.skipped.push(key)
    }
  }).immediate()
  return out
}

/** Atomically claims the oldest queued job (optionally within a sweep) for `claimant`, or returns null when none is left.
 *  One UPDATE … WHERE id = (SELECT … LIMIT 1) RETURNING statement: SQLite's single writer makes it race-free across processes. */
export function claimJob(db: Db, claimant: string = claimantId(), sweepId?: number): JobRow | null {
  const bySweep = sweepId === undefined ? '' : 'AND sweep_id = ?'
  const r = prep(db, `UPDATE jobs SET status = 'running', claimed_by = ?, claimed_at = ?, attempts = attempts + 1
    WHERE id = (SELECT id FROM jobs WHERE status = 'queued' ${bySweep} ORDER BY id LIMIT 1) RETURNING *`)
    .get(claimant, Date.now(), ...(sweepId === undefined ? [] : [sweepId])) as Record<string, unknown> | undefined
  return r ? toJob(r) : null
}

/** Links a claimed job to the run it created (so a requeued job can resume that run). */
export function setJobRun(db: Db, id: number, runId: number): void {
  prep(db, 'UPDATE jobs SET run_id = ? WHERE id = ?').run(runId, id)
}

/** Marks a job done (and links its run when given). */
export function finishJob(db: Db, id: number, runId?: number): void {
  prep(db, `UPDATE jobs SET status = 'done', run_id = COALESCE(?, run_id), error = NULL WHERE id = ?`).run(runId ?? null, id)
}

/** Marks a job failed with its error message. */
export function failJob(db: Db, id: number, error: string): void {
  prep(db, `UPDATE jobs SET status = 'failed', error = ? WHERE id = ?`).run(error, id)
}

/** Cancels queued jobs (of one sweep, or all); returns how many. Running jobs are the runner's to stop. */
export function cancelQueuedJobs(db: Db, sweepId?: number): number {
  return sweepId === undefined
    ? prep(db, `UPDATE jobs SET status = 'cancelled' WHERE status = 'queued'`).run().changes
    : prep(db, `UPDATE jobs SET status = 'cancelled' WHERE status = 'queued' AND sweep_id = ?`).run(sweepId).changes
}

/** Hands a running job back to the queue (run_id kept, to resume) when `claimant` still holds it: a runner that pauses or closes. */
export function releaseJob(db: Db, id: number, claimant: string): boolean {
  return prep(db, `UPDATE jobs SET status = 'queued', claimed_by = NULL, claimed_at = NULL WHERE id = ? AND status = 'running' AND claimed_by = ?`)
    .run(id, claimant).changes > 0
}

/** Marks one job cancelled (a running run the runner stopped, or a queued job). */
export function cancelJob(db: Db, id: number): boolean {
  return prep(db, `UPDATE jobs SET status = 'cancelled', claimed_by = NULL WHERE id = ? AND status IN ('queued', 'running')`).run(id).changes > 0
}

/** Puts a sweep's jobs in the given end states (e.g. cancelled, failed) back in the queue, run_id kept; returns how many. */
export function requeueJobs(db: Db, sweepId: number, statuses: readonly JobStatus[]): number {
  if (statuses.length === 0) return 0
  return prep(db, `UPDATE jobs SET status = 'queued', claimed_by = NULL, claimed_at = NULL, error = NULL
    WHERE sweep_id = ? AND status IN (${statuses.map(() => '?').join(', ')})`).run(sweepId, ...statuses).changes
}

/** Puts 'running' jobs whose claimant died back in the queue (run_id kept, so the run can resume); returns their ids.
 *  Same host: the claimant's pid is gone; elsewhere: neither its run's heartbeat nor its claim is newer than staleMs. */
export function requeueDeadJobs(db: Db, staleMs: number): number[] {
  const rows = prep(db, `SELECT j.id, j.claimed_by, COALESCE(r.heartbeat_at, j.claimed_at) AS seen
    FROM jobs j LEFT JOIN runs r ON r.id = j.run_id WHERE j.status = 'running'`).all() as { id: number; claimed_by: string | null; seen: number | null }[]
  const now = Date.now()
  const dead = rows.filter((r) => {
    const { host, pid } = parseClaimant(r.claimed_by)
    return !ownerAlive(host, pid, r.seen, staleMs, now)
  })
  if (dead.length === 0) return []
  const put = prep(db, `UPDATE jobs SET status = 'queued', claimed_by = NULL, claimed_at = NULL WHERE id = ? AND status = 'running' AND claimed_by IS ?`)
  const back: number[] = []
  db.transaction(() => {
    for (const r of dead) if (put.run(r.id, r.claimed_by).changes > 0) back.push(r.id)
  }).immediate()
  return back
}

/** Jobs in queue order, optionally filtered. */
export function listJobs(db: Db, opts: { sweepId?: number; status?: JobStatus } = {}): JobRow[] {
  const where: string[] = []
  const args: unknown[] = []
  if (opts.sweepId !== undefined) (where.push('sweep_id = ?'), args.push(opts.sweepId))
  if (opts.status !== undefined) (where.push('status = ?'), args.push(opts.status))
  const text = `SELECT * FROM jobs ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`
  return (prep(db, text).all(...args) as Record<string, unknown>[]).map(toJob)
}

/** How many jobs are in each status (of one sweep, or all). */
export function jobCounts(db: Db, sweepId?: number): Record<JobStatus, number> {
  const rows = (sweepId === undefined
    ? prep(db, 'SELECT status, COUNT(*) AS n FROM jobs GROUP BY status').all()
    : prep(db, 'SELECT status, COUNT(*) AS n FROM jobs WHERE sweep_id = ? GROUP BY status').all(sweepId)) as { status: JobStatus; n: number }[]
  const out = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>
  for (const r of rows) out[r.status] = r.n
  return out
}
