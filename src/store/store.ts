// The Store class: opens and migrates the database (WAL, several writers), then exposes each table module as typed methods.
import Database from 'better-sqlite3'
import type { TrainConfig } from '../core/config'
import { ValidationError } from '../core/errors'
import * as artifacts from './artifacts'
import * as censuses from './censuses'
import * as jobs from './jobs'
import { STALE_MS } from './liveness'
import * as metrics from './metrics'
import * as notes from './notes'
import { migrate, SCHEMA_VERSION } from './migrations'
import { nativeModuleError, sqliteBinding } from './nativeBinding'
import { backupBeforeMigration, backupDatabase, type BackupResult } from './backup'
import { checkDbPath, checkSharedDbPath, defaultDbPath, ensureParentDir, readOnlyReason } from './paths'
import { damagedError, isDamage, preflight } from './preflight'
import * as runs from './runs'
import { mergeShard, type ShardMergeResult } from './shardMerge'
import type { Db } from './sql'
import type { StoredTensor } from './tensors'

/** Options for openStore. */
export interface OpenOptions {
  /** How long a run or job on another host may go without a heartbeat before it counts as dead (default STALE_MS). */
  staleMs?: number
  /** Other threads or processes will open this path too (a runner's workers): refuses ':memory:', which they cannot share. */
  shared?: boolean
  /** Run PRAGMA quick_check before using the file (default true; a worker whose host already checked may skip it). */
  check?: boolean
  /** A better-sqlite3 native module built for this runtime (default: $LI2_SQLITE_BINDING, else node_modules' own). */
  nativeBinding?: string
  /** Open for reading only (browsing a store on a read-only disk or a copy): nothing is migrated, marked or written, and
   *  `readOnly` says why. A store whose file or folder is not writable opens this way without asking. */
  readOnly?: boolean
  /** Caps the file at this many pages (PRAGMA max_page_count, this connection): a quota, or a test's full disk. */
  maxPages?: number
}

/** Opens (creating and migrating as needed) the experiment database: `path` or defaultDbPath(), whose folder is created.
 *  Before anything is written it checks, throwing ValidationError('db', …) with the path and leaving the file as it was:
 *  the path (paths.ts), that the file is a new one or ours and not newer than this code, and (quick_check) that it is
 *  not damaged (preflight.ts).
 *  Then: WAL, migrations; runs left queued or running by dead processes become 'interrupted', their sweep jobs queued. */
export function openStore(path?: string, opts: OpenOptions = {}): Store {
  const given = path ?? defaultDbPath()
  const roReason = opts.readOnly ? `${given} was opened read-only` : readOnlyReason(given)
  const file = checkDbPath(given, path === undefined, roReason !== null)
  if (opts.shared) checkSharedDbPath(file)
  if (roReason === null) ensureParentDir(file)
  let db: Db
  const binding = sqliteBinding(opts.nativeBinding)
  try {
    db = new Database(file, { timeout: 5000, readonly: roReason !== null, ...(binding ? { nativeBinding: binding } : {}) })
  } catch (e) {
    throw nativeModuleError(e, binding) ?? new ValidationError('db', `cannot open ${file}: ${(e as Error).message}`)
  }
  try {
    db.pragma('busy_timeout = 5000') // several processes (worker threads, CLIs) write at once; wait for the lock, don't fail
    const found = preflight(db, SCHEMA_VERSION, opts.check !== false) // reads only: a foreign, newer or damaged file stays byte-identical
    if (roReason !== null) {
      if (found.kind !== 'li2' || found.version < SCHEMA_VERSION) {
        throw new ValidationError('db', `${file} has schema v${found.version}, older than this Li2 Lab's (v${SCHEMA_VERSION}), and ${roReason.replace(`${file} `, '')}, so it cannot be upgraded; nothing was changed. Open it where it can be written, or open a writable copy`)
      }
    } else {
      db.pragma('journal_mode = WAL') // readers never block the writer; a killed writer loses only its open transaction
      db.pragma('synchronous = NORMAL') // safe with WAL: a power cut may drop the last commits, a killed process loses none
      db.pragma('foreign_keys = ON')
      // a rolling copy before each upgrade: a migration that goes wrong, or a downgrade of the app, can go back to it
      if (found.kind === 'li2' && found.version < SCHEMA_VERSION && file !== ':memory:') backupBeforeMigration(db, file, found.version)
      migrate(db)
      if (opts.maxPages) db.pragma(`max_page_count = ${Math.max(1, Math.floor(opts.maxPages))}`)
    }
  } catch (e) {
    db.close()
    if (e instanceof ValidationError) throw e
    if (isDamage(e)) throw damagedError(file, (e as Error).message)
    throw new ValidationError('db', `cannot use ${file} as the Li2 database: ${(e as Error).message}`)
  }
  const store = new Store(db, file, opts.staleMs ?? STALE_MS, roReason)
  if (roReason === null) {
    store.markInterrupted()
    store.requeueDeadJobs()
  }
  return store
}

/** The experiment store: runs, metrics, splits, checkpoints, resume state, spectra, sweeps and jobs. One per process/thread. */
export class Store {
  /** Use openStore; the constructor takes an already configured connection. */
  constructor(private readonly db: Db, readonly path: string, readonly staleMs: number = STALE_MS,
    /** Why this store cannot be written (opened read-only), or null. */
    readonly readOnly: string | null = null) {}

  /** An online backup of this store into `dest` (not an existing file unless `force`), safe while others write. */
  backup(dest: string, force = false): Promise<BackupResult> {
    return backupDatabase(this.db, dest, force)
  }

  /** Closes the connection (the WAL is checkpointed by SQLite when the last connection closes). */
  close(): void {
    this.db.close()
  }

  /** Whether the connection is still open. */
  get open(): boolean {
    return this.db.open
  }

  // runs

  /** Creates a run and returns its id (status defaults to 'queued'; 'queued' and 'running' make this process its owner). */
  createRun(config: TrainConfig, opts: runs.CreateRunOptions = {}): number {
    return runs.createRun(this.db, config, opts)
  }

  /** One run (after flipping dead owners' runs to 'interrupted'), or null. */
  getRun(id: number): runs.RunRow | null {
    this.markInterrupted()
    return runs.getRun(this.db, id)
  }

  /** Runs matching the filters, newest first (after flipping dead owners' runs to 'interrupted'). */
  listRuns(opts: runs.ListRunsOptions = {}): runs.RunRow[] {
    this.markInterrupted()
    return runs.listRuns(this.db, opts)
  }

  /** Writes the given run fields; false when the run does not exist. */
  updateRun(id: number, patch: runs.RunPatch): boolean {
    return runs.updateRun(this.db, id, patch)
  }

  /** Moves a run to a status ('running' takes ownership for this process; terminal statuses set finished_at). */
  setStatus(id: number, status: runs.RunStatus, error?: string | null): boolean {
    return runs.setStatus(this.db, id, status, error)
  }

  /** Claims run `id` for this process to train (atomic; a dead owner's claim is taken over): it becomes 'queued', owned
   *  by this process. Throws ValidationError('id', "run N is already training (pid P)") and the like. */
  claimRun(id: number): runs.RunRow {
    return runs.claimRun(this.db, id, this.staleMs)
  }

  /** Ends this process's claim on a queued or running run it will not train: it becomes `status`; false if not ours. */
  releaseRun(id: number, status: 'interrupted' | 'cancelled' | 'failed', error?: string): boolean {
    return runs.releaseRun(this.db, id, status, error)
  }

  /** Records that the owner of run `id` is alive now. */
  heartbeat(id: number): void {
    runs.heartbeat(this.db, id)
  }

  /** Flips 'queued' and 'running' runs whose owner is gone to 'interrupted'; returns their ids. */
  markInterrupted(): number[] {
    if (this.readOnly) return [] // only a writer may change another process's runs; a reader shows them as stored
    return runs.markInterrupted(this.db, this.staleMs)
  }

  /** Deletes a run and everything it owns, for good (the trash is trashRun). */
  deleteRun(id: number): boolean {
    return runs.deleteRun(this.db, id)
  }

  /** Moves a live run to the trash; all it owns stays. False when there is no such live run. */
  trashRun(id: number): boolean {
    return runs.trashRun(this.db, id)
  }

  /** Takes a run out of the trash, as it was. False when it is not in the trash. */
  restoreRun(id: number): boolean {
    return runs.restoreRun(this.db, id)
  }

  /** Deletes every trashed run for good; returns how many. */
  emptyTrash(): number {
    return runs.emptyTrash(this.db)
  }

  /** Replaces a run's tags (trimmed, deduplicated). */
  setTags(id: number, tags: readonly string[]): boolean {
    return runs.setTags(this.db, id, tags)
  }

  /** Every tag on a live run, with counts. */
  listTags(): { tag: string; runs: number }[] {
    return runs.listTags(this.db)
  }

  /** Sets (or, with null or blank, clears) a run's label. */
  setLabel(id: number, label: string | null): boolean {
    const l = label?.trim() || null
    return runs.updateRun(this.db, id, { label: l })
  }

  /** Replaces a run's notes. */
  setNotes(id: number, notes: string | null): boolean {
    return runs.updateRun(this.db, id, { notes })
  }

  // metrics

  /** Appends (merges) a batch of epochs in one transaction. */
  appendMetrics(runId: number, rows: readonly metrics.MetricRow[]): void {
    metrics.appendMetrics(this.db, runId, rows)
  }

  /** A run's metrics column-wise for plotting. */
  getMetrics(runId: number, q: metrics.MetricQuery = {}): metrics.MetricSeries {
    return metrics.getMetrics(this.db, runId, q)
  }
  /** The first stored epoch where `column` ≥ `value`, or null. */
  firstEpochAtLeast(runId: number, column: metrics.MetricColumn, value: number): number | null {
    return metrics.firstEpochAtLeast(this.db, runId, column, value)
  }

  /** Many runs' final metrics and first epochs at test-accuracy thresholds, in one query (lists). */
  finalMetricsMany(runIds: readonly number[], thresholds: readonly number[]): Map<number, metrics.FinalMetricsRow> {
    return metrics.finalMetricsMany(this.db, runIds, thresholds)
  }

  /** The last epoch with metrics, or null. */
  lastMetricEpoch(runId: number): number | null {
    return metrics.lastMetricEpoch(this.db, runId)
  }

  /** Deletes metrics after `epoch` (resume); returns the count. */
  truncateMetricsAfter(runId: number, epoch: number): number {
    return metrics.truncateMetricsAfter(this.db, runId, epoch)
  }

  // splits, checkpoints, resume state, spectra

  /** Stores a run's split (sample indices). */
  saveSplit(runId: number, split: artifacts.StoredSplit): void {
    artifacts.saveSplit(this.db, runId, split)
  }

  /** A run's split, or null. */
  getSplit(runId: number): artifacts.StoredSplit | null {
    return artifacts.getSplit(this.db, runId)
  }

  /** Stores the weights at `epoch`. */
  saveCheckpoint(runId: number, epoch: number, tensors: Record<string, StoredTensor>): void {
    artifacts.saveCheckpoint(this.db, runId, epoch, tensors)
  }

  /** Epochs with a weight checkpoint, ascending. */
  listCheckpoints(runId: number): number[] {
    return artifacts.listCheckpoints(this.db, runId)
  }

  /** The checkpoint at `epoch` or the latest, or null. */
  getCheckpoint(runId: number, epoch: number | 'latest'): artifacts.Checkpoint | null {
    return artifacts.getCheckpoint(this.db, runId, epoch)
  }

  /** Overwrites the run's resume state (tensors + JSON meta). */
  saveResumeState(runId: number, epoch: number, tensors: Record<string, StoredTensor>, meta: unknown): void {
    artifacts.saveResumeState(this.db, runId, epoch, tensors, meta)
  }

  /** The run's resume state, or null. */
  getResumeState(runId: number): artifacts.StoredResumeState | null {
    return artifacts.getResumeState(this.db, runId)
  }

  /** Drops the run's resume state. */
  deleteResumeState(runId: number): boolean {
    return artifacts.deleteResumeState(this.db, runId)
  }

  /** Stores the spectra at `epoch`. */
  saveSpectra(runId: number, epoch: number, data: unknown): void {
    artifacts.saveSpectra(this.db, runId, epoch, data)
  }

  /** The spectra at `epoch` or the latest, or null. */
  getSpectra<T = unknown>(runId: number, epoch: number | 'latest'): { epoch: number; data: T } | null {
    return artifacts.getSpectra<T>(this.db, runId, epoch)
  }

  /** Epochs with spectra, ascending. */
  listSpectraEpochs(runId: number): number[] {
    return artifacts.listSpectraEpochs(this.db, runId)
  }

  // sweeps and jobs

  /** Creates a sweep (unique name) and returns its id. */
  createSweep(name: string, spec: unknown): number {
    return jobs.createSweep(this.db, name, spec)
  }

  /** A sweep by id or name, or null. */
  getSweep(idOrName: number | string): jobs.SweepRow | null {
    return jobs.getSweep(this.db, idOrName)
  }

  /** Every sweep, newest first. */
  listSweeps(): jobs.SweepRow[] {
    return jobs.listSweeps(this.db)
  }

  /** Deletes a sweep and its jobs (its runs stay). */
  deleteSweep(id: number): boolean {
    return jobs.deleteSweep(this.db, id)
  }

  /** Enqueues configs, skipping keys already present. */
  enqueueJobs(items: readonly { config: TrainConfig; key?: string }[], sweepId: number | null = null): jobs.EnqueueResult {
    return jobs.enqueueJobs(this.db, items, sweepId)
  }

  /** Atomically claims the next queued job, or null. */
  claimJob(claimant?: string, sweepId?: number): jobs.JobRow | null {
    return jobs.claimJob(this.db, claimant, sweepId)
  }

  /** Links a job to its run. */
  setJobRun(id: number, runId: number): void {
    jobs.setJobRun(this.db, id, runId)
  }

  /** Marks a job done. */
  finishJob(id: number, runId?: number): void {
    jobs.finishJob(this.db, id, runId)
  }

  /** Marks a job failed. */
  failJob(id: number, error: string): void {
    jobs.failJob(this.db, id, error)
  }

  /** Cancels queued jobs (of a sweep, or all). */
  cancelQueuedJobs(sweepId?: number): number {
    return jobs.cancelQueuedJobs(this.db, sweepId)
  }

  /** Hands a running job held by `claimant` back to the queue (its run resumes later). */
  releaseJob(id: number, claimant: string): boolean {
    return jobs.releaseJob(this.db, id, claimant)
  }

  /** Marks one queued or running job cancelled. */
  cancelJob(id: number): boolean {
    return jobs.cancelJob(this.db, id)
  }

  /** Requeues a sweep's jobs in the given statuses (e.g. cancelled, failed); returns how many. */
  requeueJobs(sweepId: number, statuses: readonly jobs.JobStatus[]): number {
    return jobs.requeueJobs(this.db, sweepId, statuses)
  }

  /** Requeues running jobs whose claimant is dead; returns their ids. */
  requeueDeadJobs(): number[] {
    if (this.readOnly) return []
    return jobs.requeueDeadJobs(this.db, this.staleMs)
  }

  /** Jobs in queue order, optionally filtered. */
  listJobs(opts: { sweepId?: number; status?: jobs.JobStatus } = {}): jobs.JobRow[] {
    return jobs.listJobs(this.db, opts)
  }

  /** Job counts per status. */
  jobCounts(sweepId?: number): Record<jobs.JobStatus, number> {
    return jobs.jobCounts(this.db, sweepId)
  }

  // energy censuses

  /** Stores a new running census owned by this process; returns its id. */
  createCensus(c: { groupName: string; inputs: unknown; total: number }): number {
    return censuses.createCensus(this.db, c)
  }

  /** One census (after marking those of dead processes failed), or null. */
  getCensus(id: number): censuses.CensusRow | null {
    if (!this.readOnly) censuses.markOrphanCensuses(this.db, this.staleMs)
    return censuses.getCensus(this.db, id)
  }

  /** Every census, newest first (after marking those of dead processes failed). */
  listCensuses(limit?: number): censuses.CensusRow[] {
    if (!this.readOnly) censuses.markOrphanCensuses(this.db, this.staleMs)
    return censuses.listCensuses(this.db, limit)
  }

  /** Records a running census's restarts done. */
  setCensusProgress(id: number, done: number): void {
    censuses.setCensusProgress(this.db, id, done)
  }

  /** Stores a census's outcome; false when it was no longer running. */
  finishCensus(id: number, out: { result: unknown; scan: unknown; weights: unknown }): boolean {
    return censuses.finishCensus(this.db, id, out)
  }

  /** Ends a running census as failed or cancelled; false when it was not running. */
  endCensus(id: number, status: 'failed' | 'cancelled', error?: string | null): boolean {
    return censuses.endCensus(this.db, id, status, error)
  }

  /** A census's maximisers, or null. */
  getCensusWeights(id: number): number[][] | null {
    return censuses.getCensusWeights(this.db, id)
  }

  /** Deletes a census for good. */
  deleteCensus(id: number): boolean {
    return censuses.deleteCensus(this.db, id)
  }

  /** Merges a Slurm task's shard store (a file) into sweep `sweepId`: its finished runs and all they own; a second merge is a no-op. */
  mergeShard(shardPath: string, sweepId: number, identity: string): ShardMergeResult {
    return mergeShard(this.db, shardPath, sweepId, identity)
  }

  // the lab notebook

  /** Stores a notebook entry; returns its id. */
  createNote(n: notes.NoteInput): number {
    return notes.createNote(this.db, n)
  }

  /** Replaces a notebook entry's content; false when there is none. */
  updateNote(id: number, n: notes.NoteInput): boolean {
    return notes.updateNote(this.db, id, n)
  }

  /** Deletes a notebook entry; false when there was none. */
  deleteNote(id: number): boolean {
    return notes.deleteNote(this.db, id)
  }

  /** One notebook entry, or null. */
  getNote(id: number): notes.NoteRow | null {
    return notes.getNote(this.db, id)
  }

  /** Notebook entries matching a full-text query, topic and tag (with snippets when searched). */
  listNotes(f: { q?: string; topic?: string; tag?: string; limit?: number } = {}): notes.NoteHit[] {
    return notes.listNotes(this.db, f)
  }

  /** The notebook entries that embed run `runId`. */
  notesOfRun(runId: number): { id: number; title: string }[] {
    return notes.notesOfRun(this.db, runId)
  }

  /** Topics and tags in use in the notebook, with counts. */
  noteFacets(): ReturnType<typeof notes.noteFacets> {
    return notes.noteFacets(this.db)
  }
}
