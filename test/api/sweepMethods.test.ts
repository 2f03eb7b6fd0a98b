// Sweeps through the contract: planSweep checks without storing, enqueueSweep is idempotent, runSweep trains to the end.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createService } from '../../src/api/service'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-api-sweep-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const spec = { name: 'api', fixed: { hidden: 32, epochs: 60, backend: 'wasm', 'diag-every': 1000 }, grid: { group: ['11'], 'train-frac': [0.3, 0.6], seed: [1] } }

describe('sweep methods', () => {
  it('planSweep expands a preset or spec on a read-only host and names a bad field', async () => {
    const h = await createService({ dbPath: ':memory:', workers: 0 })
    try {
      const tiny = await h.service.planSweep({ preset: 'tiny', workers: 2 })
      expect(tiny.runs).toBe(32)
      expect(tiny.estimateMs).toBeGreaterThan(0)
      await expect(h.service.planSweep({ preset: 'nope' })).rejects.toMatchObject({ code: 'invalid', field: 'preset' })
      await expect(h.service.planSweep({ spec: { grid: { hidden: [] } } })).rejects.toMatchObject({ code: 'invalid' })
      await expect(h.service.planSweep({ spec, scale: 'quick' })).rejects.toMatchObject({ field: 'scale' })
    } finally { await h.close() }
  })

  it('enqueueSweep twice queues each run once; runSweep trains them and reports the counts', async () => {
    const h = await createService({ dbPath: path.join(dir, 'lab.sqlite'), workers: 2 })
    try {
      const a = await h.service.enqueueSweep({ spec })
      const b = await h.service.enqueueSweep({ spec })
      expect([a.total, a.added, b.added, b.skipped]).toEqual([2, 2, 0, 2])
      expect(b.sweepId).toBe(a.sweepId)
      const seen: number[] = []
      const off = h.on('onSweepProgress', (p) => seen.push(p.done))
      const p = await h.service.runSweep({ id: a.sweepId })
      off()
      expect(p).toMatchObject({ total: 2, done: 2, failed: 0, queued: 0 })
      expect(seen.length).toBeGreaterThan(0)
      expect((await h.service.listRuns({ sweepId: a.sweepId })).map((r) => r.status)).toEqual(['finished', 'finished'])
    } finally { await h.close() }
  })
})
