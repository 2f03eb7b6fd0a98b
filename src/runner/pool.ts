/** A fixed pool of training worker threads (default one per core), each running one job at a time. */
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import type { FromWorker, ToWorker } from './messages'

export interface PoolOptions {
  /** Worker count; default: one per core. */
  size?: number
  /** The worker entry (a bootstrap .mjs under Node, electron-vite's ?modulePath under Electron). */
  entry: string | URL
  onMessage(m: FromWorker): void
}

interface Slot { worker: Worker; runId: number | null }

export class WorkerPool {
  readonly size: number
  private slots: Slot[] = []

  constructor(private opts: PoolOptions) {
    this.size = Math.max(1, opts.size ?? os.availableParallelism())
  }

  /** Whether a worker is free for another job. */
  hasFree(): boolean {
    return this.slots.some((s) => s.runId === null) || this.slots.length < this.size
  }

  /** Runs on which workers are busy. */
  busy(): number[] {
    return this.slots.filter((s) => s.runId !== null).map((s) => s.runId!)
  }

  /** Starts a run on a free worker; returns false if none is free. */
  start(runId: number, dbPath: string): boolean {
    let slot = this.slots.find((s) => s.runId === null)
    if (!slot && this.slots.length < this.size) slot = this.spawn()
    if (!slot) return false
    slot.runId = runId
    this.post(slot, { type: 'run', runId, dbPath })
    return true
  }

  /** Asks the worker training a run to stop at its next flush. */
  stop(runId: number, mode: 'cancel' | 'interrupt'): boolean {
    const slot = this.slots.find((s) => s.runId === runId)
    if (!slot) return false
    this.post(slot, { type: 'stop', runId, mode })
    return true
  }

  /** Terminates every worker (runs in flight keep what they stored). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
    this.slots = []
  }

  private spawn(): Slot {
    const worker = new Worker(this.opts.entry)
    const slot: Slot = { worker, runId: null }
    worker.on('message', (m: FromWorker) => {
      if ((m.type === 'done' || m.type === 'error') && slot.runId === m.runId) slot.runId = null
      this.opts.onMessage(m)
    })
    worker.on('error', (e) => {
      const runId = slot.runId
      this.slots = this.slots.filter((s) => s !== slot)
      if (runId !== null) this.opts.onMessage({ type: 'error', runId, message: `worker crashed: ${e.message}` })
    })
    worker.on('exit', () => { this.slots = this.slots.filter((s) => s !== slot) })
    this.slots.push(slot)
    return slot
  }

  private post(slot: Slot, m: ToWorker): void {
    slot.worker.postMessage(m)
  }
}
