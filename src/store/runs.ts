// The runs table: create, read, patch, status and ownership (claims), and the sweep that flips runs whose process died to 'interrupted'.
import type { TrainConfig } from '../core/config'
import { ValidationError } from '../core/errors'
import { HOST, ownerAlive } from './liveness'
import { type Db, prep, readJson, toJson } from './sql'

/** Every status a run can have; 'running' is the only one with a live owner. */
export const RUN_STATUSES = ['queued', 'running', 'finished', 'diverged', 'interrupted', 'cancelled', 'failed'] as const
/** A run's lifecycle state. */
export type RunStatus = (typeof RUN_STATUSES)[number]
/** Statuses after which a run no longer trains (finished_at is set on entering one). */
export const TERMINAL_STATUSES: readonly RunStatus[] = ['finished', 'diverged', 'interrupted', 'cancelled', 'failed']

/** One run as callers see it: camelCase fields, JSON columns parsed, times in ms since the epoch. */
export interface RunRow {
  id: number
  createdAt: number
  updatedAt: number
  status: RunStatus
  config: TrainConfig
  /** The group spec (config.group unless told otherwise), denormalized for filtering. */
  groupName: string | null
  seed: number | null
  backend: string | null
  backendVersion: string | null
  startedAt: number | null
  finishedAt: number | null
  epochsDone: number
  totalEpochs: number | null
  msPerStep: number | null
  /** Stage marks (the runner decides the shape, e.g. { I: 0, II: 140, III: 900 }). */
  stages: unknown
  /** Final metrics and anything else the runner sums up. */
  summary: Record<string, unknown> | null
  notes: string | null
  error: string | null
  sweepId: number | null
  ownerPid: number | null
  ownerHost: string | null
  heartbeatAt: number | null
  /** A name beside the id, or null. */
  label: string | null
  /** Tags, sorted. */
  tags: string[]
  /** When the run went to the trash (ms), or null while it is live. */
  deletedAt: number | null
  /** Why part of this row could not be read (a malformed JSON cell, e.g. "config: not valid JSON (…)"), else null.
   *  The other fields are as stored; an unreadable config reads as { group, seed, epochs } from its own columns and
   *  such a run cannot be trained or resumed. */
  unreadable: string | null
}

/** The fields updateRun may change (id and createdAt are fixed; updatedAt is set for you). */
export type RunPatch = Partial<Omit<RunRow, 'id' | 'createdAt' | 'updatedAt' | 'unreadable' | 'tags' | 'deletedAt'>>

/** Options for createRun; seed and groupName default to the config's. */
export interface CreateRunOptions {
  status?: RunStatus
  sweepId?: number | null
  seed?: number
  groupName?: string
  notes?: string
}

/** Filters for listRuns; newest first. */
export interface ListRunsOptions {
  status?: RunStatus | RunStatus[]
  sweepId?: number
  /** Only runs carrying this tag. */
  tag?: string
  /** true: only the trash; false or absent: only live runs. */
  trashed?: boolean
  /** Free text, case-insensitive, over the config JSON and the label. */
  q?: string
  limit?: number
  offset?: number
  /** true: leave `stages` unread (null), for lists that show no stage marks: parsing them was a third of a 10,000-run list's JSON. */
  lean?: boolean
}

const COLUMN: Record<keyof RunPatch, string> = {
  status: 'status', config: 'config', groupName: 'group_name', seed: 'seed', backend: 'backend',
  backendVersion: 'backend_version', startedAt: 'started_at', finishedAt: 'finished_at', epochsDone: 'epochs_done',
  totalEpochs: 'total_epochs', msPerStep: 'ms_per_step', stages: 'stages', summary: 'summary', notes: 'notes',
  error: 'error', sweepId: 'sweep_id', ownerPid: 'owner_pid', ownerHost: 'owner_host', heartbeatAt: 'heartbeat_at', label: 'label',
}
const JSON_FIELDS = new Set<keyof RunPatch>(['config', 'stages', 'summary'])

// every run column plus its tags as one JSON array (NULL when it has none)
const WITH_TAGS = `runs.*, (SELECT json_group_array(tag) FROM run_tags WHERE run_id = runs.id) AS tags`

function toRow(r: Record<string, unknown>, tagList?: string[], lean = false): RunRow {
  // read defensively: one malformed cell makes this run unreadable (with the reason), never the whole listing
  const config = readJson<TrainConfig>(r.config, 'config')
  const stages = lean ? { value: null, error: null } : readJson<unknown>(r.stages, 'stages')
  const summary = readJson<Record<string, unknown>>(r.summary, 'summary')
  const configError = config.error ?? (typeof config.value === 'object' && config.value !== null ? null : 'config: not a JSON object')
  const problems = [configError, stages.error, summary.error].filter((e) => e !== null)
  return {
    id: r.id as number, createdAt: r.created_at as number, updatedAt: r.updated_at as number,
    status: r.status as RunStatus,
    config: configError === null ? config.value! : ({ group: r.group_name, seed: r.seed, epochs: r.total_epochs } as unknown as TrainConfig),
    groupName: r.group_name as string | null, seed: r.seed as number | null,
    backend: r.backend as string | null, backendVersion: r.backend_version as string | null,
    startedAt: r.started_at as number | null, finishedAt: r.finished_at as number | null,
    epochsDone: r.epochs_done as number, totalEpochs: r.total_epochs as number | null, msPerStep: r.ms_per_step as number | null,
    stages: stages.value, summary: summary.value,
    notes: r.notes as string | null, error: r.error as string | null, sweepId: r.sweep_id as number | null,
    ownerPid: r.owner_pid as number | null, ownerHost: r.owner_host as string | null, heartbeatAt: r.heartbeat_at as number | null,
    label: (r.label as string | null) ?? null, deletedAt: (r.deleted_at as number | null) ?? null,
    tags: (tagList ?? (typeof r.tags === 'string' && r.tags ? (JSON.parse(r.tags) as string[]) : [])).sort(),
    unreadable: problems.length ? problems.join('; ') : null,
  }
}

function checkStatus(status: string): asserts status is RunStatus {
  if (!(RUN_STATUSES as readonly string[]).includes(status)) throw new ValidationError('status', `must be one of ${RUN_STATUSES.join(', ')} (got ${JSON.stringify(status)})`)
}

/** The owner/timestamp columns that entering `status` implies: queued and running name this process as their owner (the
 *  one that will train or trains the run), terminal states let go. */
function statusFields(status: RunStatus, now: number): RunPatch {
  if (status === 'running' || status === 'queued') return { status, ownerPid: process.pid, ownerHost: HOST, heartbeatAt: now, finishedAt: null }
  return { status, ownerPid: null, ownerHost: null, finishedAt: now }
}

/** Inserts a run and returns its id; a run created as 'queued' or 'running' is owned (claimed) by this process. */
export function createRun(db: Db, config: TrainConfig, opts: CreateRunOptions = {}): number {
  const status = opts.status ?? 'queued'
  checkStatus(status)
  const now = Date.now()
  const s = statusFields(status, now)
  const info = prep(db, `INSERT INTO runs (created_at, updated_at, status, config, group_name, seed, backend, total_epochs, notes,
      sweep_id, owner_pid, owner_host, heartbeat_at, started_at, finished_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    now, now, status, JSON.stringify(config), opts.groupName ?? config.group, opts.seed ?? config.seed, config.backend,
    config.epochs, opts.notes ?? null, opts.sweepId ?? null, s.ownerPid ?? null, s.ownerHost ?? null, s.heartbeatAt ?? null,
    status === 'running' ? now : null, s.finishedAt ?? null,
  )
  return Number(info.lastInsertRowid)
}

/** One run, or null when there is none with that id. */
export function getRun(db: Db, id: number): RunRow | null {
  const r = prep(db, `SELECT ${WITH_TAGS} FROM runs WHERE id = ?`).get(id) as Record<string, unknown> | undefined
  return r ? toRow(r) : null
}

/** Runs matching the filters, newest first. */
export function listRuns(db: Db, opts: ListRunsOptions = {}): RunRow[] {
  const where: string[] = []
  const args: unknown[] = []
  if (opts.status !== undefined) {
    const list = Array.isArray(opts.status) ? opts.status : [opts.status]
    list.forEach(checkStatus)
    where.push(`status IN (${list.map(() => '?').join(', ') || 'NULL'})`)
    args.push(...list)
  }
  if (opts.sweepId !== undefined) {
    where.push('sweep_id = ?')
    args.push(opts.sweepId)
  }
  if (opts.tag !== undefined) {
    where.push('id IN (SELECT run_id FROM run_tags WHERE tag = ?)')
    args.push(opts.tag)
  }
  where.push(opts.trashed ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL')
  if (opts.q !== undefined && opts.q.trim() !== '') {
    // LIKE is case-insensitive for ASCII; % and _ in the text are matched literally
    const like = `%${opts.q.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`
    where.push(`(config LIKE ? ESCAPE '\\' OR label LIKE ? ESCAPE '\\')`)
    args.push(like, like)
  }
  const text = `SELECT * FROM runs ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ? OFFSET ?`
  args.push(opts.limit ?? -1, opts.offset ?? 0)
  const rows = prep(db, text).all(...args) as Record<string, unknown>[]
  // the tags of every listed run in one query: a tags subquery per row cost ~25 µs a run (a quarter second at 10,000)
  const tags = new Map<number, string[]>()
  if (rows.length) {
    const pairs = prep(db, 'SELECT run_id, tag FROM run_tags WHERE run_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(rows.map((r) => r.id))) as { run_id: number; tag: string }[]
    for (const p of pairs) {
      const list = tags.get(p.run_id)
      if (list) list.push(p.tag)
      else tags.set(p.run_id, [p.tag])
    }
  }
  return rows.map((r) => toRow(r, tags.get(r.id as number) ?? [], opts.lean))
}

/** Writes the given fields (and updated_at); returns false when the run does not exist. */
export function updateRun(db: Db, id: number, patch: RunPatch): boolean {
  const sets: string[] = ['updated_at = ?']
  const args: unknown[] = [Date.now()]
  for (const [k, v] of Object.entries(patch) as [keyof RunPatch, unknown][]) {
    if (v === undefined) continue
    const col = COLUMN[k]
    if (!col) throw new ValidationError(String(k), 'is not a run field that can be updated')
    if (k === 'status') checkStatus(v as string)
    sets.push(`${col} = ?`)
    args.push(JSON_FIELDS.has(k) ? toJson(v) : v)
  }
  return prep(db, `UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...args, id).changes > 0
}

/** Moves a run to `status`: 'queued' and 'running' take ownership for this process ('running' sets started_at once);
 *  a terminal status sets finished_at and clears the owner. `error` is stored when given. To take a run that another
 *  process may hold, use claimRun. */
export function setStatus(db: Db, id: number, status: RunStatus, error?: string | null): boolean {
  checkStatus(status)
  const now = Date.now()
  const patch: RunPatch = { ...statusFields(status, now) }
  if (error !== undefined) patch.error = error
  return db.transaction(() => {
    const run = getRun(db, id)
    if (!run) return false
    if (status === 'running' && run.startedAt === null) patch.startedAt = now
    return updateRun(db, id, patch)
  }).immediate()
}

/** Records that this run's owner is alive now. */
export function heartbeat(db: Db, id: number): void {
  const now = Date.now()
  prep(db, 'UPDATE runs SET heartbeat_at = ?, updated_at = ? WHERE id = ?').run(now, now, id)
}

/** Claims run `id` for this process to train. One IMMEDIATE transaction (so of two processes claiming at once exactly one
 *  wins) checks that no live owner holds it, then makes it 'queued' with this process as owner and a fresh heartbeat.
 *  A dead owner's claim (pid gone on this host; elsewhere, no heartbeat for staleMs) is taken over; this process may
 *  re-claim a run it holds queued. Throws ValidationError('id', …): no such run, unreadable, finished, or held. */
export function claimRun(db: Db, id: number, staleMs: number): RunRow {
  return db.transaction(() => {
    const run = getRun(db, id)
    if (!run) throw new ValidationError('id', `no run ${id}`)
    if (run.unreadable) throw new ValidationError('id', `run ${id} cannot be trained: its row is unreadable (${run.unreadable})`)
    if (run.status === 'finished') throw new ValidationError('id', `run ${id} already finished`)
    const held = run.status === 'queued' || run.status === 'running'
    const mineQueued = run.status === 'queued' && run.ownerHost === HOST && run.ownerPid === process.pid
    if (held && !mineQueued && ownerAlive(run.ownerHost, run.ownerPid, run.heartbeatAt ?? run.updatedAt, staleMs)) {
      const who = run.ownerPid === null ? 'another process' : `pid ${run.ownerPid}${run.ownerHost === HOST ? '' : ` on ${run.ownerHost}`}`
      throw new ValidationError('id', `run ${id} is already ${run.status === 'running' ? 'training' : 'queued to train'} (${who})`)
    }
    updateRun(db, id, statusFields('queued', Date.now()))
    return getRun(db, id)!
  }).immediate()
}

/** Ends this process's claim on a run it will not (or can no longer) train: a 'queued' or 'running' run that this process
 *  owns moves to `status` (with `error` when given); a run someone else holds, or that already ended, is left alone. */
export function releaseRun(db: Db, id: number, status: 'interrupted' | 'cancelled' | 'failed', error?: string): boolean {
  const now = Date.now()
  return prep(db, `UPDATE runs SET status = ?, error = COALESCE(?, error), finished_at = ?, updated_at = ?, owner_pid = NULL, owner_host = NULL
    WHERE id = ? AND status IN ('queued', 'running') AND owner_pid = ? AND owner_host = ?`)
    .run(status, error ?? null, now, now, id, process.pid, HOST).changes > 0
}

/** Flips 'queued' and 'running' runs whose owner is gone to 'interrupted' and returns their ids. Same host: the pid no
 *  longer exists; other hosts (or no pid): no heartbeat for staleMs. A queued run's owner is the process that was to
 *  train it; nobody else will, so it is interrupted too (resumable), not left queued forever. The UPDATE re-checks the
 *  owner, so a run just claimed or resumed elsewhere is left alone. */
export function markInterrupted(db: Db, staleMs: number): number[] {
  const rows = prep(db, `SELECT id, status, owner_pid, owner_host, COALESCE(heartbeat_at, updated_at) AS seen FROM runs WHERE status IN ('queued', 'running')`)
    .all() as { id: number; status: RunStatus; owner_pid: number | null; owner_host: string | null; seen: number | null }[]
  const now = Date.now()
  const dead = rows.filter((r) => !ownerAlive(r.owner_host, r.owner_pid, r.seen, staleMs, now))
  if (dead.length === 0) return []
  const flip = prep(db, `UPDATE runs SET status = 'interrupted', finished_at = ?, updated_at = ?, owner_pid = NULL, owner_host = NULL
    WHERE id = ? AND status = ? AND owner_pid IS ? AND owner_host IS ?`)
  const flipped: number[] = []
  db.transaction(() => {
    for (const r of dead) if (flip.run(now, now, r.id, r.status, r.owner_pid, r.owner_host).changes > 0) flipped.push(r.id)
  }).immediate()
  return flipped
}

/** Moves a run to the trash (deleted_at = now); everything it owns stays. False when there is no such live run. */
export function trashRun(db: Db, id: number): boolean {
  const now = Date.now()
  return prep(db, 'UPDATE runs SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL').run(now, now, id).changes > 0
}

/** Takes a run out of the trash, as it was. False when it is not in the trash. */
export function restoreRun(db: Db, id: number): boolean {
  return prep(db, 'UPDATE runs SET deleted_at = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NOT NULL').run(Date.now(), id).changes > 0
}

/** Deletes every trashed run for good (CASCADE takes metrics, split, checkpoints, resume state, spectra, tags); returns
 *  how many. */
export function emptyTrash(db: Db): number {
  return prep(db, 'DELETE FROM runs WHERE deleted_at IS NOT NULL').run().changes
}

/** Normalizes one tag: trimmed, non-empty, at most MAX_TAG characters. */
export function checkTag(tag: string): string {
  const t = tag.trim()
  if (t === '' || t.length > MAX_TAG) throw new ValidationError('tags', `a tag must be 1 to ${MAX_TAG} characters (got ${JSON.stringify(tag)})`)
  return t
}
/** The longest tag. */
export const MAX_TAG = 64

/** Replaces a run's tags (trimmed, deduplicated); false when there is no such run. */
export function setTags(db: Db, id: number, tags: readonly string[]): boolean {
  const clean = [...new Set(tags.map(checkTag))]
  return db.transaction(() => {
    if (!prep(db, 'SELECT 1 FROM runs WHERE id = ?').get(id)) return false
    prep(db, 'DELETE FROM run_tags WHERE run_id = ?').run(id)
    const add = prep(db, 'INSERT INTO run_tags (run_id, tag) VALUES (?, ?)')
    for (const t of clean) add.run(id, t)
    prep(db, 'UPDATE runs SET updated_at = ? WHERE id = ?').run(Date.now(), id)
    return true
  }).immediate()
}

/** Every tag in use with how many live runs carry it, by name. */
export function listTags(db: Db): { tag: string; runs: number }[] {
  return prep(db, `SELECT tag, COUNT(*) AS runs FROM run_tags JOIN runs ON runs.id = run_id WHERE deleted_at IS NULL GROUP BY tag ORDER BY tag`)
    .all() as { tag: string; runs: number }[]
}

/** Deletes a run for good; its metrics, split, checkpoints, resume state and spectra go with it (ON DELETE CASCADE). */
export function deleteRun(db: Db, id: number): boolean {
  return prep(db, 'DELETE FROM runs WHERE id = ?').run(id).changes > 0
}
