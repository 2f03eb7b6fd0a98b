// A small grid on 2 workers runs to completion through the persisted job queue, and its phase table is right where the
// outcome is known (Z_23, K 512, lr 1e-2, p 0.4: wd 1e-3 generalizes, wd 0 memorizes; test/core/grokking.test.ts).
import { afterAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import { configHash, openStore } from '../../src/store'
import { phaseReport } from '../../src/runner/phase'
import { enqueueSweep, SweepRunner, type SweepProgress } from '../../src/runner/sweepRunner'
import type { SweepSpec } from '../../src/runner/sweepSpec'
import { cleanupTmp, tmpDir } from './helpers'

afterAll(cleanupTmp)

const base = { group: '23', hidden: 512, lr: 1e-2, epochs: 400, 'eval-every': 10, 'diag-every': 1000, checkpoints: 0, backend: 'wasm' }
const GROK: SweepSpec = { name: 'grok', fixed: { ...base, wd: 1e-3 }, grid: { 'train-frac': [0.4, 0.5], seed: [1, 2] } }
const MEM: SweepSpec = { name: 'mem', fixed: { ...base, wd: 0 }, grid: { 'train-frac': [0.4], seed: [1, 2] } }

describe('sweep on 2 workers', () => {
  const db = path.join(tmpDir(), 'li2.sqlite')
  it('runs every job once, links runs to the sweep, and classifies them', async () => {
    const store = openStore(db)
    const g = enqueueSweep(store, GROK), m = enqueueSweep(store, MEM)
    const runner = new SweepRunner({ dbPath: db, workers: 2 })
    const seen: SweepProgress[] = []
    runner.on('progress', (p) => seen.push(p))
    let maxInFlight = 0
    runner.on('runProgress', () => { maxInFlight = Math.max(maxInFlight, runner.runner.state().running.length) })
    const [cg, cm] = await Promise.all([runner.run(g.sweepId), runner.run(m.sweepId)])
    await runner.close()
    expect(cg).toMatchObject({ done: 4, queued: 0, running: 0, failed: 0 })
    expect(cm).toMatchObject({ done: 2, queued: 0, running: 0, failed: 0 })
    // on wasm a sweep trains one run per worker by default (a stack is no faster there; batchRunner.test.ts stacks)
    expect(maxInFlight).toBe(2)
    expect(seen.some((p) => p.sweepId === g.sweepId && p.done === 4)).toBe(true)

    const runs = store.listRuns()
    expect(runs).toHaveLength(6)
    expect(runs.every((r) => r.status === 'finished')).toBe(true)
    expect(new Set(runs.map((r) => configHash(r.config))).size).toBe(6)
    expect(store.listRuns({ sweepId: g.sweepId })).toHaveLength(4)
    for (const j of store.listJobs()) expect(j.runId).not.toBeNull()

    const pg = phaseReport(store, 'grok')
    expect(pg.cells.map((c) => [c.group, c.p, c.runs, c.success_rate])).toEqual([['23', 0.4, 2, 1], ['23', 0.5, 2, 1]])
    expect(pg.cells.every((c) => c.ttg_n === 2 && c.ttg_mean! > 0 && c.ttg_mean! <= 400)).toBe(true)
    expect(pg.boundaries[0]).toMatchObject({ group: '23', status: 'all-generalized', hi: 0.4 })
    const pm = phaseReport(store, 'mem')
    expect(pm.cells).toHaveLength(1)
    expect(pm.cells[0]).toMatchObject({ p: 0.4, runs: 2, memorized: 2, generalized: 0, success_rate: 0 })
    expect(pm.outcomes).toMatchObject({ memorized: 2, generalized: 0 })

    // re-running the spec skips finished configs
    expect(enqueueSweep(store, GROK)).toMatchObject({ added: 0, skipped: 4, requeued: 0 })
    store.close()
  })
})
