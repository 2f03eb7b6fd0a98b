/** The training loop for S stored runs of one task shape trained as one stacked model (issue 16). Each run keeps its own
 *  store rows, exactly as runTrainJob writes them: split, metrics, checkpoints with spectra, event checkpoints, resume
 *  state, status and summary. A run that ends early (diverged, cancelled, interrupted) leaves the stack; the rest go on. */
import { validateConfig, type TrainConfig } from '../core/config'
import { StackedSession } from '../core/batched/session'
import { type StoppedEarly, StopWatcher } from '../core/earlyStop'
import type { TensorMap } from '../core/model/params'
import type { EpochRecord, ResumeState } from '../core/session'
import type { Split } from '../core/split'
import type { Task } from '../core/task'
import type { Store } from '../store'
import { describeBackend, initBackend } from './backend'
import { FLUSH_MS, failOnFault, loadResume, metricRow, namedFault, replayStops, signals } from './runRecords'
import { inlineWriter, type RunWriter } from './runWriter'
import { checkpointSchedule, StageEvents } from './schedule'
import { summarizeRun } from './summary'
import { type JobProgress, prepareTask, type TrainEnd } from './trainJob'

export interface BatchHooks {
  onProgress?(p: JobProgress): void
  /** Polled at each flush, per run. */
  stopRequested?(runId: number): 'cancel' | 'interrupt' | null
  /** Called as each run ends, so its job is freed while the others train on. */
  onEnd?(runId: number, status: TrainEnd): void
  /** Where checkpoints and resume states are written (a writer thread in a training worker); default: inline. */
  writer?: RunWriter
}

/** One run's bookkeeping inside a stack: what runTrainJob keeps in its closure. */
class RunLedger {
  readonly schedule: Set<number>
  readonly saved: Set<number>
  readonly events: StageEvents
  pending: ReturnType<typeof metricRow>[] = []
  lastTest: number | null = null
  lastTestEpoch: number | null = null
  /** Early stopping, replayed over the stored history so a resumed run judges the same streaks as an unbroken one. */
  readonly watcher: StopWatcher
  stoppedEarly: StoppedEarly | null = null

  constructor(private store: Store, private writer: RunWriter, readonly runId: number, readonly cfg: TrainConfig, readonly split: Split, readonly resume: ResumeState | undefined, M: number) {
    this.schedule = checkpointSchedule(cfg.epochs, cfg.checkpoints)
    this.saved = new Set(store.listCheckpoints(runId))
    this.events = new StageEvents(signals(store.getMetrics(runId, { columns: ['train_acc', 'test_acc', 'dw_cos', 'dv_cos'] })))
    this.watcher = new StopWatcher(cfg.stopWhen ?? 'off', cfg.loss, M)
    if (!this.watcher.off) replayStops(store, runId, this.watcher)
  }

  checkpoint(t: number, w: TensorMap): void {
    if (this.saved.has(t)) return
    this.writer.checkpoint(this.runId, t, w)
    this.saved.add(t)
  }

  record(rec: EpochRecord): void {
    this.pending.push(metricRow(rec))
    if (rec.test_acc !== null) { this.lastTest = rec.test_acc; this.lastTestEpoch = rec.epoch }
  }

  flush(epochsDone: number, msPerStep: number, rec: EpochRecord | null, hooks: BatchHooks): void {
    if (this.pending.length) this.store.appendMetrics(this.runId, this.pending)
    this.pending = []
    this.store.updateRun(this.runId, { epochsDone, msPerStep })
    this.store.heartbeat(this.runId)
    if (rec) hooks.onProgress?.({ runId: this.runId, epoch: rec.epoch, totalEpochs: this.cfg.epochs, train_loss: rec.train_loss, train_acc: rec.train_acc, test_acc: this.lastTest, test_epoch: this.lastTestEpoch, msPerStep })
  }

  saveResume(s: ResumeState): Promise<void> {
    return this.writer.resume(this.runId, s)
  }
}

/** Trains the given runs (configs that share a stackKey) from their resume states or from scratch; returns each run's end.
 *  Runs resuming from different epochs are trained as one stack per epoch, one stack after the other. */
export async function runBatchJob(store: Store, runIds: number[], hooks: BatchHooks = {}): Promise<Map<number, TrainEnd>> {
  const ends = new Map<number, TrainEnd>()
  const groups = new Map<number, RunLedger[]>()
  let be: Awaited<ReturnType<typeof initBackend>> | null = null
  let task: Task | null = null
  let writer: RunWriter | null = null
  for (const runId of runIds) {
    const run = store.getRun(runId)
    if (!run) throw new Error(`run ${runId} not found`)
    const cfg = run.config
    validateConfig(cfg)
    be ??= await initBackend(cfg.backend)
    const prep = prepareTask(cfg)
    task ??= prep.task
    const stored = store.getSplit(runId)
    const split = stored ?? { train: prep.train, test: prep.test }
    if (!stored) store.saveSplit(runId, split)
    const resume = loadResume(store, runId)
    store.truncateMetricsAfter(runId, (resume?.epoch ?? 0) - 1)
    const g = groups.get(resume?.epoch ?? 0) ?? []
    writer ??= hooks.writer ?? inlineWriter(store, prep.task)
    g.push(new RunLedger(store, writer, runId, cfg, split, resume, prep.task.M))
    groups.set(resume?.epoch ?? 0, g)
  }
  for (const ledgers of groups.values()) await trainStack(store, ledgers, task!, be!, writer!, hooks, ends)
  return ends
}

async function trainStack(store: Store, all: RunLedger[], task: Task, be: Awaited<ReturnType<typeof initBackend>>, writer: RunWriter, hooks: BatchHooks, ends: Map<number, TrainEnd>): Promise<void> {
  let runs = all
  const session = new StackedSession(runs.map((r) => r.cfg), task, runs.map((r) => r.split), runs.some((r) => r.resume) ? runs.map((r) => r.resume) : undefined)
  const epochs = runs[0].cfg.epochs, resumeEvery = runs[0].cfg.resumeEvery
  for (const r of runs) {
    store.updateRun(r.runId, { backend: be.name, backendVersion: describeBackend(be), totalEpochs: epochs, epochsDone: session.epoch, summary: null, stages: null })
    store.setStatus(r.runId, 'running')
  }
  const t0 = performance.now(), epoch0 = session.epoch
  let lastFlush = performance.now()
  // a run's share of the stacked step: what its cost model should expect of a run trained in a stack of this size
  const msPerStep = () => (performance.now() - t0) / Math.max(1, session.epoch - epoch0) / all.length
  const finish = async (r: RunLedger, status: TrainEnd) => {
    await writer.drain() // before a run is marked ended, everything it stored is stored
    const { summary, stages } = summarizeRun(store, r.runId, {
      ms_per_step: msPerStep(), n_train: r.split.train.length, n_test: r.split.test.length, backend_skipped: be.skipped,
      ...(r.stoppedEarly ? { stopped_early: r.stoppedEarly } : {}),
    })
    store.updateRun(r.runId, { stages, summary, epochsDone: session.epoch, msPerStep: msPerStep() })
    if (status === 'finished') { store.setStatus(r.runId, 'finished'); store.deleteResumeState(r.runId) }
    ends.set(r.runId, status)
    hooks.onEnd?.(r.runId, status)
  }
  /** Drops ended runs from the stack (rebuilding it only when some ended). */
  const leave = (gone: Set<number>) => {
    if (!gone.size) return
    const keep = runs.map((_, s) => s).filter((s) => !gone.has(s))
    runs = keep.map((s) => runs[s])
    if (keep.length) session.keep(keep)
  }
  /** Ends runs that stopped early (their outcome can no longer change) as finished, from a final evaluation. */
  const finishAll = async (which: number[]) => {
    if (!which.length) return
    const fins = await session.finalRecords()
    const w = await session.weightsAll()
    failOnFault(session.epoch)
    for (const s of which) {
      const r = runs[s]
      r.record(fins[s])
      r.flush(session.epoch, msPerStep(), fins[s], hooks)
      r.checkpoint(fins[s].epoch, w[s])
      await finish(r, 'finished')
    }
  }
  try {
    while (runs.length && session.epoch < epochs) {
      const t = session.epoch
      if (runs.some((r) => r.schedule.has(t) && !r.saved.has(t))) {
        const w = await session.weightsAll()
        failOnFault(t)
        runs.forEach((r, s) => { if (r.schedule.has(t)) r.checkpoint(t, w[s]) })
      }
      const recs = await session.runEpoch({ keepWeights: (s, r) => runs[s].events.mayFire(r) })
      failOnFault(t)
      const gone = new Set<number>(), early: number[] = []
      recs.forEach((rec, s) => {
        const r = runs[s]
        const blownUp = !Number.isFinite(rec.train_loss) ? `loss became ${rec.train_loss}`
          : rec.test_loss !== null && rec.test_loss !== undefined && !Number.isFinite(rec.test_loss) ? `test loss became ${rec.test_loss}` : null
        if (blownUp) {
          r.flush(session.epoch, msPerStep(), null, hooks)
          store.setStatus(r.runId, 'diverged', `${blownUp} at epoch ${t}`)
          gone.add(s)
          return
        }
        if (r.events.observe({ ...rec, dw_cos: rec.diag?.dw_cos, dv_cos: rec.diag?.dv_cos }).length > 0 && rec.weights) r.checkpoint(t, rec.weights)
        r.record(rec)
        if (!r.watcher.off && (r.stoppedEarly = r.watcher.observe(rec))) { early.push(s); gone.add(s) }
      })
      for (const s of gone) if (!early.includes(s)) await finish(runs[s], 'diverged')
      await finishAll(early)
      const resumeDue = session.epoch % resumeEvery === 0
      if (resumeDue || performance.now() - lastFlush > FLUSH_MS) {
        runs.forEach((r, s) => { if (!gone.has(s)) r.flush(session.epoch, msPerStep(), recs[s], hooks) })
        lastFlush = performance.now()
        const states = resumeDue ? await session.resumeStates() : null
        if (states) { failOnFault(session.epoch); for (const [s, r] of runs.entries()) if (!gone.has(s)) await r.saveResume(states[s]) }
        await new Promise((res) => setImmediate(res)) // let stop messages in
        const stops = runs.map((r, s) => (gone.has(s) ? null : hooks.stopRequested?.(r.runId) ?? null))
        if (stops.some(Boolean)) {
          const st = states ?? await session.resumeStates()
          failOnFault(session.epoch)
          for (const [s, r] of runs.entries()) {
            const stop = stops[s]
            if (!stop) continue
            if (!states) await r.saveResume(st[s])
            const status = stop === 'cancel' ? 'cancelled' : 'interrupted'
            store.setStatus(r.runId, status)
            gone.add(s)
            await finish(r, status)
          }
        }
      }
      leave(gone)
    }
    await finishAll(runs.map((_, s) => s))
  } catch (e) {
    throw namedFault(e, session.epoch)
  } finally {
    try { session.dispose() } catch { /* a lost device may refuse to free its buffers */ }
  }
}
