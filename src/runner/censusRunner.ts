/** Energy censuses off the host's main thread: one worker thread per census (the training workers' entry, told by its
 *  workerData to run a census), with progress, outcome and cancel. Cancel terminates the thread: a census keeps no state
 *  worth saving, and the ascent loop has no flush at which to ask it to stop. */
import { Worker } from 'node:worker_threads'
import type { CensusInputs, runCensusJob } from './censusJob'
import { CENSUS_WORKER, type FromCensusWorker } from './censusWorker'
import { defaultWorkerEntry } from './runner'

/** What a census ends with: its outcome, or the error (with the field it names, when it names one). */
export type CensusEnd =
  | { ok: true; out: ReturnType<typeof runCensusJob> }
  | { ok: false; message: string; field?: string; cancelled?: boolean }

export interface CensusHandlers {
  onProgress(done: number, total: number): void
  onEnd(end: CensusEnd): void
}

/** The census threads of one host, by census id. */
export class CensusRunner {
  private workers = new Map<number, { worker: Worker; h: CensusHandlers }>()

  constructor(private readonly entry: string | URL = defaultWorkerEntry()) {}

  /** Starts census `id` in its own worker thread; the handlers hear its progress and exactly one end. */
  start(id: number, inputs: CensusInputs, h: CensusHandlers): void {
    const worker = new Worker(this.entry, { workerData: CENSUS_WORKER })
    this.workers.set(id, { worker, h })
    const end = (e: CensusEnd) => {
      if (this.workers.get(id)?.worker !== worker) return // ended already (cancel, or an error after the result)
      this.workers.delete(id)
      void worker.terminate()
      h.onEnd(e)
    }
    worker.on('message', (m: FromCensusWorker) => {
      if (m.type === 'progress') h.onProgress(m.done, m.total)
      else if (m.type === 'result') end({ ok: true, out: m.out })
      else end({ ok: false, message: m.message, field: m.field })
    })
    worker.on('error', (e) => end({ ok: false, message: `census worker crashed: ${e.message}` }))
    worker.on('exit', (code) => end({ ok: false, message: `census worker exited (code ${code}) before its result` }))
    worker.postMessage(inputs)
  }

  /** Stops census `id` now; false when it is not running here. */
  cancel(id: number): boolean {
    const w = this.workers.get(id)
    if (!w) return false
    this.workers.delete(id)
    void w.worker.terminate()
    w.h.onEnd({ ok: false, message: 'cancelled', cancelled: true })
    return true
  }

  /** Census ids running here. */
  running(): number[] {
    return [...this.workers.keys()]
  }

  /** Cancels every census (a host closing). */
  async close(): Promise<void> {
    const ws = [...this.workers.values()].map((w) => w.worker)
    for (const id of this.running()) this.cancel(id)
    await Promise.all(ws.map((w) => w.terminate()))
  }
}
