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

/** A worker and its job: one run, or the runs of a batch still training (a batch frees its worker when the last ends). */
interface Slot { worker: Worker; job: { id: number; runIds: number[] } | null }

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
    return this.slots.flatMap((s) => s.job?.runIds ?? [])
  }

  /** Jobs in flight (a batch is one job). */
  jobs(): number {
    return this.slots.filter((s) => s.job !== null).length
  }

  /** Starts a run on a free worker; returns false if none is free. */
  start(runId: number, dbPath: string): boolean {
    const slot = this.freeSlot()
    if (!slot) return false
    slot.job = { id: this.nextJob++, runIds: [runId] }
    this.post(slot, { type: 'run', job: slot.job.id, runId, dbPath })
    return true
  }

  /** Starts runs of one task shape as one stacked job on a free worker; returns false if none is free. */
  startBatch(runIds: number[], dbPath: string): boolean {
    if (runIds.length === 1) return this.start(runIds[0], dbPath)
    const slot = this.freeSlot()
    if (!slot) return false
    slot.job = { id: this.nextJob++, runIds: [...runIds] }
    this.post(slot, { type: 'batch', job: slot.job.id, runIds, dbPath })
    return true
  }

  /** Asks the worker training a run to stop it at its next flush (the rest of its batch trains on). */
  stop(runId: number, mode: 'cancel' | 'interrupt'): boolean {
    const slot = this.slots.find((s) => s.job?.runIds.includes(runId))
    if (!slot) return false
    this.post(slot, { type: 'stop', job: slot.job!.id, mode, runId })
    return true
  }

  private freeSlot(): Slot | undefined {
    let slot = this.slots.find((s) => s.job === null)
    if (!slot && this.slots.length < this.size) slot = this.spawn()
    return slot
  }

  /** Terminates every worker (runs in flight keep what they stored). */
  async close(): Promise<void> {
    for (const s of this.slots) s.job = null // a worker we end is no fault: its run is the runner's to mark
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
    this.slots = []
  }

  private spawn(): Slot {
    // the entry travels along when a core is left for a writer thread: the worker hands its checkpoints and resume
    // states to one (runWriter.ts). With a worker on every core the writes would only compete with training (and
    // each thread's start costs a second of CPU), so they stay inline.
    const writer = this.size < os.availableParallelism()
    const workerData = { kind: 'train', entry: writer ? (this.opts.entry instanceof URL ? this.opts.entry.href : this.opts.entry) : undefined }
    const worker = new Worker(this.opts.entry, { workerData, ...(this.opts.resourceLimits ? { resourceLimits: this.opts.resourceLimits } : {}) })
    const slot: Slot = { worker, job: null }
    // a job in flight when its worker dies ends as failed, with the reason, exactly once; the pool spawns a fresh worker next
    const fail = (why: string) => {
      const job = slot.job
      slot.job = null
      this.slots = this.slots.filter((s) => s !== slot)
      if (job !== null) for (const runId of job.runIds) this.opts.onMessage({ type: 'error', job: job.id, runId, message: why })
    }
    worker.on('message', (m: FromWorker) => {
      if ((m.type === 'done' || m.type === 'error') && slot.job?.id === m.job) {
        slot.job.runIds = slot.job.runIds.filter((id) => id !== m.runId)
        if (!slot.job.runIds.length) slot.job = null
      }
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
