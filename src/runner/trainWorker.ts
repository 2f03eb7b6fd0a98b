/** Worker-thread entry: trains the jobs it is sent, one at a time, each on its own store connection and tfjs backend. */
import { parentPort, workerData } from 'node:worker_threads'
import { openStore, type Store } from '../store'
import { CENSUS_WORKER, serveCensus } from './censusWorker'
import { serveTheory, THEORY_WORKER } from './theoryWorker'
import { ThreadWriter, WRITER_WORKER } from './runWriter'
import { serveWriter } from './writerWorker'
import type { FromWorker, ToWorker } from './messages'
import { runBatchJob } from './batchJob'
import { failureMessage, runTrainJob } from './trainJob'

if (!parentPort) throw new Error('trainWorker must run in a worker thread')
const port = parentPort
const data = workerData as { kind?: string; entry?: string } | undefined
const kind = data?.kind
const census = kind === CENSUS_WORKER.kind
if (census) serveCensus(port) // an energy census worker (censusRunner.ts) shares this entry
const theory = kind === THEORY_WORKER.kind
if (theory) serveTheory(port) // so does a theory report (theoryRunner.ts)
const writerSide = kind === WRITER_WORKER.kind
if (writerSide) serveWriter(port) // and a training worker's checkpoint writer (runWriter.ts)
/** This training worker's writer thread, started from the entry the pool passed (none: writes stay inline). */
let writerThread: ThreadWriter | null = null
const writerFor = (dbPath: string) => {
  if (!data?.entry) return undefined
  if (!writerThread || writerThread.dead) writerThread = new ThreadWriter(data.entry.startsWith('file:') ? new URL(data.entry) : data.entry)
  return writerThread.for(dbPath)
}
/** Jobs sent and not yet ended, with the stop asked of each: a stop for any other job (one that already ended) is dropped. */
const jobs = new Map<number, 'cancel' | 'interrupt' | null>()
/** Stops asked of single runs of a batch job, by job. */
const runStops = new Map<number, Map<number, 'cancel' | 'interrupt'>>()
const stores = new Map<string, Store>()
let chain = Promise.resolve()

if (!census && !theory && !writerSide) port.on('message', (msg: ToWorker) => {
  if (msg.type === 'stop') {
    if (!jobs.has(msg.job)) return
    if (msg.runId !== undefined && runStops.has(msg.job)) runStops.get(msg.job)!.set(msg.runId, msg.mode)
    else jobs.set(msg.job, msg.mode)
    return
  }
  jobs.set(msg.job, null)
  if (msg.type === 'batch') { runStops.set(msg.job, new Map()); chain = chain.then(() => trainBatch(msg.job, msg.runIds, msg.dbPath)) }
  else chain = chain.then(() => train(msg.job, msg.runId, msg.dbPath))
})

function storeFor(dbPath: string): Store {
  let store = stores.get(dbPath)
  if (!store) { store = openStore(dbPath, { check: false }); stores.set(dbPath, store) } // the host checked it at its own open
  return store
}

async function trainBatch(job: number, runIds: number[], dbPath: string): Promise<void> {
  const post = (m: FromWorker) => port.postMessage(m)
  const left = new Set(runIds)
  try {
    const store = storeFor(dbPath)
    await runBatchJob(store, runIds, {
      onProgress: (progress) => post({ type: 'progress', progress }),
      stopRequested: (runId) => jobs.get(job) ?? runStops.get(job)?.get(runId) ?? null,
      onEnd: (runId, status) => { left.delete(runId); post({ type: 'done', job, runId, status }) },
      writer: writerFor(dbPath),
    })
  } catch (e) {
    for (const runId of left) reportFailure(e, job, runId, dbPath)
  } finally {
    jobs.delete(job); runStops.delete(job)
  }
}

async function train(job: number, runId: number, dbPath: string): Promise<void> {
  const post = (m: FromWorker) => port.postMessage(m)
  try {
    const store = storeFor(dbPath)
    const status = await runTrainJob(store, runId, {
      onProgress: (progress) => post({ type: 'progress', progress }),
      stopRequested: () => jobs.get(job) ?? null,
      writer: writerFor(dbPath),
    })
    post({ type: 'done', job, runId, status })
  } catch (e) {
    reportFailure(e, job, runId, dbPath)
  } finally {
    jobs.delete(job)
  }
}

/** Ends a run whose job threw: failed with the reason, or cancelled when it was deleted under us (its writes fail then,
 *  and there is nothing to report). */
function reportFailure(e: unknown, job: number, runId: number, dbPath: string): void {
  const message = failureMessage(e, runId)
  const store = stores.get(dbPath)
  let gone = false
  try { gone = store !== undefined && store.getRun(runId) === null } catch { /* the store itself failed */ }
  if (gone) { port.postMessage({ type: 'done', job, runId, status: 'cancelled' } satisfies FromWorker); return }
  try { store?.setStatus(runId, 'failed', message) } catch { /* the store itself failed */ }
  port.postMessage({ type: 'error', job, runId, message } satisfies FromWorker)
}
