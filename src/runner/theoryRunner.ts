/** A theory report in its own worker thread (the training workers' entry, told by its workerData), ended when it
 *  answers; `closeAll` ends those still computing when the host closes. */
import { Worker } from 'node:worker_threads'
import { ValidationError } from '../core/errors'
import { defaultWorkerEntry } from './runner'
import type { TheoryArgs, theoryReport } from './theoryJob'
import { THEORY_WORKER, type FromTheoryWorker, type TheoryRequest } from './theoryWorker'

export class TheoryRunner {
  private live = new Set<Worker>()
  constructor(private readonly entry: string | URL = defaultWorkerEntry()) {}

  /** The report of run `runId` in store `dbPath`, computed off this thread. */
  report(dbPath: string, runId: number, args: TheoryArgs): Promise<Awaited<ReturnType<typeof theoryReport>>> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(this.entry, { workerData: THEORY_WORKER })
      this.live.add(worker)
      let settled = false
      const settle = (f: () => void) => { if (settled) return; settled = true; this.live.delete(worker); void worker.terminate(); f() }
      worker.on('message', (m: FromTheoryWorker) => settle(() => (m.type === 'result' ? resolve(m.report)
        : reject(m.field ? new ValidationError(m.field, m.message) : new Error(m.message)))))
      worker.on('error', (e) => settle(() => reject(new Error(`theory worker crashed: ${e.message}`))))
      worker.on('exit', (code) => settle(() => reject(new Error(`theory worker exited (code ${code}) before its report`))))
      worker.postMessage({ dbPath, runId, args } satisfies TheoryRequest)
    })
  }

  /** Ends every report still computing. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.live].map((w) => w.terminate()))
    this.live.clear()
  }
}
