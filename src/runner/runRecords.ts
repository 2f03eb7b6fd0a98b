/** What a training job (one run, or a stack of runs) reads from and writes to the store for each run, shared by
 *  trainJob.ts and batchJob.ts so a stacked run's rows are exactly an unstacked run's. */
import type { StopWatcher } from '../core/earlyStop'
import { featureSpectra } from '../core/groups/spectra'
import type { TensorMap } from '../core/model/params'
import type { EpochRecord, ResumeState } from '../core/session'
import type { Task } from '../core/task'
import type { MetricSeries, Store } from '../store'
import { backendFault } from './backend'
import type { EpochSignals } from './schedule'

/** How often (ms) metrics are written and progress is reported. */
export const FLUSH_MS = 1000

/** One stored metrics row. */
export function metricRow(r: EpochRecord) {
  return { epoch: r.epoch, train_loss: r.train_loss, train_acc: r.train_acc, test_loss: r.test_loss, test_acc: r.test_acc, lr: r.lr, ...(r.diag ?? {}) }
}

/** The run's stored resume state, if any. */
export function loadResume(store: Store, runId: number): ResumeState | undefined {
  const rs = store.getResumeState(runId)
  return rs
    ? { epoch: rs.epoch, params: pick(rs.tensors, 'p.'), optimizer: { tensors: pick(rs.tensors, 'o.'), meta: (rs.meta as { optimizer: { step: number } }).optimizer } }
    : undefined
}

/** Stores the weights as the run's checkpoint at `epoch`, with their spectra for a group task. */
export function storeCheckpoint(store: Store, runId: number, epoch: number, w: TensorMap, task: Task): void {
  store.saveCheckpoint(runId, epoch, w)
  if (task.group) store.saveSpectra(runId, epoch, featureSpectra(task.group, w.Wt.data, w.V.data, w.Wt.shape[1], task.q))
}

/** Stores a resume state (weights as p.*, optimizer slots as o.*). */
export function saveResumeState(store: Store, runId: number, s: ResumeState): void {
  store.saveResumeState(runId, s.epoch, { ...prefix(s.params, 'p.'), ...prefix(s.optimizer.tensors, 'o.') }, { optimizer: s.optimizer.meta })
}

/** Stops the run, named, once the backend reports a fault (a lost WebGPU device reads back zeros, not an error). */
export function failOnFault(epoch: number): void {
  const fault = backendFault()
  if (fault) throw faultError(fault, epoch)
}

/** The error a job rethrows: a lost device surfaces as whatever op failed next, so the cause is named, not the symptom. */
export function namedFault(e: unknown, epoch: number): unknown {
  const fault = backendFault()
  return fault && !(e as Error).message.startsWith(fault) ? faultError(fault, epoch, e) : e
}

function faultError(fault: string, epoch: number, cause?: unknown): Error {
  return new Error(`${fault} at epoch ${epoch}; resume continues from the last resume state on any backend`, cause === undefined ? undefined : { cause })
}

/** Feeds a run's stored metrics (kept from before a resume) to the stop watcher. A condition that fires in the replay was
 *  cut short by the interruption; it fires again at the next epoch, since its streak only grows. */
export function replayStops(store: Store, runId: number, watcher: StopWatcher): void {
  const m = store.getMetrics(runId, { columns: ['train_loss', 'train_acc', 'test_acc'] })
  m.epoch.forEach((epoch, i) => watcher.observe({ epoch, train_loss: m.train_loss?.[i] ?? NaN, train_acc: m.train_acc?.[i] ?? 0, test_acc: m.test_acc?.[i] ?? null }))
}

/** Stored metric columns as rows for the stage-event tracker. */
export function signals(m: MetricSeries): EpochSignals[] {
  return m.epoch.map((epoch, i) => ({ epoch, train_acc: m.train_acc?.[i] ?? null, test_acc: m.test_acc?.[i] ?? null, dw_cos: m.dw_cos?.[i] ?? null, dv_cos: m.dv_cos?.[i] ?? null }))
}

function prefix<T>(m: Record<string, T>, p: string): Record<string, T> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [p + k, v]))
}

function pick<T>(m: Record<string, T>, p: string): Record<string, T> {
  return Object.fromEntries(Object.entries(m).filter(([k]) => k.startsWith(p)).map(([k, v]) => [k.slice(p.length), v]))
}
