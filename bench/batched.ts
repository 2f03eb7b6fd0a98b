/** Bench: stacked runs (issue 16): one step of S seeds of Z_23 (K 512) as one stacked model, as runs/hour of a
 *  3000-epoch run at the quick sweep preset's cadences (eval every 10, diagnostics every 100), for S = 1, 8, 64, beside
 *  the unstacked session. */
import * as tf from '@tensorflow/tfjs-core'
import path from 'node:path'
import { resolveConfig } from '../src/core/config'
import { StackedSession } from '../src/core/batched/session'
import { TrainingSession } from '../src/core/session'
import { makeSplit, trainSize } from '../src/core/split'
import { buildTask } from '../src/core/taskFactory'
import { initBackend } from '../src/runner/backend'

const EPOCHS = 3000

/** CPU ms per call (process CPU time: steadier than wall time on a shared machine; tfjs-wasm runs on this thread only). */
async function timeIt(f: () => Promise<unknown>, reps: number): Promise<number> {
  await f(); await f()
  const c0 = process.cpuUsage()
  for (let i = 0; i < reps; i++) await f()
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / 1000 / reps
}

/** CPU ms of the three matrix products one run's step cannot avoid (F·Vᵀ, dY·V, dYᵀ·F at its n, K, M): no stacking on
 *  a backend that runs each run's products separately can take a run-step below this. */
async function matMulFloor(n: number, K: number, M: number): Promise<number> {
  const F = tf.randomNormal([n, K]) as tf.Tensor2D, Vt = tf.randomNormal([K, M]) as tf.Tensor2D
  const V = tf.randomNormal([M, K]) as tf.Tensor2D, dY = tf.randomNormal([n, M]) as tf.Tensor2D, dYt = tf.randomNormal([M, n]) as tf.Tensor2D
  const ms = await timeIt(async () => { const out = [tf.matMul(F, Vt), tf.matMul(dY, V), tf.matMul(dYt, F)]; await out[2].data(); tf.dispose(out) }, 200)
  tf.dispose([F, Vt, V, dY, dYt])
  return ms
}

/** Prints ms per step and runs/hour for the unstacked session and stacks of S = 1, 8, 64 seeds. */
async function benchTask(group: string, trainFrac: number): Promise<void> {
  const base = { group, hidden: 512, 'train-frac': trainFrac, epochs: EPOCHS, 'eval-every': 10, 'diag-every': 100 }
  const cfg0 = resolveConfig(base)
  const task = buildTask(cfg0)
  const split = (seed: number) => makeSplit(task.numSamples, trainSize(task.numSamples, { kind: 'fraction', trainFrac }, task.M, 1), seed)
  const n = split(0).train.length
  const one = new TrainingSession(cfg0, task, split(0))
  for (let i = 0; i < 20; i++) await one.runEpoch() // warm-up (JIT, wasm heap growth)
  const single = await timeIt(() => one.runEpoch(), 200)
  one.dispose()
  const perHour = (ms: number, S: number) => Math.round((S * 3600e3) / (ms * EPOCHS))
  console.log(`\nZ_${group} K 512 train-frac ${trainFrac} (n ${n}), sweep cadences (eval every ${cfg0.evalEvery}, diag every ${cfg0.diagEvery}); runs of ${EPOCHS} epochs`)
  console.log(`unstacked session (one run per worker, as before): ${single.toFixed(2)} ms/step, ${perHour(single, 1)} runs/hour`)
  const res: Record<number, number> = {}
  let bare1 = 0
  for (const S of [1, 8, 64]) {
    const cfgs = Array.from({ length: S }, (_, s) => resolveConfig({ ...base, seed: s }))
    const st = new StackedSession(cfgs, task, cfgs.map((c) => split(c.seed)))
    for (let i = 0; i < 5; i++) await st.runEpoch()
    const ms = await timeIt(() => st.runEpoch(), S >= 64 ? 100 : 200) // whole eval and diag periods
    const bare = await timeIt(() => st.runEpoch({ eval: false, diag: false }), S >= 64 ? 20 : 50)
    st.dispose()
    if (S === 1) bare1 = bare
    res[S] = perHour(ms, S)
    console.log(`stacked S=${S}: ${ms.toFixed(2)} ms/step (${(ms / S).toFixed(2)} ms per run-step; bare ${bare.toFixed(2)} ms), ${res[S]} runs/hour (${(res[S] / res[1]).toFixed(1)}× stacked S=1, ${(res[S] / perHour(single, 1)).toFixed(1)}× unstacked)`)
  }
  const floor = await matMulFloor(n, 512, task.M)
  console.log(`matMul floor: ${floor.toFixed(2)} ms per run-step, ${(100 * floor / bare1).toFixed(0)}% of the bare S=1 step: stacking on this backend can reach at most ${(bare1 / floor).toFixed(1)}× on the bare step`)
}

/** Prints the stacked-runs figures for Z_23 (the case, arithmetic-bound on wasm) and Z_11 (per-op-bound). */
export async function benchBatched(): Promise<void> {
  const be = await initBackend((process.env.LI2_BACKEND as never) ?? 'wasm')
  console.log(`backend ${be.name}${be.adapter?.software ? ' (software adapter: not GPU figures)' : ''}; CPU time per step, runs/hour as if the CPU were this process's alone`)
  await benchTask('23', 0.4)
  await benchTask('11', 0.4)
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await benchBatched()
