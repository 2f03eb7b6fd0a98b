import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'
import { resolveConfig } from '../src/core/config'
import { TrainingSession } from '../src/core/session'
import { runTrainJob } from '../src/runner/trainJob'
import { defaultWorkerEntry } from '../src/runner/runner'
import { ThreadWriter } from '../src/runner/runWriter'
import { openStore } from '../src/store'
const epochs = Number(process.env.EP ?? 1500)
const cfg = resolveConfig({ group: '71', 'train-frac': 0.4, hidden: 2048, epochs, 'stop-when': 'off', backend: 'wasm' })
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-prof-'))
const store = openStore(path.join(dir, 'li2.sqlite'))
const proto = TrainingSession.prototype, runEpoch = proto.runEpoch
let inStep = 0, blockStep = 0, n = 0, tb = performance.now()
proto.runEpoch = async function (this: TrainingSession, ...a: Parameters<typeof runEpoch>) {
  const t = performance.now()
  try { return await runEpoch.apply(this, a) } finally {
    const d = performance.now() - t; inStep += d; blockStep += d
    if (++n % 100 === 0) { const w = performance.now() - tb; console.log(`epochs ${n - 100}-${n}: step ${(blockStep / 100).toFixed(1)} ms, wall ${(w / 100).toFixed(1)} ms/epoch`); blockStep = 0; tb = performance.now() }
  }
}
const id = store.createRun(cfg)
const writer = new ThreadWriter(defaultWorkerEntry())
const t0 = performance.now()
await runTrainJob(store, id, { writer: writer.for(path.join(dir, 'li2.sqlite')) })
await writer.close()
const total = performance.now() - t0
console.log(`total ${(total / epochs).toFixed(1)} ms/epoch, step ${(inStep / epochs).toFixed(1)}, around +${(100 * (total / inStep - 1)).toFixed(1)}%`)
fs.rmSync(dir, { recursive: true, force: true })
