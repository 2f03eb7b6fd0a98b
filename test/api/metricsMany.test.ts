// Metrics for many runs with a point budget (getMetricsMany) and the min–max downsampler behind it: the budget holds,
// no extreme is lost, the ends stay, and a run's outcome and time to grok reach the runs list.
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, validateCall } from '../../src/api/contract'
import { minMaxDownsample } from '../../src/api/downsample'
import { createService, type ServiceHandle } from '../../src/api/service'
import { resolveConfig } from '../../src/core/config'

let h: ServiceHandle | null = null
afterEach(async () => { await h?.close(); h = null })
const err = async (p: Promise<unknown>) => { try { await p } catch (e) { return e as ApiError } throw new Error('did not throw') }

describe('minMaxDownsample', () => {
  it('keeps at most the budget, both ends, and the global min and max, in x order', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(null)), { minLength: 0, maxLength: 3000 }),
      fc.integer({ min: 10, max: 500 }),
      (ys, budget) => {
        const xs = ys.map((_, i) => i * 3)
        const d = minMaxDownsample(xs, ys, budget)
        const kept = ys.flatMap((v, i) => (v === null ? [] : [[xs[i], v] as const]))
        expect(d.epoch.length).toBeLessThanOrEqual(Math.max(budget, 2))
        expect(d.downsampled).toBe(kept.length > budget)
        for (let i = 1; i < d.epoch.length; i++) expect(d.epoch[i]).toBeGreaterThan(d.epoch[i - 1])
        if (!kept.length) { expect(d.epoch).toEqual([]); return }
        expect(d.epoch[0]).toBe(kept[0][0])
        expect(d.epoch.at(-1)).toBe(kept.at(-1)![0])
        const vals = kept.map((k) => k[1])
        expect(Math.max(...(d.value as number[]))).toBe(Math.max(...vals))
        expect(Math.min(...(d.value as number[]))).toBe(Math.min(...vals))
      },
    ), { numRuns: 200 })
  })

  it('keeps a one-epoch spike that averaging would hide', () => {
    const xs = Array.from({ length: 10000 }, (_, i) => i)
    const ys = xs.map((x) => (x === 6543 ? 50 : 1))
    const d = minMaxDownsample(xs, ys, 100)
    expect(d.epoch).toContain(6543)
    expect(d.value[d.epoch.indexOf(6543)]).toBe(50)
  })
})

describe('getMetricsMany', () => {
  async function withRuns() {
    h = await createService({ dbPath: ':memory:', workers: 0 })
    const ids = [1, 2].map((seed) => {
      const id = h!.store.createRun(resolveConfig({ group: '5', hidden: 4, epochs: 5000, seed }), { status: 'finished' })
      h!.store.appendMetrics(id, Array.from({ length: 5001 }, (_, e) => ({ epoch: e, train_loss: 1 / (e + 1), test_acc: e % 10 === 0 ? Math.min(1, e / 2000) : null })))
      return id
    })
    return { svc: h.service, ids }
  }

  it('downsamples each run and column to the budget and says so; a range under the budget comes back whole', async () => {
    const { svc, ids } = await withRuns()
    const { runs } = await svc.getMetricsMany({ ids, columns: ['train_loss', 'test_acc'], points: 200 })
    expect(runs.map((r) => r.id)).toEqual(ids)
    for (const r of runs) {
      expect(r.rows).toBe(5001)
      expect(r.downsampled).toBe(true)
      expect(r.columns.train_loss.epoch.length).toBeLessThanOrEqual(200)
      expect(r.columns.train_loss.value[0]).toBe(1)
      expect(r.columns.test_acc.epoch.every((e) => e % 10 === 0)).toBe(true) // unmeasured epochs are dropped, not zeroed
    }
    const zoom = await svc.getMetricsMany({ ids: [ids[0]], columns: ['train_loss'], points: 200, from: 100, to: 250 })
    expect(zoom.runs[0].downsampled).toBe(false)
    expect(zoom.runs[0].columns.train_loss.epoch).toEqual(Array.from({ length: 151 }, (_, i) => 100 + i))
  })

  it('names the field of bad input', async () => {
    const { svc, ids } = await withRuns()
    expect((await err(svc.getMetricsMany({ ids: [ids[0], 999], columns: ['train_loss'] }))).field).toBe('ids')
    expect((await err(svc.getMetricsMany({ ids, columns: ['nope'] }))).field).toBe('columns')
    expect((await err(svc.getMetricsMany({ ids, columns: ['train_loss'], from: 9, to: 3 }))).field).toBe('to')
    expect(() => validateCall('getMetricsMany', { ids: [], columns: ['train_loss'] })).toThrow(/ids: must not be empty/)
    expect(() => validateCall('getMetricsMany', { ids: [1.5], columns: ['train_loss'] })).toThrow(/ids: must be a list of integers/)
    expect(() => validateCall('getMetricsMany', { ids: [0], columns: ['train_loss'] })).toThrow(/ids: every item must be ≥ 1/)
    expect(() => validateCall('getMetricsMany', { ids: [1], columns: ['train_loss'], points: 3 })).toThrow(/points: must be ≥ 10/)
  })

  it('lists each run with its outcome and time to grok (first epoch at test acc ≥ 0.95)', async () => {
    const { svc, ids } = await withRuns()
    const mem = h!.store.createRun(resolveConfig({ group: '5', hidden: 4, epochs: 2 }), { status: 'finished' })
    h!.store.appendMetrics(mem, [{ epoch: 0, train_acc: 0.2, test_acc: 0.1 }, { epoch: 2, train_acc: 1, test_acc: 0.3 }])
    const list = await svc.listRuns({})
    const byId = new Map(list.map((r) => [r.id, r]))
    expect(byId.get(ids[0])!.timeToGrok).toBe(1900) // 1900/2000 = 0.95 at the first evaluated epoch ≥ 1900
    expect(byId.get(mem)!.outcome).toBe('memorized')
    expect(byId.get(mem)!.timeToGrok).toBeNull()
    expect(byId.get(mem)!.act).toBe('sqr')
  })
})
