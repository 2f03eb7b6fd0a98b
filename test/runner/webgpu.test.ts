// WebGPU (Dawn's Node binding + tfjs-backend-webgpu) against wasm: one training step's loss, G_F and every gradient,
// the optimizers' updates (Adam, Muon's Newton–Schulz), the diagnostics, and a lost device named and resumed.
// Runs on any adapter, Mesa lavapipe in CI (.ci/run installs it); skipped, saying why, where Dawn finds none.
import * as tf from '@tensorflow/tfjs-core'
import { afterAll, describe, expect, it } from 'vitest'
import { type Activation, type BackendName, type LossName, type OptimizerName, resolveConfig } from '../../src/core/config'
import { activation } from '../../src/core/model/activations'
import { disposeBatch, makeBatch } from '../../src/core/model/batch'
import { disposeParams, initParams, snapshotParams, type TensorMap } from '../../src/core/model/params'
import { trainStep } from '../../src/core/model/step'
import { makeOptimizer } from '../../src/core/optim'
import { type EpochRecord, TrainingSession } from '../../src/core/session'
import { StackedSession } from '../../src/core/batched/session'
import { openStore } from '../../src/store'
import { describeBackend, initBackend } from '../../src/runner/backend'
import { prepareTask, runTrainJob } from '../../src/runner/trainJob'
import { loseWebgpuDevice, probeAdapter } from '../../src/runner/webgpu'
import { validateCall } from '../../src/api/contract'
import { createService } from '../../src/api/service'
import { cleanupTmp, tmpDir } from './helpers'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const adapter = await probeAdapter().catch((e: Error) => e)
const noAdapter = adapter instanceof Error ? adapter.message : null
if (noAdapter) console.warn(`webgpu tests skipped: ${noAdapter}`)

afterAll(async () => { cleanupTmp(); await initBackend('wasm') })

/** max |a − b| / max |b|: relative to the tensor's scale, so entries near zero do not dominate. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let num = 0, den = 0
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i] - b[i])); den = Math.max(den, Math.abs(b[i])) }
  return den === 0 ? num : num / den
}

interface StepResult { loss: number; GF: Float32Array; grads: Record<string, Float32Array>; after: TensorMap }

/** One explicit step and two optimizer updates on `backend`, from the same seeded weights, read back to the host. */
async function oneStep(backend: BackendName, over: { act: Activation; loss: LossName; optim: OptimizerName; residual: number }): Promise<StepResult> {
  await initBackend(backend)
  const cfg = resolveConfig({ group: '13', hidden: 48, 'train-frac': 0.5, act: over.act, loss: over.loss, optim: over.optim, lr: 1e-2, wd: 1e-3, 'residual-layers': over.residual })
  const { task, train } = prepareTask(cfg)
  const p = initParams({ M: task.M, K: cfg.hidden, q: task.q, residualLayers: cfg.residualLayers }, 5)
  const b = makeBatch(task, train, cfg.loss)
  const spec = { act: activation(cfg.act), loss: cfg.loss, outputMult: cfg.outputMult }
  const opt = makeOptimizer(cfg)
  const s = tf.tidy(() => trainStep(p, b, spec, new Set(['G_F'])) as unknown as tf.TensorContainer) as unknown as ReturnType<typeof trainStep>
  const grads: Record<string, Float32Array> = { Wt: (await s.grads.Wt.data()) as Float32Array, V: (await s.grads.V.data()) as Float32Array }
  for (const [l, u] of s.grads.Ut.entries()) grads[`Ut${l}`] = (await u.data()) as Float32Array
  const out = { loss: (await s.loss.data())[0], GF: (await s.trace.G_F!.data()) as Float32Array, grads }
  opt.step(p, s.grads, cfg.lr)
  tf.dispose([s.loss, s.correct, s.grads.Wt, s.grads.V, ...s.grads.Ut, s.trace.G_F!])
  // a second update, so Adam's moments and Muon's momentum are past their first-step special case
  const s2 = tf.tidy(() => trainStep(p, b, spec) as unknown as tf.TensorContainer) as unknown as ReturnType<typeof trainStep>
  opt.step(p, s2.grads, cfg.lr)
  tf.dispose([s2.loss, s2.correct, s2.grads.Wt, s2.grads.V, ...s2.grads.Ut])
  const after = await snapshotParams(p)
  disposeParams(p); disposeBatch(b); opt.dispose()
  return { ...out, after }
}

describe.skipIf(noAdapter !== null)(`webgpu equals wasm (adapter: ${noAdapter ? 'none' : JSON.stringify(adapter)})`, () => {
  it('--backend webgpu takes the adapter, even a software one, and the run record names it', async () => {
    const be = await initBackend('webgpu')
    expect(be.name).toBe('webgpu')
    expect(tf.getBackend()).toBe('webgpu')
    expect(be.adapter).toBeDefined()
    const a = adapter as Exclude<typeof adapter, Error>
    expect(describeBackend(be)).toContain('@tensorflow/tfjs-backend-webgpu 4.22.0')
    expect(describeBackend(be)).toContain(a.vendor)
    if (a.software) expect(describeBackend(be)).toMatch(/\(software adapter\)$/)
  })

  for (const act of ['sqr', 'relu'] as const) for (const loss of ['mse', 'ce'] as const) for (const optim of ['adam', 'muon'] as const) {
    const residual = optim === 'adam' ? 1 : 0 // Muon leaves residual layers alone (as the reference): their gradients are checked under Adam
    it(`one step: loss, G_F, every gradient and the ${optim} update within 1e-4 (σ=${act}, ${loss}, residual ${residual})`, async () => {
      const over = { act, loss, optim, residual }
      const w = await oneStep('wasm', over)
      const g = await oneStep('webgpu', over)
      expect(Math.abs(g.loss - w.loss) / Math.abs(w.loss)).toBeLessThan(1e-4)
      expect(relErr(g.GF, w.GF), 'G_F').toBeLessThan(1e-4)
      expect(Object.keys(g.grads).sort()).toEqual(Object.keys(w.grads).sort())
      for (const k of Object.keys(w.grads)) expect(relErr(g.grads[k], w.grads[k]), `∂L/∂${k}`).toBeLessThan(1e-4)
      for (const k of Object.keys(w.after)) expect(relErr(g.after[k].data, w.after[k].data), `${k} after two ${optim} steps`).toBeLessThan(1e-4)
    })
  }

  it('a session\'s records (losses, accuracies, ‖G_F‖, dF, Gram statistics, norms, ΔW, ΔV) match wasm epoch by epoch', async () => {
    const records = async (backend: BackendName): Promise<EpochRecord[]> => {
      await initBackend(backend)
      const cfg = resolveConfig({ group: '11', hidden: 32, 'train-frac': 0.5, optim: 'muon', lr: 1e-2, epochs: 3, 'eval-every': 1, 'diag-every': 1, 'diag-sample': 20 })
      const { task, train, test } = prepareTask(cfg)
      const s = new TrainingSession(cfg, task, { train, test })
      const out: EpochRecord[] = []
      for (let e = 0; e < cfg.epochs; e++) out.push(await s.runEpoch())
      out.push(await s.finalRecord())
      s.dispose()
      return out
    }
    const w = await records('wasm'), g = await records('webgpu')
    g.forEach((r, i) => {
      expect(r.train_acc).toBe(w[i].train_acc)
      expect(r.test_acc).toBe(w[i].test_acc)
      for (const k of ['train_loss', 'test_loss'] as const) expect(Math.abs(r[k]! - w[i][k]!) / Math.abs(w[i][k]!), `${k} at ${i}`).toBeLessThan(1e-4)
      for (const k of ['gf_norm', 'df_norm', 'ftf_offdiag_ratio', 'fft_dist_ideal', 'w_norm', 'v_norm'] as const) {
        expect(Math.abs(r.diag![k]! - w[i].diag![k]!) / Math.abs(w[i].diag![k]!), `${k} at ${i}`).toBeLessThan(1e-4)
      }
      // ΔW, ΔV are 1 − cos of two nearby float32 vectors: the cancellation leaves ~1e-3 of the distance itself
      for (const k of ['dw_cos', 'dv_cos'] as const) {
        if (Number.isNaN(w[i].diag![k])) expect(r.diag![k]).toBeNaN()
        else expect(Math.abs(r.diag![k] - w[i].diag![k]) / w[i].diag![k], `${k} at ${i}`).toBeLessThan(1e-2)
      }
    })
  })

  it('a stack of 3 seeds (one batched matMul kernel for all runs) gives each run\'s wasm curve, epoch by epoch', async () => {
    const cfgs = [1, 2, 3].map((seed) => resolveConfig({ group: '11', hidden: 32, 'train-frac': 0.5, lr: 1e-2, epochs: 6, 'eval-every': 1, 'diag-every': 3, 'diag-sample': 20, seed }))
    const prepared = cfgs.map((c) => prepareTask(c))
    await initBackend('wasm')
    const alone: EpochRecord[][] = []
    for (const [s, c] of cfgs.entries()) {
      const sess = new TrainingSession(c, prepared[s].task, prepared[s])
      const out: EpochRecord[] = []
      for (let e = 0; e < c.epochs; e++) out.push(await sess.runEpoch())
      out.push(await sess.finalRecord())
      sess.dispose()
      alone.push(out)
    }
    await initBackend('webgpu')
    const st = new StackedSession(cfgs, prepared[0].task, prepared)
    const stacked: EpochRecord[][] = cfgs.map(() => [])
    for (let e = 0; e < cfgs[0].epochs; e++) (await st.runEpoch()).forEach((r, s) => stacked[s].push(r))
    ;(await st.finalRecords()).forEach((r, s) => stacked[s].push(r))
    st.dispose()
    alone.forEach((w, s) => w.forEach((r, i) => {
      const g = stacked[s][i]
      expect(g.train_acc).toBe(r.train_acc)
      expect(g.test_acc).toBe(r.test_acc)
      for (const k of ['train_loss', 'test_loss'] as const) expect(Math.abs(g[k]! - r[k]!) / Math.abs(r[k]!), `run ${s} ${k} at ${i}`).toBeLessThan(1e-4)
      if (r.diag) for (const k of ['gf_norm', 'w_norm', 'v_norm'] as const) expect(Math.abs(g.diag![k]! - r.diag[k]!) / Math.abs(r.diag[k]!), `run ${s} ${k} at ${i}`).toBeLessThan(1e-4)
    }))
    expect(stacked[0][6].train_loss).not.toBe(stacked[1][6].train_loss) // the seeds took effect
  })

  it('a device lost mid-run fails the run with the reason, and resume continues it on another backend', async () => {
    const store = openStore(path.join(tmpDir(), 'lab.db'))
    const cfg = resolveConfig({ group: '11', hidden: 32, 'train-frac': 0.5, epochs: 10, 'resume-every': 2, 'eval-every': 1, 'diag-every': 5, checkpoints: 2, backend: 'webgpu' })
    const id = store.createRun(cfg)
    const lost = runTrainJob(store, id, { onProgress: (p) => { if (p.epoch >= 3) loseWebgpuDevice() } })
    await expect(lost).rejects.toThrow(/^webgpu device lost \(destroyed.*\) at epoch \d+; resume continues/)
    const run = store.getRun(id)!
    expect(run.backend).toBe('webgpu')
    expect(run.backendVersion).toMatch(/tfjs-backend-webgpu .* on /)
    const rs = store.getResumeState(id)!
    expect(rs.epoch).toBeGreaterThanOrEqual(2)
    expect(rs.epoch).toBeLessThan(10)
    // what was saved came from the device before it was lost: real weights, not the zeros a dead device reads as
    expect(rs.tensors['p.Wt'].data.some((x) => x !== 0)).toBe(true)
    // the worker marks the run failed with the message; resume on wasm picks it up from the resume state
    expect(await runTrainJob(store, id, { backend: 'wasm' })).toBe('finished')
    const after = store.getRun(id)!
    expect(after.backend).toBe('wasm')
    const m = store.getMetrics(id, { columns: ['train_loss'] })
    expect(m.epoch).toEqual(Array.from({ length: 11 }, (_, i) => i)) // no gap, no duplicate across the loss
    expect(m.train_loss!.every((x) => Number.isFinite(x))).toBe(true)
    // and a later webgpu init in this thread gets a fresh device, not the lost one
    const be = await initBackend('webgpu')
    expect(be.name).toBe('webgpu')
    const t = tf.add(tf.tensor1d([1, 2]), 1)
    expect(Array.from(await t.data())).toEqual([2, 3])
    t.dispose()
    store.close()
  })

  it('through the worker: the lost device fails the run with the reason, and resumeRun continues it on wasm', async () => {
    const db = path.join(tmpDir(), 'li2.sqlite')
    const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/loseWebgpuWorker.mjs')
    const h = await createService({ dbPath: db, workers: 1, workerEntry: entry })
    try {
      const config = { group: '11', hidden: 32, 'train-frac': 0.5, epochs: 400, 'resume-every': 5, 'eval-every': 10, 'diag-every': 50, checkpoints: 2, backend: 'webgpu' }
      const { id } = await h.service.startRun({ config })
      const end = await h.runner.waitFor(id)
      expect(end.status).toBe('failed')
      expect(end.error).toMatch(/^webgpu device lost \(destroyed.*\) at epoch \d+; resume continues from the last resume state on any backend/)
      expect(h.store.getRun(id)).toMatchObject({ status: 'failed', error: end.error, backend: 'webgpu' })
      expect(h.store.getRun(id)!.backendVersion).toMatch(/on mesa|on \S/)
      expect(() => validateCall('resumeRun', { id, backend: 'metal' })).toThrow(/backend/) // what every host checks first
      await h.service.resumeRun({ id, backend: 'wasm' })
      expect(await h.runner.waitFor(id)).toMatchObject({ status: 'finished' })
      const run = h.store.getRun(id)!
      expect(run).toMatchObject({ status: 'finished', backend: 'wasm', epochsDone: 400 })
      expect(run.config.backend).toBe('wasm')
      const m = h.store.getMetrics(id, { columns: ['train_loss'] })
      expect(m.epoch).toEqual(Array.from({ length: 401 }, (_, i) => i))
    } finally {
      await h.close()
    }
  })
})
