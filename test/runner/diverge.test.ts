// A loss that becomes NaN or infinite marks the run diverged at that epoch: the error names the epoch, every epoch before it
// is stored, none from it on, and the worker goes on to the next run.
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createService } from '../../src/api/service'
import { cleanupTmp, tmpDir } from './helpers'

afterAll(cleanupTmp)

const tiny = { group: '7', hidden: 8, 'diag-every': 1000, checkpoints: 0, backend: 'cpu', 'resume-every': 10 }

describe('divergence', () => {
  it('an exploding learning rate: diverged at the epoch the loss stopped being finite; the next run finishes', async () => {
    const h = await createService({ dbPath: path.join(tmpDir(), 'li2.sqlite'), workers: 1 })
    try {
      const { id } = await h.service.startRun({ config: { ...tiny, optim: 'sgd', lr: 1e12, epochs: 200 } })
      expect(await h.runner.waitFor(id)).toEqual({ runId: id, status: 'diverged' })
      const r = h.store.getRun(id)!
      const m = /^(?:test )?loss became (NaN|-?Infinity) at epoch (\d+)$/.exec(r.error ?? '')
      expect(m, r.error ?? '').not.toBeNull()
      const at = Number(m![2])
      expect(at).toBeLessThan(200)
      const epochs = h.store.getMetrics(id).epoch!
      expect(epochs).toEqual(Array.from({ length: at }, (_, e) => e)) // everything before it, nothing from it on
      const { id: next } = await h.service.startRun({ config: { ...tiny, epochs: 5 } })
      expect(await h.runner.waitFor(next)).toEqual({ runId: next, status: 'finished' })
    } finally { await h.close() }
  })
})
