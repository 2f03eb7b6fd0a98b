import * as tf from '@tensorflow/tfjs-core'
import { resolveConfig } from '../src/core/config'
import { TrainingSession } from '../src/core/session'
import { initBackend } from '../src/runner/backend'
import { prepareTask } from '../src/runner/trainJob'
import { paramsFromSnapshot } from '../src/core/model/params'
import { makeBatch } from '../src/core/model/batch'
import { trainStep } from '../src/core/model/step'
import { activation } from '../src/core/model/activations'
await initBackend('wasm')
const cfg = resolveConfig({ group: '71', 'train-frac': 0.4, hidden: 2048, epochs: 3000, backend: 'wasm' })
const { task, train, test } = prepareTask(cfg)
const s = new TrainingSession(cfg, task, { train, test })
const E = Number(process.env.E ?? 1100)
for (let e = 0; e < E; e++) await s.runEpoch({ eval: false, diag: false })
let t = performance.now(); for (let i = 0; i < 10; i++) await s.runEpoch({ eval: false, diag: false }); console.log(`step at ${E}: ${((performance.now() - t) / 10).toFixed(1)} ms`)
const st = await s.resumeState()
const p = paramsFromSnapshot(st.params, 0)
const b = makeBatch(task, train, cfg.loss)
const out = trainStep(p, b, { act: activation(cfg.act), loss: cfg.loss, outputMult: cfg.outputMult, residualLayers: 0 } as never)
const DEN = 1.1754944e-38
const stat = async (name: string, x: tf.Tensor) => { const a = await x.data() as Float32Array; let d = 0, sq = 0, z = 0; for (const v of a) { const av = Math.abs(v); if (av === 0) z++; else if (av < DEN) d++; else if (av * av < DEN) sq++ } console.log(`${name} [${x.shape}]: ${(100 * d / a.length).toFixed(2)}% denormal, ${(100 * sq / a.length).toFixed(2)}% whose square is denormal, ${(100 * z / a.length).toFixed(2)}% zero`) }
for (const [k, v] of Object.entries(out as Record<string, unknown>)) if (v instanceof tf.Tensor) await stat(k, v)
for (const [k, v] of Object.entries((out as { grads: Record<string, unknown> }).grads)) if (v instanceof tf.Tensor) await stat('grad ' + k, v)
for (const [k, v] of Object.entries(st.optimizer.tensors)) await stat('state ' + k, tf.tensor(v.data))
const g = (out as { grads: { Wt: tf.Tensor } }).grads.Wt
const time = async (f: () => tf.Tensor) => { const r = f(); await r.data(); r.dispose(); const t0 = performance.now(); for (let i = 0; i < 20; i++) { const y = f(); await y.data(); y.dispose() } return (performance.now() - t0) / 20 }
console.log('g*g on grad Wt', (await time(() => tf.mul(g, g))).toFixed(2), 'ms; on a normal tensor', (await time(() => { const n = tf.onesLike(g); const y = tf.mul(n, n); n.dispose(); return y })).toFixed(2), 'ms')
