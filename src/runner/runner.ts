/** The runner: a queue of stored runs fed to the worker pool, with progress and finish events for the hosts. Each run it
 *  accepts is claimed in the store first (atomic, pid + heartbeat), so two processes never train the same run, and every
 *  run it drops without training (cancel, close, a crashed worker) is marked in the store, never left 'queued'. */
import { EventEmitter } from 'node:events'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkSharedDbPath, openStore, STALE_MS, type Store } from '../store'
import type { FromWorker } from './messages'
import { WorkerPool } from './pool'
import type { JobProgress, TrainEnd } from './trainJob'

export interface RunnerOptions {
  dbPath: string
  workers?: number
  /** Worker entry; default: bin/worker.mjs (tsx bootstrap) for Node hosts. */
  workerEntry?: string | URL
  /** This process's connection to dbPath (the service's, a sweep runner's); default: the runner opens (and closes) its own. */
  store?: Store
}

export type RunEnd = { runId: number; status: TrainEnd | 'failed'; error?: string }

export interface RunnerEvents {
  progress: [JobProgress]
  finished: [RunEnd]
}

/** How often the runs waiting in the queue are heartbeat, well inside STALE_MS (a worker heartbeats its run at every flush). */
const QUEUE_HEARTBEAT_MS = STALE_MS / 4

/** The Node default worker bootstrap, resolved from this file. */
export function defaultWorkerEntry(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/worker.mjs')
}

export class Runner extends EventEmitter<RunnerEvents> {
  /** Runs waiting for a worker, in groups started together (one run, or runs of one task shape to train as one stack). */
  private queue: number[][] = []
  private pool: WorkerPool
  private waiters = new Map<number, ((e: RunEnd) => void)[]>()
  private readonly store: Store
  private readonly ownStore: boolean
  private timer: NodeJS.Timeout

  constructor(private opts: RunnerOptions) {
    super()
    checkSharedDbPath(opts.dbPath) // the workers open dbPath themselves
    this.ownStore = !opts.store
    this.store = opts.store ?? openStore(opts.dbPath)
    this.pool = new WorkerPool({ size: opts.workers, entry: opts.workerEntry ?? defaultWorkerEntry(), onMessage: (m) => this.onMessage(m) })
    this.timer = setInterval(() => this.queue.flat().forEach((id) => this.store.heartbeat(id)), QUEUE_HEARTBEAT_MS)
    this.timer.unref()
  }

  /** Claims a stored run for this process and queues it for training (fresh or resumed from its resume state).
   *  Throws ValidationError('id', …) when another live process holds it ("run 1 is already training (pid 4242)"). */
  submit(runId: number): void {
    const failed = this.submitBatch([runId])
    if (failed.length) throw failed[0].error
  }

  /** Claims runs whose configs share a stackKey (core/batched) and queues them to train as one stacked job on one worker
   *  (issue 16); each still ends on its own. Returns the runs it could not claim (another live process holds them), with
   *  the error `submit` would throw; the others are queued. */
  submitBatch(runIds: number[]): { runId: number; error: Error }[] {
    const group: number[] = [], failed: { runId: number; error: Error }[] = []
    for (const runId of runIds) {
      try { this.store.claimRun(runId) } catch (e) { failed.push({ runId, error: e as Error }); continue }
      if (this.queue.some((g) => g.includes(runId)) || this.pool.busy().includes(runId)) continue
      group.push(runId)
    }
    if (group.length) { this.queue.push(group); this.pump() }
    return failed
  }

  /** Stops a queued or running run; a running one keeps its resume state. */
  cancel(runId: number, mode: 'cancel' | 'interrupt' = 'cancel'): boolean {
    const i = this.queue.findIndex((g) => g.includes(runId))
    if (i < 0) return this.pool.stop(runId, mode)
    this.queue[i] = this.queue[i].filter((id) => id !== runId)
    if (!this.queue[i].length) this.queue.splice(i, 1)
    const status = mode === 'cancel' ? 'cancelled' : 'interrupted'
    this.store.releaseRun(runId, status)
    this.end({ runId, status })
    return true
  }

  /** Resolves when the run ends (finished, diverged, cancelled, interrupted or failed). */
  waitFor(runId: number): Promise<RunEnd> {
    return new Promise((resolve) => { const w = this.waiters.get(runId) ?? []; w.push(resolve); this.waiters.set(runId, w) })
  }

  /** Runs queued and running now. */
  state(): { queued: number[]; running: number[]; workers: number; freeWorkers: number } {
    return { queued: this.queue.flat(), running: this.pool.busy(), workers: this.pool.size, freeWorkers: Math.max(0, this.pool.size - this.pool.jobs() - this.queue.length) }
  }

  /** Interrupts running runs (they keep their resume state), marks the queued ones interrupted and stops the workers. */
  async close(): Promise<void> {
    clearInterval(this.timer)
    for (const id of this.queue.splice(0).flat()) { this.store.releaseRun(id, 'interrupted'); this.end({ runId: id, status: 'interrupted' }) }
    const running = this.pool.busy()
    if (running.length) {
      const ends = running.map((id) => this.waitFor(id))
      running.forEach((id) => this.pool.stop(id, 'interrupt'))
      await Promise.race([Promise.all(ends), new Promise((r) => setTimeout(r, 10_000))])
    }
    // a worker that did not reach its next flush in time is terminated: its run keeps what it stored
    for (const id of this.pool.busy()) this.store.releaseRun(id, 'interrupted')
    await this.pool.close()
    if (this.ownStore) this.store.close()
  }

  private pump(): void {
    while (this.queue.length && this.pool.hasFree()) {
      this.pool.startBatch(this.queue.shift()!, this.opts.dbPath)
    }
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'progress') { this.emit('progress', m.progress); return }
    if (m.type === 'error') this.store.releaseRun(m.runId, 'failed', m.message) // a crashed worker could not say so itself
    this.end(m.type === 'done' ? { runId: m.runId, status: m.status } : { runId: m.runId, status: 'failed', error: m.message })
    this.pump()
  }

  private end(e: RunEnd): void {
    this.emit('finished', e)
    const w = this.waiters.get(e.runId) ?? []
    this.waiters.delete(e.runId)
    w.forEach((f) => f(e))
  }
}
