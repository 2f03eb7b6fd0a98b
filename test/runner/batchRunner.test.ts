// A stacked job through the runner and its worker (issue 16): each run of the stack ends on its own, and a cancel names
// one run, never its stack-mates; the worker is free again once the last run of the stack has ended.
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/core/config'
import { Runner } from '../../src/runner/runner'
import { enqueueSweep, SweepRunner } from '../../src/runner/sweepRunner'
import { openStore } from '../../src/store'
import { cleanupTmp, tmpDir, until } from './helpers'

afterAll(cleanupTmp)

const fixed = { group: '13', hidden: 32, 'train-frac': 0.5, 'resume-every': 20, 'diag-every': 1000, checkpoints: 2, backend: 'wasm' }

describe('a stacked job in the runner', () => {
  it('cancelling one run of a running stack stops that run only; the others finish, then the worker takes the next job', async () => {
    const db = path.join(tmpDir(), 'li2.sqlite')
    const store = openStore(db, { shared: true })
    const runner = new Runner({ dbPath: db, workers: 1, store })
    try {
      const long = [1, 2, 3].map((seed) => store.createRun(resolveConfig({ ...fixed, seed, epochs: 3000 })))
      const next = store.createRun(resolveConfig({ ...fixed, seed: 9, epochs: 40 }))
      const ends = long.map((id) => runner.waitFor(id))
      expect(runner.submitBatch(long)).toEqual([])
      runner.submit(next)
      expect(runner.state()).toMatchObject({ running: long, queued: [next], freeWorkers: 0 })
      await until(() => (store.getRun(long[1])?.epochsDone ?? 0) >= 20)
      expect(runner.cancel(long[1])).toBe(true)
      expect(await ends[1]).toEqual({ runId: long[1], status: 'cancelled' })
      expect(runner.state().running).toEqual([long[0], long[2]]) // its stack-mates train on
      expect(store.getResumeState(long[1])).not.toBeNull()
      expect(await ends[0]).toEqual({ runId: long[0], status: 'finished' })
      expect(await ends[2]).toEqual({ runId: long[2], status: 'finished' })
      expect(await runner.waitFor(next)).toEqual({ runId: next, status: 'finished' })
      expect(store.getRun(long[0])).toMatchObject({ status: 'finished', epochsDone: 3000 })
      expect(store.getRun(long[1])!.status).toBe('cancelled')
      expect(store.getRun(long[1])!.epochsDone).toBeLessThan(3000)
      expect(store.getMetrics(long[0]).epoch).toHaveLength(3001)
    } finally {
      await runner.close()
      store.close()
    }
  })

  for (const [batch, groups] of [[undefined, [1, 1, 1, 1]], [4, [4]]] as const) {
    it(`a sweep on a CPU backend ${batch ? `with --batch ${batch} stacks its 4 seeds` : 'trains one run per job by default (a stack is no faster there)'}`, async () => {
      const db = path.join(tmpDir(), 'li2.sqlite')
      const store = openStore(db, { shared: true })
      const q = enqueueSweep(store, { name: 'seeds', fixed: { ...fixed, epochs: 30 }, grid: { seed: [1, 2, 3, 4] } })
      const runner = new Runner({ dbPath: db, workers: 1, store })
      const submitted: number[] = []
      const submitBatch = runner.submitBatch.bind(runner)
      runner.submitBatch = (ids) => { submitted.push(ids.length); return submitBatch(ids) }
      const sweeps = new SweepRunner({ dbPath: db, runner, ...(batch ? { batch } : {}) })
      try {
        const c = await sweeps.run(q.sweepId)
        expect(c.done).toBe(4)
        expect(submitted).toEqual(groups)
      } finally {
        await sweeps.close()
        await runner.close()
        store.close()
      }
    })
  }
})
