// Item 12: an interrupted run keeps its accuracies (summary and stages from its stored metrics) in `li2 runs`, `li2 show`
// and the service. Item 13: the progress line's test accuracy is labelled with the epoch it was measured at, and its ETA
// uses the speed of this process from the resume point.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { resolveConfig } from '../../src/core/config'
import { openStore } from '../../src/store'
import { runTrainJob, type JobProgress } from '../../src/runner/trainJob'
import { withDerivedSummary } from '../../src/runner/summary'
import { createService } from '../../src/api/service'
import { runsCommand, showCommand } from '../../src/cli/commands/runs'
import { ProgressBar } from '../../src/cli/progress'

const tmpDb = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'li2-sum-')), 'lab.sqlite')
const CFG = { group: '11', hidden: 64, 'train-frac': 0.6, lr: 1e-2, wd: 1e-3, epochs: 400, 'eval-every': 10, 'resume-every': 50, backend: 'wasm' }

async function capture(f: () => Promise<number>): Promise<string> {
  let out = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true })
  try { expect(await f()).toBe(0) } finally { vi.restoreAllMocks() }
  return out
}
afterEach(() => { vi.restoreAllMocks() })

describe('an interrupted run', () => {
  it('stores a summary at the stop; runs and show print its last accuracies; progress labels test acc with its epoch', async () => {
    const db = tmpDb()
    const store = openStore(db)
    const id = store.createRun(resolveConfig(CFG))
    const seen: JobProgress[] = []
    const status = await runTrainJob(store, id, {
      onProgress: (p) => { seen.push(p) },
      stopRequested: () => (seen.length && seen[seen.length - 1].epoch >= 149 ? 'interrupt' : null),
    })
    expect(status).toBe('interrupted')
    const m = store.getMetrics(id, { columns: ['test_acc', 'train_acc'] })
    const lastTest = [...m.test_acc!].reverse().find((x) => x !== null)!
    const r = store.getRun(id)!
    expect(r.summary).not.toBeNull()
    expect((r.summary as { final: { test_acc: number } }).final.test_acc).toBe(lastTest)
    expect((r.stages as { I: number }).I).toBe(0)

    // every progress event's test accuracy is the one stored at the epoch it names
    const byEpoch = new Map(m.epoch.map((e, i) => [e, m.test_acc![i]]))
    for (const p of seen) if (p.test_acc !== null) expect(byEpoch.get(p.test_epoch!)).toBe(p.test_acc)
    // the flush at a resume epoch comes just before that epoch's evaluation: it reports the previous one, and says so
    const atResume = seen.find((p) => p.epoch === 149)!
    expect(atResume.test_epoch).toBe(140)
    store.close()

    const runs = await capture(() => runsCommand(['--db', db]))
    const row = runs.split('\n').find((l) => /^\s*1\s+interrupted/.test(l))!
    expect(row).not.toMatch(/—\s+—\s*$/)
    expect(row).toMatch(new RegExp(`${Number(lastTest.toPrecision(3))}\\s*$`))
    expect(runs.split('\n')[0]).toMatch(/\bseed\b/)
    const show = await capture(() => showCommand(['1', '--db', db]))
    expect(show).toMatch(/interrupted at epoch 150\/400 \(li2 resume 1 continues it\)/)
    expect(show).toMatch(/last stored \(epoch 149\): train acc/)
    expect(show).not.toMatch(/summary: null/)
  }, 120_000)

  it('a run killed before any summary (kill -9) gets one derived at read time, in the CLI and the service', async () => {
    const db = tmpDb()
    const store = openStore(db)
    const id = store.createRun(resolveConfig({ ...CFG, epochs: 60 }))
    await runTrainJob(store, id)
    store.updateRun(id, { summary: null, stages: null }) // what a killed worker leaves: metrics, no summary
    store.setStatus(id, 'interrupted')
    const derived = withDerivedSummary(store, store.getRun(id)!)
    expect((derived.summary as { final: { train_acc: number } }).final.train_acc).toBeGreaterThan(0)
    expect(derived.stages).not.toBeNull()
    store.close()
    const h = await createService({ dbPath: db, workers: 1 })
    try {
      const got = await h.service.getRun({ id })
      expect(got.final?.test_acc).toBeTypeOf('number')
      expect(got.summary).not.toBeNull()
      expect((await h.service.listRuns({}))[0].final).not.toBeNull()
    } finally { await h.close() }
  }, 120_000)
})

describe('progress ETA', () => {
  const lines = () => {
    const out: string[] = []
    return { out, stream: { isTTY: false, write: (s: string) => { out.push(s); return true } } as unknown as NodeJS.WriteStream }
  }
  it('a resumed run at 3000 of 6000 and 276 ms/step has ~13m48s left, not seconds', () => {
    const { out, stream } = lines()
    const bar = new ProgressBar(stream, () => 1000)
    bar.update(3000, 6000, 'epoch 3000/6000', 276)
    expect(out[0]).toMatch(/ETA 13m48s/)
  })
  it('without a given speed the bar measures its own from its first update', () => {
    const { out, stream } = lines()
    let t = 0
    const bar = new ProgressBar(stream, () => t)
    bar.update(3000, 6000, 'a')
    t = 2760
    bar.update(3600, 6000, 'b') // 600 steps in 2.76 s: 4.6 ms/step, 2400 left ≈ 11 s
    expect(out[1]).toMatch(/ETA 11s/)
  })
})
