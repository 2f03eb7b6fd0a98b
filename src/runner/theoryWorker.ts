/** The theory side of the worker entry: a worker started with workerData { kind: 'theory' } computes one report on its
 *  own store connection and posts it (or the error, with the field it names), like the census side. */
import type { MessagePort } from 'node:worker_threads'
import { openStore } from '../store'
import { theoryReport, type TheoryArgs } from './theoryJob'

/** Worker data that selects the theory side. */
export const THEORY_WORKER = { kind: 'theory' } as const

/** What a theory worker is sent, and what it posts back. */
export interface TheoryRequest { dbPath: string; runId: number; args: TheoryArgs }
export type FromTheoryWorker =
  | { type: 'result'; report: Awaited<ReturnType<typeof theoryReport>> }
  | { type: 'error'; message: string; field?: string }

export function serveTheory(port: MessagePort): void {
  port.once('message', async (req: TheoryRequest) => {
    try {
      const store = openStore(req.dbPath, { check: false }) // the host checked the file at its own open
      try { port.postMessage({ type: 'result', report: await theoryReport(store, req.runId, req.args) } satisfies FromTheoryWorker) } finally { store.close() }
    } catch (e) {
      const err = e as { message?: string; field?: unknown; rule?: unknown; name?: string }
      port.postMessage((err?.name === 'ValidationError' && typeof err.field === 'string'
        ? { type: 'error', message: String(err.rule), field: err.field }
        : { type: 'error', message: String(err?.message ?? e) }) satisfies FromTheoryWorker)
    }
  })
}
