/** Bench: stacked runs (issue 16): one step of S seeds of Z_23 (K 512) as one stacked model, as runs/hour of a
 *  3000-epoch run at the quick sweep preset's cadences (eval every 10, diagnostics every 100), for S = 1, 8, 64, beside
 *  the unstacked session. */
import path from 'node:path'
import { resolveConfig } from '../src/core/config'
import { StackedSession } from '../src/core/batched/session'
import { TrainingSession } from '../src/core/session'
import { makeSplit, trainSize } from '../src/core/split'
import { buildTask } from '../src/core/taskFactory'
import { initBackend } from '../src/runner/backend'

const EPOCHS = 3000

/** CPU ms per call (process CPU time: steadier than wall time on a shared machine; tfjs-wasm runs on this thread only). */
function timeIt(f: () => void, reps: number): number {
  f(); f()
  const c0 = process.cpuUsage()
  for (let i = 0; i < reps; i++) f()
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / 1000 / reps
}

/** Prints ms per stacked step and runs/hour for S = 1, 8, 64 seeds of Z_23, K 512. */
export async function benchBatched(): Promise<void> {
  const be = await initBackend((process.env.LI2_BACKEND as never) ?? 'wasm')
  const base = { group: '23', hidden: 512, 'train-frac': 0.4, epochs: EPOCHS, 'eval-every': 10, 'diag-every': 100 }
  const cfg0 = resolveConfig(base)
  const task = buildTask(cfg0)
  const split = (seed: number) => makeSplit(task.numSamples, trainSize(task.numSamples, { kind: 'fraction', trainFrac: 0.4 }, task.M, 1), seed)
  const one = new TrainingSession(cfg0, task, split(0))
  for (let i = 0; i < 20; i++) one.runEpoch() // warm-up (JIT, wasm heap growth)
  const single = timeIt(() => one.runEpoch(), 200)
  one.dispose()
  const perHour = (ms: number, S: number) => Math.round((S * 3600e3) / (ms * EPOCHS))
  console.log(`backend ${be.name}; Z_23 K 512 train-frac 0.4, sweep cadences (eval every ${cfg0.evalEvery}, diag every ${cfg0.diagEvery}); runs of ${EPOCHS} epochs`)
  console.log(`(CPU time per step; runs/hour as if the CPU were this process's alone)`)
  console.log(`unstacked session: ${single.toFixed(2)} ms/step, ${perHour(single, 1)} runs/hour`)
  const res: Record<number, number> = {}
  for (const S of [1, 8, 64]) {
    const cfgs = Array.from({ length: S }, (_, s) => resolveConfig({ ...base, seed: s }))
    const st = new StackedSession(cfgs, task, cfgs.map((c) => split(c.seed)))
    for (let i = 0; i < 5; i++) st.runEpoch()
    const ms = timeIt(() => st.runEpoch(), S >= 64 ? 100 : 200) // whole eval and diag periods
    const bare = timeIt(() => st.runEpoch({ eval: false, diag: false }), S >= 64 ? 20 : 50)
    st.dispose()
    res[S] = perHour(ms, S)
    console.log(`stacked S=${S}: ${ms.toFixed(2)} ms/step (${(ms / S).toFixed(2)} ms per run-step; bare ${bare.toFixed(2)} ms), ${res[S]} runs/hour (${(res[S] / res[1]).toFixed(1)}× stacked S=1, ${(res[S] / perHour(single, 1)).toFixed(1)}× unstacked)`)
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await benchBatched()
