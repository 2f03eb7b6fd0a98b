/** The runner: a queue of stored runs fed to the worker pool, with progress and finish events for the hosts. */
import { EventEmitter } from 'node:events'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FromWorker } from './messages'
import { WorkerPool } from './pool'
import type { JobProgress, JobStatus } from './trainJob'

export interface RunnerOptions {
  dbPath: string
  workers?: number
  /** Worker entry; default: bin/worker.mjs (tsx bootstrap) for Node hosts. */
  workerEntry?: string | URL
}

export type RunEnd = { runId: number; status: JobStatus | 'failed'; error?: string }

export interface RunnerEvents {
  progress: [JobProgress]
  finished: [RunEnd]
}

/** The Node default worker bootstrap, resolved from this file. */
export function defaultWorkerEntry(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/worker.mjs')
}

export class Runner extends EventEmitter<RunnerEvents> {
  private queue: number[] = []
  private pool: WorkerPool
  private waiters = new Map<number, ((e: RunEnd) => void)[]>()

  constructor(private opts: RunnerOptions) {
    super()
    this.pool = new WorkerPool({ size: opts.workers, entry: opts.workerEntry ?? defaultWorkerEntry(), onMessage: (m) => this.onMessage(m) })
  }

  /** Queues a stored run for training (fresh or resumed from its resume state). */
  submit(runId: number): void {
    if (this.queue.includes(runId) || this.pool.busy().includes(runId)) return
    this.queue.push(runId)
    this.pump()
  }

  /** Stops a queued or running run; a running one keeps its resume state. */
  cancel(runId: number, mode: 'cancel' | 'interrupt' = 'cancel'): boolean {
    const i = this.queue.indexOf(runId)
    if (i >= 0) { this.queue.splice(i, 1); this.end({ runId, status: mode === 'cancel' ? 'cancelled' : 'interrupted' }); return true }
    return this.pool.stop(runId, mode)
  }

  /** Resolves when the run ends (finished, diverged, cancelled, interrupted or failed). */
  waitFor(runId: number): Promise<RunEnd> {
    return new Promise((resolve) => { const w = this.waiters.get(runId) ?? []; w.push(resolve); this.waiters.set(runId, w) })
  }

  /** Runs queued and running now. */
  state(): { queued: number[]; running: number[]; workers: number } {
    return { queued: [...this.queue], running: this.pool.busy(), workers: this.pool.size }
  }

  /** Interrupts running runs (they keep their resume state) and stops the workers. */
  async close(): Promise<void> {
    const running = this.pool.busy()
    this.queue = []
    if (running.length) {
      const ends = running.map((id) => this.waitFor(id))
      running.forEach((id) => this.pool.stop(id, 'interrupt'))
      await Promise.race([Promise.all(ends), new Promise((r) => setTimeout(r, 10_000))])
    }
    await this.pool.close()
  }

  private pump(): void {
    while (this.queue.length && this.pool.hasFree()) {
      const runId = this.queue.shift()!
      this.pool.start(runId, this.opts.dbPath)
    }
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'progress') { this.emit('progress', m.progress); return }
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
