// Metrics: batch append, column-wise retrieval with range/columns/thinning, merge of partial rows, NaN, truncation.
import { afterAll, describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/core/errors'
import { openStore, type MetricRow } from '../../src/store'
import { cleanupTmp, config, tmpDb } from './helpers'

afterAll(cleanupTmp)

function seeded() {
  const store = openStore(tmpDb())
  const id = store.createRun(config())
  const rows: MetricRow[] = Array.from({ length: 10 }, (_, e) => ({
    epoch: e, train_loss: 1 / (e + 1), train_acc: e / 10, test_loss: e % 2 ? null : 2 / (e + 1), gf_norm: e * 0.5,
  }))
  store.appendMetrics(id, rows)
  return { store, id }
}

describe('metrics', () => {
  it('returns arrays column-wise, in epoch order, for the requested columns and range', () => {
    const { store, id } = seeded()
    const all = store.getMetrics(id)
    expect(all.epoch).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(all.train_acc![3]).toBeCloseTo(0.3)
    expect(all.test_loss![1]).toBeNull()
    expect(all.dw_cos).toEqual(Array(10).fill(null))
    const some = store.getMetrics(id, { from: 2, to: 4, columns: ['train_loss', 'gf_norm'] })
    expect(Object.keys(some).sort()).toEqual(['epoch', 'gf_norm', 'train_loss'])
    expect(some).toEqual({ epoch: [2, 3, 4], train_loss: [1 / 3, 1 / 4, 1 / 5], gf_norm: [1, 1.5, 2] })
    expect(store.getMetrics(id, { columns: [] })).toEqual({ epoch: all.epoch })
    store.close()
  })

  it('thins with every=n and always keeps the last row', () => {
    const { store, id } = seeded()
    expect(store.getMetrics(id, { every: 4, columns: ['gf_norm'] })).toEqual({ epoch: [0, 4, 8, 9], gf_norm: [0, 2, 4, 4.5] })
    expect(store.getMetrics(id, { every: 3, from: 1, columns: [] }).epoch).toEqual([1, 4, 7, 9])
    expect(() => store.getMetrics(id, { every: 0 })).toThrow(ValidationError)
    store.close()
  })

  it('rejects unknown columns by name', () => {
    const { store, id } = seeded()
    try {
      store.getMetrics(id, { columns: ['train_loss; DROP TABLE runs' as never] })
      expect.unreachable()
    } catch (e) {
      expect((e as ValidationError).field).toBe('columns')
    }
    store.close()
  })

  it('merges a later partial row into the same epoch, stores NaN as null, and keeps extra JSON', () => {
    const { store, id } = seeded()
    store.appendMetrics(id, [{ epoch: 3, dw_cos: 0.9, lr: 1e-3, extra: { note: 'diag' } }, { epoch: 10, train_loss: NaN, w_norm: Infinity }])
    const m = store.getMetrics(id, { from: 3, columns: ['train_loss', 'dw_cos', 'lr', 'w_norm', 'extra'] })
    expect(m.epoch).toEqual([3, 4, 5, 6, 7, 8, 9, 10])
    expect(m.train_loss![0]).toBeCloseTo(0.25) // kept from the first write
    expect(m.dw_cos![0]).toBe(0.9)
    expect(m.extra![0]).toEqual({ note: 'diag' })
    expect(m.extra![1]).toBeNull()
    expect(m.train_loss![7]).toBeNull()
    expect(m.w_norm![7]).toBe(Infinity)
    expect(store.lastMetricEpoch(id)).toBe(10)
    store.close()
  })

  it('a batch is one transaction: a bad row rolls the whole batch back', () => {
    const { store, id } = seeded()
    expect(() => store.appendMetrics(id, [{ epoch: 20, train_loss: 1 }, { epoch: -1 }])).toThrow(ValidationError)
    expect(store.lastMetricEpoch(id)).toBe(9)
    store.close()
  })

  it('truncates after an epoch for resume', () => {
    const { store, id } = seeded()
    expect(store.truncateMetricsAfter(id, 6)).toBe(3)
    expect(store.getMetrics(id, { columns: [] }).epoch).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(store.lastMetricEpoch(store.createRun(config()))).toBeNull()
    store.close()
  })
})
