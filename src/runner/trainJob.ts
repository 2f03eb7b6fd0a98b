/** The flat training loop for one stored run (nanoGPT train.py style): session, cadences, metrics batches, checkpoints,
 *  spectra, resume state, divergence and cancellation. Runs in any thread; the pool runs it in worker threads. */
import { type BackendName, type TrainConfig, validateConfig } from '../core/config'
import { type StoppedEarly, StopWatcher } from '../core/earlyStop'
import { type EpochRecord, TrainingSession } from '../core/session'
import { makeSplit, trainSize, type SplitRule } from '../core/split'
import type { TensorMap } from '../core/model/params'
import type { Task } from '../core/task'
import { buildTask } from '../core/taskFactory'
import type { Store } from '../store'
import { describeBackend, initBackend } from './backend'
import './tableGroup' // registers table:PATH groups with resolveGroup, here and in every worker
import { FLUSH_MS, failOnFault, loadResume, metricRow, namedFault, replayStops, signals } from './runRecords'
import { inlineWriter, type RunWriter } from './runWriter'
import { checkpointSchedule, StageEvents } from './schedule'
import { summarizeRun } from './summary'

export interface JobProgress {
  runId: number
  epoch: number
  totalEpochs: number
  train_loss: number
  train_acc: number
  /** The latest evaluated test accuracy: the test set is evaluated every eval-every epochs, at the start of an epoch. */
  test_acc: number | null
  /** The epoch test_acc was measured at (a flush at a resume epoch comes just before that epoch's evaluation). */
  test_epoch: number | null
  msPerStep: number
}

export interface JobHooks {
  onProgress?(p: JobProgress): void
  /** Polled at each flush: 'cancel' stops with status cancelled, 'interrupt' with interrupted (both resumable). */
  stopRequested?(): 'cancel' | 'interrupt' | null
  /** Train on this backend instead of the config's (a resume after a lost WebGPU device may continue anywhere). */
  backend?: BackendName
  /** Where checkpoints and resume states are written (a writer thread in a training worker); default: inline. */
  writer?: RunWriter
}

/** How one training job ended (the queue's job states are the store's JobStatus). */
export type TrainEnd = 'finished' | 'diverged' | 'cancelled' | 'interrupted'

/** The split rule a config selects. */
export function splitRule(cfg: TrainConfig): SplitRule {
  if (cfg.trainFrac !== null) return { kind: 'fraction', trainFrac: cfg.trainFrac }
  if (cfg.trainCount !== null) return { kind: 'count', trainCount: cfg.trainCount }
  return { kind: 'critical', delta: cfg.criticalDelta ?? 0, multiplier: cfg.criticalMultiplier }
}

/** Builds the task and the seeded split for a config; throws ValidationError on a bad group or split. */
export function prepareTask(cfg: TrainConfig): { task: Task; train: Int32Array; test: Int32Array } {
  const task = buildTask(cfg)
  const n = trainSize(task.numSamples, splitRule(cfg), task.M, task.criticalC)
  const split = makeSplit(task.numSamples, n, cfg.seed)
  return { task, train: split.train, test: split.test }
}

/** Trains run `runId` from its resume state (or from scratch) to its last epoch. */
/** Why a run failed, as its error column and the UI show it: a full disk says what was kept and what to do. */
export function failureMessage(e: unknown, runId: number): string {
  const code = (e as { code?: unknown })?.code
  const msg = (e as Error)?.message ?? String(e)
  if (code === 'SQLITE_FULL') return `the disk is full (${msg}): run ${runId} stopped; every epoch stored before is kept. Free some space, then resume it (li2 resume ${runId})`
  if (code === 'SQLITE_READONLY') return `the store became read-only (${msg}): run ${runId} stopped; every epoch stored before is kept`
  return msg
}

export async function runTrainJob(store: Store, runId: number, hooks: JobHooks = {}): Promise<TrainEnd> {
  const run = store.getRun(runId)
  if (!run) throw new Error(`run ${runId} not found`)
  const cfg = run.config
  validateConfig(cfg)
  const be = await initBackend(hooks.backend ?? cfg.backend)
  const { task, train, test } = prepareTask(cfg)
  const stored = store.getSplit(runId)
  const split = stored ?? { train, test }
  if (!stored) store.saveSplit(runId, split)
  const resume = loadResume(store, runId)
  // work after the last resume state is lost by design: drop its metrics so the series has no gap or duplicate
  store.truncateMetricsAfter(runId, (resume?.epoch ?? 0) - 1)
  const session = new TrainingSession(cfg, task, split, resume)
  store.updateRun(runId, { backend: be.name, backendVersion: describeBackend(be), totalEpochs: cfg.epochs, epochsDone: session.epoch, summary: null, stages: null }) // a summary from an earlier stop would go stale; readers derive one meanwhile
  store.setStatus(runId, 'running')
  // checkpoints (weights + spectra): the schedule, and the epochs where a stage begins or test accuracy first crosses
  const schedule = checkpointSchedule(cfg.epochs, cfg.checkpoints)
  const saved = new Set(store.listCheckpoints(runId))
  const events = new StageEvents(signals(store.getMetrics(runId, { columns: ['train_acc', 'test_acc', 'dw_cos', 'dv_cos'] })))
  const writer = hooks.writer ?? inlineWriter(store, task)
  const checkpoint = (t: number, w: TensorMap) => {
    if (saved.has(t)) return
    writer.checkpoint(runId, t, w)
    saved.add(t)
  }
  // early stopping: replay the stored history so a resumed run judges the same streaks as an unbroken one
  const watcher = new StopWatcher(cfg.stopWhen ?? 'off', cfg.loss, task.M)
  let stoppedEarly: StoppedEarly | null = null
  if (!watcher.off) replayStops(store, runId, watcher)
  let pending: ReturnType<typeof metricRow>[] = []
  let lastFlush = performance.now()
  const t0 = performance.now(), epoch0 = session.epoch
  let status: TrainEnd = 'finished'
  let lastTest: number | null = null, lastTestEpoch: number | null = null
  const msPerStep = () => (performance.now() - t0) / Math.max(1, session.epoch - epoch0)
  const flush = (rec: EpochRecord | null) => {
    if (pending.length) store.appendMetrics(runId, pending)
    pending = []
    store.updateRun(runId, { epochsDone: session.epoch, msPerStep: msPerStep() })
    store.heartbeat(runId)
    if (rec) hooks.onProgress?.({ runId, epoch: rec.epoch, totalEpochs: cfg.epochs, train_loss: rec.train_loss, train_acc: rec.train_acc, test_acc: lastTest, test_epoch: lastTestEpoch, msPerStep: msPerStep() })
    lastFlush = performance.now()
  }
  const saveResume = async () => {
    const s = await session.resumeState()
    failOnFault(s.epoch) // weights read from a lost device are not the run's: keep the last good resume state
    await writer.resume(runId, s)
  }
  try {
    while (session.epoch < cfg.epochs) {
      const t = session.epoch
      if (schedule.has(t)) { const w = await session.weights(); failOnFault(t); checkpoint(t, w) }
      const rec = await session.runEpoch({ keepWeights: (r) => events.mayFire(r) })
      failOnFault(t)
      const blownUp = !Number.isFinite(rec.train_loss) ? `loss became ${rec.train_loss}`
        : rec.test_loss !== null && rec.test_loss !== undefined && !Number.isFinite(rec.test_loss) ? `test loss became ${rec.test_loss}` : null
      if (blownUp) {
        // the diverged epoch itself is not stored: everything before it is
        flush(null)
        store.setStatus(runId, 'diverged', `${blownUp} at epoch ${t}`)
        status = 'diverged'
        break
      }
      if (events.observe({ ...rec, dw_cos: rec.diag?.dw_cos, dv_cos: rec.diag?.dv_cos }).length > 0 && rec.weights) checkpoint(t, rec.weights)
      pending.push(metricRow(rec))
      if (rec.test_acc !== null) { lastTest = rec.test_acc; lastTestEpoch = rec.epoch }
      if (!watcher.off) {
        stoppedEarly = watcher.observe(rec)
        if (stoppedEarly) break // the outcome cannot change any more: the final evaluation below ends the run as finished
      }
      const resumeDue = session.epoch % cfg.resumeEvery === 0
      if (resumeDue || performance.now() - lastFlush > FLUSH_MS) {
        flush(rec)
        if (resumeDue) await saveResume()
        await new Promise((r) => setImmediate(r)) // let cancel messages in
        const stop = hooks.stopRequested?.()
        if (stop) {
          await saveResume()
          status = stop === 'cancel' ? 'cancelled' : 'interrupted'
          store.setStatus(runId, status)
          break // the summary below covers a stopped run too
        }
      }
    }
    if (status === 'finished') {
      const fin = await session.finalRecord()
      failOnFault(fin.epoch)
      pending.push(metricRow(fin))
      lastTest = fin.test_acc; lastTestEpoch = fin.epoch
      flush(fin)
      const w = await session.weights()
      failOnFault(fin.epoch)
      checkpoint(fin.epoch, w)
    }
    await writer.drain() // before the run is marked ended, everything it stored is stored
    const { summary, stages } = summarizeRun(store, runId, {
      ms_per_step: msPerStep(), n_train: split.train.length, n_test: split.test.length, backend_skipped: be.skipped,
      ...(stoppedEarly ? { stopped_early: stoppedEarly } : {}),
    })
    store.updateRun(runId, { stages, summary, epochsDone: session.epoch, msPerStep: msPerStep() })
    if (status === 'finished') { store.setStatus(runId, 'finished'); store.deleteResumeState(runId) }
    return status
  } catch (e) {
    throw namedFault(e, session.epoch)
  } finally {
    try { session.dispose() } catch { /* a lost device may refuse to free its buffers */ }
  }
}

