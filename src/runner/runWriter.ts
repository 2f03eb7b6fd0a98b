/** Where a training job's heavy writes go (issue 16, "nothing around the step"): a checkpoint's weights and spectra
 *  (~200 ms for Z_71, K 2048) and a resume state (~75 ms to encode and write) are handed to a writer thread, so the
 *  training thread only reads the weights off the backend and steps on. Without a writer thread (a job run in-process,
 *  as in tests) the same writes happen inline. Either way `drain()` is the barrier the job crosses before it marks a run
 *  ended: nothing it reports as stored is still in flight. */
import { Worker } from 'node:worker_threads'
import type { TensorMap } from '../core/model/params'
import type { ResumeState } from '../core/session'
import type { Task } from '../core/task'
import type { Store } from '../store'
import { saveResumeState, storeCheckpoint } from './runRecords'

export interface RunWriter {
  /** Stores the weights as the run's checkpoint at `epoch`, with their spectra for a group task. */
  checkpoint(runId: number, epoch: number, w: TensorMap): void
  /** Stores the run's resume state; waits while earlier writes are still queued, so at most a few are held in memory. */
  resume(runId: number, s: ResumeState): Promise<void>
  /** Resolves once everything handed over is stored; rejects with the first write's error. */
  drain(): Promise<void>
}

/** Writes on the calling thread: the job's own store connection and task. */
export function inlineWriter(store: Store, task: Task): RunWriter {
  return {
    checkpoint: (runId, epoch, w) => storeCheckpoint(store, runId, epoch, w, task),
    resume: async (runId, s) => saveResumeState(store, runId, s),
    drain: async () => {},
  }
}

/** Worker data that selects the writer side of the worker entry (writerWorker.ts). */
export const WRITER_WORKER = { kind: 'writer' } as const

/** What the writer thread is sent, and what it answers for each. */
export type ToWriter =
  | { type: 'checkpoint'; seq: number; dbPath: string; runId: number; epoch: number; w: TensorMap }
  | { type: 'resume'; seq: number; dbPath: string; runId: number; state: ResumeState }
export type FromWriter = { type: 'stored'; seq: number } | { type: 'failed'; seq: number; message: string; code?: string }

/** How many writes may wait in the writer thread before `resume` holds the training thread back. */
const MAX_QUEUED = 4

/** One job's view of the writer thread: its own writes, and their first failure (a write for a run another job ended, or
 *  that was deleted meanwhile, fails only that job's handle, never the next job's). */
class JobHandle implements RunWriter {
  readonly pending = new Set<number>()
  failure: Error | null = null
  constructor(private thread: ThreadWriter, private dbPath: string) {}

  checkpoint(runId: number, epoch: number, w: TensorMap): void {
    this.thread.post(this, { type: 'checkpoint', seq: 0, dbPath: this.dbPath, runId, epoch, w })
  }

  async resume(runId: number, state: ResumeState): Promise<void> {
    while (this.thread.queued() >= MAX_QUEUED && !this.failure) await this.thread.change()
    this.raise()
    this.thread.post(this, { type: 'resume', seq: 0, dbPath: this.dbPath, runId, state })
  }

  async drain(): Promise<void> {
    while (this.pending.size && !this.failure) await this.thread.change()
    this.raise()
  }

  private raise(): void {
    if (this.failure) throw this.failure
  }
}

/** A writer thread started from the worker entry `entry`. One serves a training worker for its life, each job through
 *  its own handle; writes are stored in the order they were handed over. */
export class ThreadWriter {
  private worker: Worker
  private seq = 0
  private owners = new Map<number, JobHandle>()
  private waiters: (() => void)[] = []
  /** Why the thread ended, once it has: a new ThreadWriter is needed. */
  private ended: string | null = null

  constructor(entry: string | URL) {
    this.worker = new Worker(entry, { workerData: WRITER_WORKER })
    this.worker.unref() // the training worker's own port keeps it alive; the writer must not
    this.worker.on('message', (m: FromWriter) => {
      const h = this.owners.get(m.seq)
      this.owners.delete(m.seq)
      if (h) {
        h.pending.delete(m.seq)
        if (m.type === 'failed') h.failure ??= Object.assign(new Error(m.message), m.code ? { code: m.code } : {})
      }
      this.wake()
    })
    const died = (why: string) => {
      this.ended = why
      for (const h of new Set(this.owners.values())) { h.failure ??= this.deadError(); h.pending.clear() }
      this.owners.clear()
      this.wake()
    }
    this.worker.on('error', (e) => died(e.message))
    this.worker.on('exit', (code) => died(`exit code ${code}`))
  }

  get dead(): boolean {
    return this.ended !== null
  }

  /** A RunWriter for one job on the store at `dbPath`. */
  for(dbPath: string): RunWriter {
    return new JobHandle(this, dbPath)
  }

  /** @internal Hands a write to the thread on behalf of a job. */
  post(h: JobHandle, m: ToWriter): void {
    if (this.ended !== null) { h.failure ??= this.deadError(); return }
    m.seq = ++this.seq
    h.pending.add(m.seq)
    this.owners.set(m.seq, h)
    this.worker.postMessage(m)
  }

  /** @internal Writes waiting in the thread, across jobs. */
  queued(): number {
    return this.owners.size
  }

  /** @internal Resolves at the next answer from the thread (or its end). */
  change(): Promise<void> {
    return new Promise<void>((r) => this.waiters.push(r))
  }

  private deadError(): Error {
    return new Error(`the checkpoint writer thread stopped (${this.ended}); writes after the last stored resume state are lost`)
  }

  private wake(): void {
    const w = this.waiters
    this.waiters = []
    w.forEach((f) => f())
  }

  /** Ends the thread once everything queued is stored. */
  async close(): Promise<void> {
    try { while (this.owners.size && this.ended === null) await this.change() } finally { await this.worker.terminate() }
  }
}
