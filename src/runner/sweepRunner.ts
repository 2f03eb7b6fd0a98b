/** Sweeps on the persisted job queue: enqueue a spec's runs as jobs, claim them atomically into the Runner's worker pool,
 *  requeue dead claimants' jobs and resume their runs from checkpoints, with pause, resume, cancel and progress events. */
import { EventEmitter } from 'node:events'
import { stackKey } from '../core/batched/session'
import { ValidationError } from '../core/errors'
import { claimantId, configHash, openStore, type JobRow, type Store } from '../store'
import { type EtaRun, sweepEta } from './eta'
import { epochCostMs, PARALLEL_EFFICIENCY } from './presets'
import { Runner, type RunEnd } from './runner'
import { expandSpec, type SweepSpec } from './sweepSpec'
import type { JobProgress } from './trainJob'

/** What enqueueSweep did. */
export interface EnqueuedSweep {
  sweepId: number
  name: string
  /** Runs in the spec. */
  total: number
  /** New jobs, jobs already present (any sweep; skipped), and this sweep's cancelled/failed jobs put back in the queue. */
  added: number
  skipped: number
  requeued: number
}

/** A sweep's name: its own, or one derived from the spec's hash (so the same unnamed spec maps to the same sweep). */
export function sweepName(spec: SweepSpec): string {
  return spec.name ?? `sweep-${configHash(spec).slice(0, 10)}`
}

/** Validates and expands a spec (nothing stored on error), then stores the sweep (or reuses the one with that name and the
 *  same spec) and enqueues its runs; configs already run or queued are skipped (dedupe by config hash). */
export function enqueueSweep(store: Store, spec: SweepSpec): EnqueuedSweep {
  const items = expandSpec(spec)
  const name = sweepName(spec)
  const existing = store.getSweep(name)
  if (existing && configHash(existing.spec) !== configHash(spec)) {
    throw new ValidationError('name', `a sweep named ${JSON.stringify(name)} already exists with a different spec (rename it)`)
  }
  const sweepId = existing?.id ?? store.createSweep(name, spec)
  const requeued = store.requeueJobs(sweepId, ['cancelled', 'failed'])
  const r = store.enqueueJobs(items.map((it) => ({ config: it.config })), sweepId)
  return { sweepId, name, total: items.length, added: r.added.length, skipped: r.skipped.length, requeued }
}

/** Options for a SweepRunner. */
export interface SweepRunnerOptions {
  dbPath: string
  /** Pool size (default one per core); ignored when `runner` is given. */
  workers?: number
  workerEntry?: string | URL
  /** Share a Runner (e.g. the service's); default: a new one owned (and closed) by this SweepRunner. */
  runner?: Runner
  /** How often dead claimants are looked for (ms). */
  requeueEveryMs?: number
  /** Most runs trained as one stack on a worker (issue 16): consecutive queued jobs whose configs share a task shape
   *  (they differ only in seed, lr, wd or init scale) are stacked. 1 turns stacking off. Default: AUTO_BATCH once a run
   *  of the sweep trains on a GPU backend, else 1 (see STACKS_ON). */
  batch?: number
}

/** Default stack size of a sweep on a GPU backend, where per-kernel dispatch dominates small models. */
export const AUTO_BATCH = 8
/** Backends a sweep stacks on by default. On the CPU backends a stack is no faster in wall time (bench sweep: Z_23
 *  K 512, 24 runs on 1 worker, 2680 runs/hour stacked by 8 vs 3176 one by one): the step is arithmetic, and a stack's
 *  tensors outgrow the caches. */
export const STACKS_ON: readonly string[] = ['webgpu', 'tensorflow-gpu']

/** Progress of one sweep, emitted after every job end and (throttled) on run progress. */
export interface SweepProgress {
  sweepId: number
  total: number
  done: number
  failed: number
  cancelled: number
  queued: number
  running: number
  /** Latest progress of this runner's runs in flight for the sweep. */
  active: JobProgress[]
  /** Estimated time to finish: the cost model over the runs left, corrected by the speed this runner measured (runner/eta). */
  etaMs: number | null
}

/** How a job ended in this runner. */
export interface JobEnd { jobId: number; runId: number; sweepId: number | null; status: RunEnd['status']; error?: string }

/** Events: 'progress' (sweep), 'runProgress' (one run), 'jobEnd'. */
export interface SweepRunnerEvents {
  progress: [SweepProgress]
  runProgress: [JobProgress]
  jobEnd: [JobEnd]
}

interface Flight { job: JobRow; latest: JobProgress | null; from: number }

/** Feeds claimed jobs to a Runner, one per free worker. Several SweepRunners (processes) may share one database. */
export class SweepRunner extends EventEmitter<SweepRunnerEvents> {
  readonly store: Store
  readonly runner: Runner
  /** This process's claimant id, written to jobs.claimed_by. */
  readonly claimant = claimantId('sweep')
  private readonly ownRunner: boolean
  private active: number[] = []
  private paused = new Set<number>()
  private flights = new Map<number, Flight>()
  private waiters = new Map<number, (() => void)[]>()
  private orphans = new Map<number, Map<string, number>>()
  private started = new Map<number, { t0: number; done: number }>()
  /** Runs of each sweep that ended in this runner, for the ETA's measured speed and budget share. */
  private ended = new Map<number, EtaRun[]>()
  private costs = new Map<number, number>()
  private lastEmit = 0
  private closing = false
  private timer: NodeJS.Timeout
  /** The stack size asked for, or null: AUTO_BATCH on a GPU backend, else 1. */
  private readonly batch: number | null
  /** Whether a run of this runner trained on a backend in STACKS_ON (null: none has reported its backend yet). */
  private onGpu: boolean | null = null

  constructor(opts: SweepRunnerOptions) {
    super()
    this.batch = opts.batch === undefined ? null : Math.max(1, Math.floor(opts.batch))
    this.store = openStore(opts.dbPath, { shared: true }) // its runner's workers open the same file
    this.ownRunner = !opts.runner
    this.runner = opts.runner ?? new Runner({ dbPath: this.store.path, workers: opts.workers, workerEntry: opts.workerEntry, store: this.store })
    this.runner.on('finished', this.onFinished)
    this.runner.on('progress', this.onProgress)
    this.store.requeueDeadJobs()
    this.timer = setInterval(() => { if (this.store.requeueDeadJobs().length) this.pump() }, opts.requeueEveryMs ?? 5000)
    this.timer.unref()
  }

  /** Runs a sweep's queued jobs until none is left for this runner (or it is paused or cancelled); resolves with its job counts. */
  async run(sweepId: number): Promise<Record<string, number>> {
    if (!this.store.getSweep(sweepId)) throw new ValidationError('sweep', `no sweep ${sweepId}`)
    if (!this.active.includes(sweepId)) this.active.push(sweepId)
    if (!this.started.has(sweepId)) this.started.set(sweepId, { t0: Date.now(), done: 0 })
    const drained = new Promise<void>((resolve) => { const w = this.waiters.get(sweepId) ?? []; w.push(resolve); this.waiters.set(sweepId, w) })
    this.pump()
    await drained
    return this.store.jobCounts(sweepId)
  }

  /** Stops claiming a sweep's jobs and interrupts its runs in flight (they keep their resume state; their jobs go back to the queue). */
  pause(sweepId: number): void {
    this.paused.add(sweepId)
    for (const [runId, f] of this.flights) if (f.job.sweepId === sweepId) this.runner.cancel(runId, 'interrupt')
    this.checkDrained()
  }

  /** Lifts a pause and runs the sweep again (resumed runs continue from their last resume state). */
  resume(sweepId: number): Promise<Record<string, number>> {
    this.paused.delete(sweepId)
    return this.run(sweepId)
  }

  /** Cancels a sweep: its queued jobs and its runs in flight (which keep their resume state; re-running the spec resumes them). */
  cancel(sweepId: number): number {
    const n = this.store.cancelQueuedJobs(sweepId)
    for (const [runId, f] of this.flights) if (f.job.sweepId === sweepId) this.runner.cancel(runId, 'cancel')
    this.checkDrained()
    return n
  }

  /** Whether this runner holds the sweep paused. */
  isPaused(sweepId: number): boolean { return this.paused.has(sweepId) }

  /** Whether this runner is training (or about to claim) the sweep's jobs. */
  isActive(sweepId: number): boolean { return this.active.includes(sweepId) }

  /** The sweep's progress now. */
  progress(sweepId: number): SweepProgress {
    const c = this.store.jobCounts(sweepId)
    const total = c.queued + c.running + c.done + c.failed + c.cancelled
    const s = this.started.get(sweepId)
    const mine = [...this.flights.values()].filter((f) => f.job.sweepId === sweepId)
    return {
      sweepId, total, done: c.done, failed: c.failed, cancelled: c.cancelled, queued: c.queued, running: c.running,
      active: mine.filter((f) => f.latest).map((f) => f.latest!),
      etaMs: s ? this.eta(sweepId, s.t0, mine) : null,
    }
  }

  private cost(job: JobRow): number {
    let ms = this.costs.get(job.id)
    if (ms === undefined) {
      try { ms = epochCostMs(job.config) } catch { ms = 0 } // a config this code cannot size counts as free
      this.costs.set(job.id, ms)
    }
    return ms
  }

  private eta(sweepId: number, t0: number, flights: Flight[]): number | null {
    const runs: EtaRun[] = [...(this.ended.get(sweepId) ?? [])]
    for (const j of this.store.listJobs({ sweepId, status: 'queued' })) runs.push({ state: 'queued', msPerEpoch: this.cost(j), epochs: j.config.epochs, from: 0, done: 0 })
    for (const f of flights) {
      const done = f.latest ? Math.min(f.latest.epoch + 1, f.job.config.epochs) : f.from
      runs.push({ state: 'running', msPerEpoch: this.cost(f.job), epochs: f.job.config.epochs, from: f.from, done })
    }
    return sweepEta(runs, Date.now() - t0, this.runner.state().workers, PARALLEL_EFFICIENCY)
  }

  /** Interrupts this runner's runs in flight, hands their jobs back to the queue and closes the store (and an owned runner). */
  async close(): Promise<void> {
    this.closing = true
    clearInterval(this.timer)
    const ids = [...this.flights.keys()]
    if (this.ownRunner) await this.runner.close()
    else {
      const ends = ids.map((id) => this.runner.waitFor(id))
      ids.forEach((id) => this.runner.cancel(id, 'interrupt'))
      await Promise.race([Promise.all(ends), new Promise((r) => setTimeout(r, 10_000))])
    }
    // runs that never reached a worker (or outlived the wait) end with no event: give their jobs back too
    for (const f of this.flights.values()) this.store.releaseJob(f.job.id, this.claimant)
    this.flights.clear()
    this.runner.off('finished', this.onFinished)
    this.runner.off('progress', this.onProgress)
    for (const w of this.waiters.values()) w.forEach((f) => f())
    this.waiters.clear()
    this.store.close()
  }

  private free(): number {
    return this.runner.state().freeWorkers
  }

  private pump(): void {
    if (this.closing) return
    let progressed = true
    while (progressed && this.free() > 0) {
      progressed = false
      for (const sweepId of this.active) {
        if (this.paused.has(sweepId) || this.free() <= 0) continue
        const job = this.store.claimJob(this.claimant, sweepId)
        if (!job) continue
        progressed = true
        this.startAll([job, ...this.stackMates(job, sweepId)])
      }
    }
    this.checkDrained()
  }

  /** Further queued jobs to stack with `first`: the next ones in queue order with its stackKey, as many as spread the
   *  sweep's queue over the free workers, up to the batch size. A claimed job of another shape goes back to the queue. */
  private stackMates(first: JobRow, sweepId: number): JobRow[] {
    const batch = this.batchSize()
    const key = batch > 1 ? stackKey(first.config) : null
    if (key === null) return []
    const want = Math.min(batch, Math.ceil((this.store.jobCounts(sweepId).queued + 1) / Math.max(1, this.free())))
    const mates: JobRow[] = []
    while (mates.length + 1 < want) {
      const next = this.store.claimJob(this.claimant, sweepId)
      if (!next) break
      if (stackKey(next.config) !== key) { this.store.releaseJob(next.id, this.claimant); break }
      mates.push(next)
    }
    return mates
  }

  /** The stack size for the next claim: the one asked for, else AUTO_BATCH once a run has trained on a GPU backend. The
   *  first runs go one per worker; their backend (stored as each starts) decides for the rest. */
  private batchSize(): number {
    if (this.batch !== null) return this.batch
    if (this.onGpu === null) for (const runId of this.flights.keys()) if (this.noteBackend(runId)) break
    return this.onGpu ? AUTO_BATCH : 1
  }

  /** Learns from a run's stored backend whether this runner's workers train on a GPU; returns whether it knew one. */
  private noteBackend(runId: number): boolean {
    const b = this.store.getRun(runId)?.backend
    if (b) this.onGpu = STACKS_ON.includes(b)
    return Boolean(b)
  }

  /** Prepares each job's run and submits them as one group (one stack when several). */
  private startAll(jobs: JobRow[]): void {
    const runIds = jobs.map((j) => this.start(j)).filter((id): id is number => id !== null)
    if (!runIds.length) return
    for (const { runId, error } of this.runner.submitBatch(runIds)) {
      // another live process holds the run (e.g. `li2 resume` of it): that process trains it; re-running the spec picks it up
      const f = this.flights.get(runId)!
      this.flights.delete(runId)
      this.store.failJob(f.job.id, error.message)
      this.emit('jobEnd', { jobId: f.job.id, runId, sweepId: f.job.sweepId, status: 'failed', error: error.message })
    }
  }

  /** Resumes the job's run (kept by a requeue), adopts an orphan run of the same config, or creates the run; returns
   *  the run to submit, or null when there is nothing to train. */
  private start(job: JobRow): number | null {
    let runId = job.runId ?? this.orphan(job)
    const run = runId === null ? null : this.store.getRun(runId)
    if (run && (run.status === 'finished' || run.status === 'diverged')) {
      // the run ended but its process died before the job was marked: nothing to train
      this.store.finishJob(job.id, run.id)
      this.emit('jobEnd', { jobId: job.id, runId: run.id, sweepId: job.sweepId, status: run.status })
      return null
    }
    if (!run) {
      runId = this.store.createRun(job.config, { sweepId: job.sweepId })
      this.store.setJobRun(job.id, runId)
    } else if (job.runId === null) this.store.setJobRun(job.id, run.id)
    this.flights.set(runId!, { job, latest: null, from: run?.epochsDone ?? 0 })
    return runId!
  }

  /** A run of the job's sweep with the job's config hash but no job link: created by a runner killed before setJobRun. */
  private orphan(job: JobRow): number | null {
    if (job.sweepId === null) return null
    let m = this.orphans.get(job.sweepId)
    if (!m) {
      const linked = new Set(this.store.listJobs({ sweepId: job.sweepId }).map((j) => j.runId))
      m = new Map(this.store.listRuns({ sweepId: job.sweepId }).filter((r) => !linked.has(r.id)).map((r) => [configHash(r.config), r.id]))
      this.orphans.set(job.sweepId, m)
    }
    const id = m.get(job.key) ?? null
    m.delete(job.key)
    return id
  }

  private onFinished = (e: RunEnd): void => {
    const f = this.flights.get(e.runId)
    if (!f) return
    if (this.onGpu === null) this.noteBackend(e.runId)
    this.flights.delete(e.runId)
    const id = f.job.id
    if (e.status === 'finished' || e.status === 'diverged') this.store.finishJob(id, e.runId)
    else if (e.status === 'failed') this.store.failJob(id, e.error ?? 'failed')
    else if (e.status === 'cancelled') this.store.cancelJob(id)
    else this.store.releaseJob(id, this.claimant) // interrupted: back to the queue, resumed from its checkpoint later
    const s = f.job.sweepId === null ? undefined : this.started.get(f.job.sweepId)
    if (s && e.status !== 'interrupted') s.done++
    if (f.job.sweepId !== null && (e.status === 'finished' || e.status === 'diverged')) {
      const done = this.store.getRun(e.runId)?.epochsDone ?? f.job.config.epochs
      const list = this.ended.get(f.job.sweepId) ?? []
      list.push({ state: 'ended', msPerEpoch: this.cost(f.job), epochs: f.job.config.epochs, from: f.from, done })
      this.ended.set(f.job.sweepId, list)
    }
    this.emit('jobEnd', { jobId: id, runId: e.runId, sweepId: f.job.sweepId, status: e.status, error: e.error })
    if (f.job.sweepId !== null) this.emit('progress', this.progress(f.job.sweepId))
    this.pump()
  }

  private onProgress = (p: JobProgress): void => {
    const f = this.flights.get(p.runId)
    if (!f) return
    f.latest = p
    this.emit('runProgress', p)
    const now = Date.now()
    if (now - this.lastEmit > 250 && f.job.sweepId !== null) { this.lastEmit = now; this.emit('progress', this.progress(f.job.sweepId)) }
  }

  private checkDrained(): void {
    for (const [sweepId, ws] of this.waiters) {
      const flying = [...this.flights.values()].some((f) => f.job.sweepId === sweepId)
      if (flying) continue
      if (!this.paused.has(sweepId) && this.store.jobCounts(sweepId).queued > 0 && !this.closing) continue
      this.waiters.delete(sweepId)
      this.active = this.active.filter((s) => s !== sweepId)
      ws.forEach((f) => f())
    }
  }
}
