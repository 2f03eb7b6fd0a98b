import { beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig, type TrainConfig } from '../../src/core/config'
import { StackedSession, stackKey } from '../../src/core/batched/session'
import type { EpochRecord } from '../../src/core/session'
import { TrainingSession } from '../../src/core/session'
import { makeSplit, trainSize } from '../../src/core/split'
import { buildTask } from '../../src/core/taskFactory'
import { useBackend } from './helpers'

function splitOf(cfg: TrainConfig, task: ReturnType<typeof buildTask>) {
  return makeSplit(task.numSamples, trainSize(task.numSamples, { kind: 'fraction', trainFrac: cfg.trainFrac! }, task.M, 1), cfg.seed)
}

/** Records of each config trained alone, and of all of them trained as one stack. */
async function both(cfgs: TrainConfig[], epochs: number) {
  const task = buildTask(cfgs[0])
  const alone = []
  for (const c of cfgs) {
    const s = new TrainingSession(c, task, splitOf(c, task))
    const recs: EpochRecord[] = []
    for (let t = 0; t < epochs; t++) recs.push(await s.runEpoch())
    recs.push(await s.finalRecord())
    const resume = await s.resumeState()
    s.dispose()
    alone.push({ recs, resume })
  }
  const st = new StackedSession(cfgs, task, cfgs.map((c) => splitOf(c, task)))
  const stacked: EpochRecord[][] = cfgs.map(() => [])
  for (let t = 0; t < epochs; t++) (await st.runEpoch()).forEach((r, s) => stacked[s].push(r))
  ;(await st.finalRecords()).forEach((r, s) => stacked[s].push(r))
  const resumes = await st.resumeStates()
  st.dispose()
  return { alone, stacked, resumes }
}

function expectSameCurves(a: EpochRecord[], b: EpochRecord[]) {
  expect(b.length).toBe(a.length)
  a.forEach((r, i) => {
    const q = b[i]
    expect(q.epoch).toBe(r.epoch)
    expect(q.lr).toBe(r.lr)
    // accuracies are counts over the same samples: equal, not close
    expect(q.train_acc).toBe(r.train_acc)
    expect(q.test_acc).toBe(r.test_acc)
    expect(q.train_loss).toBeCloseTo(r.train_loss, 5)
    if (r.test_loss !== null) expect(q.test_loss!).toBeCloseTo(r.test_loss, 5)
    else expect(q.test_loss).toBeNull()
    if (r.diag) {
      for (const k of ['gf_norm', 'df_norm', 'w_norm', 'v_norm', 'ftf_offdiag_ratio', 'fft_dist_ideal'] as const) {
        expect(Math.abs((q.diag![k] as number) - (r.diag[k] as number))).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(r.diag[k] as number)))
      }
      for (const k of ['dw_cos', 'dv_cos'] as const) {
        if (Number.isNaN(r.diag[k])) expect(q.diag![k]).toBeNaN()
        else expect(Math.abs(q.diag![k] - r.diag[k])).toBeLessThanOrEqual(1e-3 * r.diag[k] + 1e-9)
      }
    } else expect(q.diag).toBeNull()
  })
}

describe('stacked runs (issue 16): S runs in one step equal the same runs trained one by one', () => {
  beforeAll(() => useBackend('cpu'))

  for (const optim of ['adam', 'adamw', 'sgd', 'muon'] as const) {
    it(`${optim}: 4 seeds give the same per-epoch accuracies, losses, diagnostics and resume state`, async () => {
      const cfgs = [1, 2, 3, 4].map((seed) => resolveConfig({ group: '13', hidden: 32, epochs: 30, optim, lr: optim === 'sgd' ? 0.05 : 5e-3, wd: 1e-3, trainFrac: 0.5, evalEvery: 3, diagEvery: 5, seed }))
      const { alone, stacked, resumes } = await both(cfgs, 30)
      cfgs.forEach((_, s) => expectSameCurves(alone[s].recs, stacked[s]))
      // the curves actually move (a stuck model would make equality trivial)
      expect(stacked[0][30].train_acc).toBeGreaterThan(stacked[0][0].train_acc)
      resumes.forEach((r, s) => {
        const a = alone[s].resume
        expect(r.epoch).toBe(a.epoch)
        expect(r.optimizer.meta).toEqual(a.optimizer.meta)
        expect(Object.keys(r.optimizer.tensors).sort()).toEqual(Object.keys(a.optimizer.tensors).sort())
        for (const k of Object.keys(a.optimizer.tensors)) expect(r.optimizer.tensors[k].shape).toEqual(a.optimizer.tensors[k].shape)
        const d = r.params.Wt.data.reduce((m, x, i) => Math.max(m, Math.abs(x - a.params.Wt.data[i])), 0)
        expect(d).toBeLessThan(1e-4)
      })
    })
  }

  it('runs that differ in lr, wd and init scale share a stack, each with its own curve', async () => {
    const cfgs = [{ lr: 1e-3, wd: 0, topInitMult: 1 }, { lr: 5e-3, wd: 1e-2, topInitMult: 0.5 }, { lr: 2e-3, wd: 1e-3, topInitMult: 2 }]
      .map((o, i) => resolveConfig({ group: '11', hidden: 24, epochs: 12, trainFrac: 0.5, evalEvery: 2, diagEvery: 4, seed: i + 7, optim: 'adamw', ...o }))
    const { alone, stacked } = await both(cfgs, 12)
    cfgs.forEach((_, s) => expectSameCurves(alone[s].recs, stacked[s]))
  })

  it('a run that leaves the stack does not change the others, and a stack resumes from per-run resume states', async () => {
    const cfgs = [1, 2, 3].map((seed) => resolveConfig({ group: '11', hidden: 24, epochs: 10, trainFrac: 0.5, evalEvery: 1, diagEvery: 5, seed }))
    const { alone } = await both(cfgs, 10)
    const task = buildTask(cfgs[0])
    const st = new StackedSession(cfgs, task, cfgs.map((c) => splitOf(c, task)))
    const got: EpochRecord[][] = [[], [], []]
    for (let t = 0; t < 4; t++) (await st.runEpoch()).forEach((r, s) => got[s].push(r))
    st.keep([2, 0]) // run 1 stopped
    for (let t = 4; t < 6; t++) (await st.runEpoch()).forEach((r, i) => got[[2, 0][i]].push(r))
    const mid = await st.resumeStates()
    st.dispose()
    const again = new StackedSession([cfgs[2], cfgs[0]], task, [cfgs[2], cfgs[0]].map((c) => splitOf(c, task)), mid)
    for (let t = 6; t < 10; t++) (await again.runEpoch()).forEach((r, i) => got[[2, 0][i]].push(r))
    again.dispose()
    expectSameCurves(alone[0].recs.slice(0, 10), got[0])
    expectSameCurves(alone[2].recs.slice(0, 10), got[2])
    expectSameCurves(alone[1].recs.slice(0, 4), got[1])
  })

  it('stackKey: seeds, lr, wd and init scale may differ; shapes, optimizer, residual layers and ridge may not', () => {
    const a = resolveConfig({ group: '11', hidden: 24, seed: 1 })
    expect(stackKey(resolveConfig({ group: '11', hidden: 24, seed: 9, lr: 0.1, wd: 0.5, topInitMult: 3 }))).toBe(stackKey(a))
    expect(stackKey(resolveConfig({ group: '11', hidden: 32 }))).not.toBe(stackKey(a))
    expect(stackKey(resolveConfig({ group: '11', hidden: 24, optim: 'sgd' }))).not.toBe(stackKey(a))
    expect(stackKey(resolveConfig({ group: '11', hidden: 24, residualLayers: 1 }))).toBeNull()
    expect(stackKey(resolveConfig({ group: '11', hidden: 24, ridgeEta: 0.1 }))).toBeNull()
  })
})

describe('stacked runs on wasm (the backend sweeps use)', () => {
  beforeAll(() => useBackend('wasm'))
  it('adam: 4 seeds give the same per-epoch accuracies and losses as one by one', async () => {
    const cfgs = [1, 2, 3, 4].map((seed) => resolveConfig({ group: '13', hidden: 32, epochs: 20, lr: 5e-3, wd: 1e-3, trainFrac: 0.5, evalEvery: 2, diagEvery: 5, seed }))
    const { alone, stacked } = await both(cfgs, 20)
    cfgs.forEach((_, s) => expectSameCurves(alone[s].recs, stacked[s]))
  })
})
