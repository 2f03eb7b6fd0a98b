/** The writer side of the worker entry (runWriter.ts): a worker started with workerData { kind: 'writer' } stores the
 *  checkpoints (with spectra) and resume states a training thread hands it, in order, each on its own store connection. */
import type { MessagePort } from 'node:worker_threads'
import type { Task } from '../core/task'
import { buildTask } from '../core/taskFactory'
import { openStore, type Store } from '../store'
import { saveResumeState, storeCheckpoint } from './runRecords'
import type { FromWriter, ToWriter } from './runWriter'
import './tableGroup' // a table:PATH group must resolve here too

export function serveWriter(port: MessagePort): void {
  const stores = new Map<string, Store>()
  const tasks = new Map<string, Task>()
  port.on('message', (m: ToWriter) => {
    try {
      let store = stores.get(m.dbPath)
      if (!store) { store = openStore(m.dbPath, { check: false }); stores.set(m.dbPath, store) } // the host checked it at its own open
      if (m.type === 'resume') saveResumeState(store, m.runId, m.state)
      else {
        const key = `${m.dbPath}\0${m.runId}`
        let task = tasks.get(key)
        if (!task) {
          const run = store.getRun(m.runId)
          if (!run) throw new Error(`run ${m.runId} not found`)
          task = buildTask(run.config)
          tasks.set(key, task)
        }
        storeCheckpoint(store, m.runId, m.epoch, m.w, task)
      }
      port.postMessage({ type: 'stored', seq: m.seq } satisfies FromWriter)
    } catch (e) {
      const err = e as { message?: string; code?: unknown }
      port.postMessage({ type: 'failed', seq: m.seq, message: String(err?.message ?? e), ...(typeof err?.code === 'string' ? { code: err.code } : {}) } satisfies FromWriter)
    }
  })
}
