/** Bench: the main job end to end (issue 16): runTrainJob on the Fig. 3 config (Z_71, K 2048, p 0.4) into a temp store,
 *  per epoch, against the bare session step at the same cadences, with its writes on a writer thread as in a training
 *  worker (LI2_BENCH_INLINE=1: inline). Checkpoints keep the default density (50 per 3000
 *  epochs) over the shorter run. Wall and CPU time (the machine may be shared: CPU time is the steadier figure). */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { resolveConfig } from '../src/core/config'
import { TrainingSession } from '../src/core/session'
import { initBackend } from '../src/runner/backend'
import { defaultWorkerEntry } from '../src/runner/runner'
import { ThreadWriter } from '../src/runner/runWriter'
import { prepareTask, runTrainJob } from '../src/runner/trainJob'
import { openStore } from '../src/store'

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000

/** Prints ms per epoch end to end and of the step alone (wall and CPU), and the overhead around the step. */
export async function benchMainJob(): Promise<void> {
  const epochs = Number(process.env.LI2_BENCH_EPOCHS ?? 300)
  const cfg = resolveConfig({ group: '71', 'train-frac': 0.4, hidden: 2048, epochs, checkpoints: Math.max(2, Math.round((50 * epochs) / 3000)), backend: (process.env.LI2_BACKEND as never) ?? 'wasm' })
  await initBackend(cfg.backend)
  const { task, train, test } = prepareTask(cfg)
  /** The step at the job's cadences (eval, diag every 10), timed over whole periods. */
  const step = async (): Promise<{ wall: number; cpu: number }> => {
    const s = new TrainingSession(cfg, task, { train, test })
    await s.runEpoch(); await s.runEpoch()
    const reps = 30, c = process.cpuUsage(), w = performance.now()
    for (let i = 0; i < reps; i++) await s.runEpoch()
    const out = { wall: (performance.now() - w) / reps, cpu: cpuMs(process.cpuUsage(c)) / reps }
    s.dispose()
    return out
  }
  const before = await step()
  let c0: NodeJS.CpuUsage, w0: number
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-bench-main-'))
  try {
    const dbPath = path.join(dir, 'li2.sqlite')
    const store = openStore(dbPath)
    const id = store.createRun(cfg)
    // as a training worker runs it: checkpoints, spectra and resume states go to a writer thread (runWriter.ts)
    const writer = process.env.LI2_BENCH_INLINE ? null : new ThreadWriter(defaultWorkerEntry())
    // the step's own time inside the job, so the overhead around it is read from one run, immune to the load's drift
    const proto = TrainingSession.prototype, runEpoch = proto.runEpoch
    let inStep = 0
    proto.runEpoch = async function (this: TrainingSession, ...a: Parameters<typeof runEpoch>) {
      const t = performance.now()
      try { return await runEpoch.apply(this, a) } finally { inStep += performance.now() - t }
    }
    c0 = process.cpuUsage(); w0 = performance.now()
    try { await runTrainJob(store, id, writer ? { writer: writer.for(dbPath) } : {}) } finally { proto.runEpoch = runEpoch }
    const jobWall = performance.now() - w0
    await writer?.close()
    const e2eWall = (performance.now() - w0) / epochs, e2eCpu = cpuMs(process.cpuUsage(c0)) / epochs
    const nCk = store.listCheckpoints(id).length
    store.close()
    // on a shared machine the load drifts: the step is timed before and after the job, and the faster reading kept
    const after = await step()
    const stepWall = Math.min(before.wall, after.wall), stepCpu = Math.min(before.cpu, after.cpu)
    console.log(`step before/after the job: ${before.wall.toFixed(1)}/${after.wall.toFixed(1)} ms wall, ${before.cpu.toFixed(1)}/${after.cpu.toFixed(1)} ms cpu`)
    console.log(`main job Z_71 K 2048 p 0.4, ${epochs} epochs, ${nCk} checkpoints with spectra, resume every ${cfg.resumeEvery}, writes ${writer ? 'on a writer thread' : 'inline'}: ` +
      `end to end ${e2eWall.toFixed(1)} ms/epoch wall (${e2eCpu.toFixed(1)} cpu) vs step at the same cadence ${stepWall.toFixed(1)} ms wall (${stepCpu.toFixed(1)} cpu): ` +
      `overhead +${(100 * (e2eWall / stepWall - 1)).toFixed(0)}% wall, +${(100 * (e2eCpu / stepCpu - 1)).toFixed(0)}% cpu`)
    console.log(`inside the job: ${(inStep / epochs).toFixed(1)} ms/epoch in the step, ${((jobWall - inStep) / epochs).toFixed(1)} ms/epoch around it on the training thread: +${(100 * (jobWall / inStep - 1)).toFixed(1)}% over the step`)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await benchMainJob()
