/** The census side of the worker entry: a worker started with workerData { kind: 'census' } runs one census job and
 *  posts its progress and outcome. One entry for both kinds, so Node (bin/worker.mjs) and Electron (the bundled
 *  trainWorker) need no second path. */
import type { MessagePort } from 'node:worker_threads'
import { runCensusJob, type CensusInputs } from './censusJob'

/** Worker data that selects the census side. */
export const CENSUS_WORKER = { kind: 'census' } as const

/** Messages from a census worker. */
export type FromCensusWorker =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; out: ReturnType<typeof runCensusJob> }
  | { type: 'error'; message: string; field?: string }

/** Progress at most this often (a census of 10⁵ short restarts would otherwise post 10⁵ messages). */
const PROGRESS_EVERY_MS = 100

/** Runs the one census it is sent, then stays idle until terminated. */
export function serveCensus(port: MessagePort): void {
  port.once('message', (inputs: CensusInputs) => {
    const post = (m: FromCensusWorker) => port.postMessage(m)
    let last = 0
    try {
      const out = runCensusJob(inputs, (done, total) => {
        const now = Date.now()
        if (done === total || now - last >= PROGRESS_EVERY_MS) { last = now; post({ type: 'progress', done, total }) }
      })
      post({ type: 'result', out })
    } catch (e) {
      const err = e as { message?: string; field?: unknown; rule?: unknown; name?: string }
      post(err?.name === 'ValidationError' && typeof err.field === 'string'
        ? { type: 'error', message: String(err.rule), field: err.field }
        : { type: 'error', message: String(err?.message ?? e) })
    }
  })
}
