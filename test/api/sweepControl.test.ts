// controlSweep: a sweep started from a window returns at once and trains in the background; pause puts its runs back in
// the queue (state paused), start resumes them to the end; the phase report lists each cell's runs for Compare.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { validateCall } from '../../src/api/contract'
import { createService, type ServiceHandle } from '../../src/api/service'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-api-sweepctl-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const spec = { name: 'ctl', fixed: { hidden: 32, epochs: 400, backend: 'wasm', 'diag-every': 1000 }, grid: { group: ['11'], 'train-frac': [0.3, 0.6], seed: [1, 2] } }

/** Resolves once `pred` holds for a progress event of the sweep. */
function until(h: ServiceHandle, pred: (done: number, running: number) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = h.on('onSweepProgress', (p) => { if (pred(p.done, p.running)) { off(); resolve() } })
  })
}

describe('controlSweep', () => {
  it('start returns at once; pause → paused with nothing lost; start again → done; the phase cells list their runs', async () => {
    const h = await createService({ dbPath: path.join(dir, 'lab.sqlite'), workers: 1 })
    try {
      const { sweepId } = await h.service.enqueueSweep({ spec })
      expect((await h.service.listSweeps({}))[0]).toMatchObject({ id: sweepId, state: 'idle', counts: { queued: 4 } })
      const firstDone = until(h, (done) => done >= 1)
      const started = await h.service.controlSweep({ id: sweepId, action: 'start' })
      expect(started.state).toBe('running')
      await firstDone
      const paused = await h.service.controlSweep({ id: sweepId, action: 'pause' })
      expect(paused.state).toBe('paused')
      await new Promise((r) => setTimeout(r, 300)) // the interrupted run's job goes back to the queue
      const mid = (await h.service.listSweeps({}))[0]
      expect(mid.counts.done).toBeGreaterThanOrEqual(1)
      expect(mid.counts.done + mid.counts.queued + mid.counts.running).toBe(4)
      const end = until(h, (done) => done === 4)
      await h.service.controlSweep({ id: sweepId, action: 'start' })
      await end
      await new Promise((r) => setTimeout(r, 100))
      expect((await h.service.listSweeps({}))[0]).toMatchObject({ state: 'done', counts: { done: 4, queued: 0, failed: 0 } })
      const phase = await h.service.getPhase({ sweep: String(sweepId) })
      const ids = phase.cells.flatMap((c) => c.runIds).sort((a, b) => a - b)
      expect(ids).toEqual((await h.service.listRuns({ sweepId })).map((r) => r.id).sort((a, b) => a - b))
      expect(phase.cells.every((c) => c.runIds.length === 2)).toBe(true)
    } finally { await h.close() }
  }, 120_000)

  it('names a bad action and an unknown sweep', async () => {
    expect(() => validateCall('controlSweep', { id: 1, action: 'go' })).toThrow(/action: must be one of start, pause, cancel, retry/)
    const h = await createService({ dbPath: ':memory:', workers: 0 })
    try {
      await expect(h.service.controlSweep({ id: 9, action: 'start' })).rejects.toMatchObject({ code: 'not_found', field: 'id' })
    } finally { await h.close() }
  })
})
