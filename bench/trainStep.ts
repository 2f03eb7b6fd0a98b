/** Bench: ms per training step and effective GFLOP/s on the active backend, beside plain matMul GFLOP/s (issue 2). */
import * as tf from '@tensorflow/tfjs-core'
import { describeBackend, initBackend } from '../src/runner/backend'
import { type BackendName, resolveConfig, type TrainConfig } from '../src/core/config'
import { groupTask } from '../src/core/task'
import { resolveGroup } from '../src/core/groups'
import { makeSplit, trainSize } from '../src/core/split'
import { TrainingSession } from '../src/core/session'

async function timeIt(f: () => unknown, reps: number, warm = 2): Promise<number> {
  for (let i = 0; i < warm; i++) await f()
  const t0 = performance.now()
  for (let i = 0; i < reps; i++) await f()
  return (performance.now() - t0) / reps
}

/** Plain (n×K)·(K×M) matMul GFLOP/s. */
async function matmulGflops(n: number, K: number, M: number, reps: number): Promise<number> {
  const a = tf.randomNormal([n, K]), b = tf.randomNormal([K, M])
  const ms = await timeIt(async () => { const c = tf.matMul(a, b); await c.data(); c.dispose() }, reps, 1)
  a.dispose(); b.dispose()
  return (2 * n * K * M) / (ms * 1e6)
}

function session(over: Record<string, unknown>): { s: TrainingSession; n: number; cfg: TrainConfig } {
  const cfg = resolveConfig(over)
  const g = resolveGroup(cfg.group)
  const task = groupTask(g, cfg.ops)
  const n = trainSize(task.numSamples, cfg.trainFrac !== null ? { kind: 'fraction', trainFrac: cfg.trainFrac } : { kind: 'critical', delta: cfg.criticalDelta ?? 0, multiplier: cfg.criticalMultiplier }, g.order, 1)
  return { s: new TrainingSession(cfg, task, makeSplit(task.numSamples, n, cfg.seed)), n, cfg }
}

/** The step figures for Z_71 (Fig. 3) and Z_127 at the critical ratio on the backend now active. `quick` (a software
 *  WebGPU adapter: 0.4–2 s per big matMul on a shared CPU) times one step and one matMul per group. */
async function benchOn(label: string, quick: boolean): Promise<void> {
  console.log(label)
  for (const over of [{ group: '71', 'train-frac': 0.4 }, { group: '127', 'critical-delta': 0 }]) {
    const { s, n, cfg } = session({ ...over, hidden: 2048 })
    const M = s.task.M, K = cfg.hidden
    const flops = 3 * 2 * n * K * M // three n·K·M GEMMs: F·Vᵀ, dY·V, dYᵀ·F
    let row: string
    if (quick) {
      // a software adapter: one warm-up step (shader compilation), then one timed step and one matMul
      const plain = await matmulGflops(n, K, M, 1)
      const bare = await timeIt(() => s.runEpoch({ eval: false, diag: false }), 1, 1)
      row = `${bare.toFixed(0)} ms/step (${(flops / (bare * 1e6)).toFixed(2)} GFLOP/s effective, floor ${(flops / (plain * 1e6)).toFixed(0)} ms) | one timed step after one warm-up; eval, diagnostics and cadence rows skipped | plain matMul (${n}×${K})·(${K}×${M}) ${plain.toFixed(2)} GFLOP/s`
    } else {
      const plain = await matmulGflops(n, K, M, 10)
      const bare = await timeIt(() => s.runEpoch({ eval: false, diag: false }), 10)
      const withTest = await timeIt(() => s.runEpoch({ eval: true, diag: false }), 10)
      const withDiag = await timeIt(() => s.runEpoch({ eval: true, diag: true }), 5)
      const cadence = await timeIt(() => s.runEpoch(), 20) // the config's default cadences
      row = `${bare.toFixed(1)} ms/step (${(flops / (bare * 1e6)).toFixed(1)} GFLOP/s effective, floor ${(flops / (plain * 1e6)).toFixed(1)} ms) | +test eval ${withTest.toFixed(1)} ms | +eval+diagnostics every step ${withDiag.toFixed(1)} ms | default cadence (eval every ${cfg.evalEvery}, diag every ${cfg.diagEvery}) ${cadence.toFixed(1)} ms (+${(100 * (cadence / bare - 1)).toFixed(0)}%) | plain matMul (${n}×${K})·(${K}×${M}) ${plain.toFixed(1)} GFLOP/s`
    }
    console.log(`  Z_${M} K=${K} n=${n}: ${row}`)
    s.dispose()
  }
}

/** Prints the step benchmark per backend present (LI2_BACKEND=name: that one only). WebGPU runs when an adapter
 *  exists; on a software adapter its figures are labelled so and kept short; LI2_BENCH_WEBGPU=0 skips it. */
export async function benchTrainStep(): Promise<void> {
  const only = process.env.LI2_BACKEND as BackendName | undefined
  const names: BackendName[] = only ? [only] : ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm']
  for (const name of names) {
    if (name === 'webgpu' && process.env.LI2_BENCH_WEBGPU === '0') { console.log('webgpu: skipped (LI2_BENCH_WEBGPU=0)'); continue }
    let be
    try {
      be = await initBackend(name)
    } catch (e) {
      const why = (e as Error).message.replace(/^no tfjs backend could start \(|\)$/g, '').replace(`${name}: `, '')
      console.log(`${name}: not present (${why})`)
      continue
    }
    const soft = be.adapter?.software === true
    await benchOn(`backend ${be.name} (${describeBackend(be)})${soft ? ': SOFTWARE RENDERING, a CPU emulation of a GPU, not a GPU speed' : ''}`, soft)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTrainStep()
