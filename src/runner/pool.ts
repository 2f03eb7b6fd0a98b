/** A fixed pool of training worker threads (default one per core), each running one job at a time. Every job gets a new
 *  number, and a stop names the job, not the run: a late stop can never hit a later job of the same run id. */
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import type { FromWorker, ToWorker } from './messages'

export interface PoolOptions {
  /** Worker count; default: one per core. */
  size?: number
  /** The worker entry (a bootstrap .mjs under Node, electron-vite's ?modulePath under Electron). */
  entry: string | URL
  onMessage(m: FromWorker): void
  /** Heap limits for each worker: one that runs out fails its run ("worker ran out of memory") instead of the process. */
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number }
}

interface Slot { worker: Worker; job: { id: number; runId: number } | null }

export class WorkerPool {
  readonly size: number
  private slots: Slot[] = []
  private nextJob = 1

  constructor(private opts: PoolOptions) {
    this.size = Math.max(1, opts.size ?? os.availableParallelism())
  }

  /** Whether a worker is free for another job. */
  hasFree(): boolean {
    return this.slots.some((s) => s.job === null) || this.slots.length < this.size
  }

  /** Runs on which workers are busy. */
  busy(): number[] {
    return this.slots.flatMap((s) => (s.job ? [s.job.runId] : []))
  }

  /** Starts a run on a free worker; returns false if none is free. */
  start(runId: number, dbPath: string): boolean {
    let slot = this.slots.find((s) => s.job === null)
    if (!slot && this.slots.length < this.size) slot = this.spawn()
    if (!slot) return false
    slot.job = { id: this.nextJob++, runId }
    this.post(slot, { type: 'run', job: slot.job.id, runId, dbPath })
    return true
  }

  /** Asks the worker training a run to stop its job at its next flush. */
  stop(runId: number, mode: 'cancel' | 'interrupt'): boolean {
    const slot = this.slots.find((s) => s.job?.runId === runId)
    if (!slot) return false
    this.post(slot, { type: 'stop', job: slot.job!.id, mode })
    return true
  }

  /** Terminates every worker (runs in flight keep what they stored). */
  async close(): Promise<void> {
    for (const s of this.slots) s.job = null // a worker we end is no fault: its run is the runner's to mark
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
    this.slots = []
  }

  private spawn(): Slot {
    const worker = new Worker(this.opts.entry, this.opts.resourceLimits ? { resourceLimits: this.opts.resourceLimits } : {})
    const slot: Slot = { worker, job: null }
    // a job in flight when its worker dies ends as failed, with the reason, exactly once; the pool spawns a fresh worker next
    const fail = (why: string) => {
      const job = slot.job
      slot.job = null
      this.slots = this.slots.filter((s) => s !== slot)
      if (job !== null) this.opts.onMessage({ type: 'error', job: job.id, runId: job.runId, message: why })
    }
    worker.on('message', (m: FromWorker) => {
      if ((m.type === 'done' || m.type === 'error') && slot.job?.id === m.job) slot.job = null
      this.opts.onMessage(m)
    })
    worker.on('error', (e) => {
      const oom = (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
      fail(oom ? `worker ran out of memory (${e.message})` : `worker crashed: ${e.message}`)
    })
    // a worker that exits by itself (process.exit in a library, a native abort) says nothing: without this its run would
    // wait forever as running
    worker.on('exit', (code) => fail(`worker exited (code ${code}) while training`))
    this.slots.push(slot)
    return slot
  }

  private post(slot: Slot, m: ToWorker): void {
    slot.worker.postMessage(m)
  }
}
