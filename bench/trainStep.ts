/** Bench: ms per training step and effective GFLOP/s on the active backend, beside plain matMul GFLOP/s (issue 2). */
import * as tf from '@tensorflow/tfjs-core'
import { initBackend } from '../src/runner/backend'
import { resolveConfig, type TrainConfig } from '../src/core/config'
import { groupTask } from '../src/core/task'
import { resolveGroup } from '../src/core/groups'
import { makeSplit, trainSize } from '../src/core/split'
import { TrainingSession } from '../src/core/session'

function timeIt(f: () => void, reps: number): number {
  f(); f()
  const t0 = performance.now()
  for (let i = 0; i < reps; i++) f()
  return (performance.now() - t0) / reps
}

/** Plain (n×K)·(K×M) matMul GFLOP/s. */
function matmulGflops(n: number, K: number, M: number): number {
  const a = tf.randomNormal([n, K]), b = tf.randomNormal([K, M])
  const ms = timeIt(() => tf.tidy(() => { tf.matMul(a, b).dataSync() }), 10)
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

/** Prints the step benchmark for Z_71 (Fig. 3) and Z_127 at the critical ratio. */
export async function benchTrainStep(): Promise<void> {
  const be = await initBackend((process.env.LI2_BACKEND as never) ?? 'auto')
  console.log(`backend ${be.name} (${be.version})`)
  for (const over of [{ group: '71', 'train-frac': 0.4 }, { group: '127', 'critical-delta': 0 }]) {
    const { s, n, cfg } = session({ ...over, hidden: 2048 })
    const M = s.task.M, K = cfg.hidden
    const flops = 3 * 2 * n * K * M // three n·K·M GEMMs: F·Vᵀ, dY·V, dYᵀ·F
    const plain = matmulGflops(n, K, M)
    const bare = timeIt(() => s.runEpoch({ eval: false, diag: false }), 10)
    const withTest = timeIt(() => s.runEpoch({ eval: true, diag: false }), 10)
    const withDiag = timeIt(() => s.runEpoch({ eval: true, diag: true }), 5)
    const cadence = timeIt(() => s.runEpoch(), 20) // the config's default cadences
    console.log(`Z_${M} K=${K} n=${n}: ${bare.toFixed(1)} ms/step (${(flops / (bare * 1e6)).toFixed(1)} GFLOP/s effective, floor ${(flops / (plain * 1e6)).toFixed(1)} ms) | +test eval ${withTest.toFixed(1)} ms | +eval+diagnostics every step ${withDiag.toFixed(1)} ms | default cadence (eval every ${cfg.evalEvery}, diag every ${cfg.diagEvery}) ${cadence.toFixed(1)} ms (+${(100 * (cadence / bare - 1)).toFixed(0)}%) | plain matMul (${n}×${K})·(${K}×${M}) ${plain.toFixed(1)} GFLOP/s`)
    s.dispose()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTrainStep()
