/** Worker-thread entry: trains the runs it is sent, one at a time, each on its own store connection and tfjs backend. */
import { parentPort } from 'node:worker_threads'
import { openStore, type Store } from '../store'
import type { FromWorker, ToWorker } from './messages'
import { runTrainJob } from './trainJob'

if (!parentPort) throw new Error('trainWorker must run in a worker thread')
const port = parentPort
const stops = new Map<number, 'cancel' | 'interrupt'>()
const stores = new Map<string, Store>()
let chain = Promise.resolve()

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'stop') { stops.set(msg.runId, msg.mode); return }
  chain = chain.then(() => train(msg.runId, msg.dbPath))
})

async function train(runId: number, dbPath: string): Promise<void> {
  const post = (m: FromWorker) => port.postMessage(m)
  try {
    let store = stores.get(dbPath)
    if (!store) { store = openStore(dbPath, { check: false }); stores.set(dbPath, store) } // the host checked it at its own open
    const status = await runTrainJob(store, runId, {
      onProgress: (progress) => post({ type: 'progress', progress }),
      stopRequested: () => stops.get(runId) ?? null,
    })
    post({ type: 'done', runId, status })
  } catch (e) {
    const message = (e as Error).message
    try { stores.get(dbPath)?.setStatus(runId, 'failed', message) } catch { /* the store itself failed */ }
    post({ type: 'error', runId, message })
  } finally {
    stops.delete(runId)
  }
}
