// Compare's URL: every state survives serialize → parse, defaults fill what is missing, and malformed input falls back.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BAND_KINDS, CENTRES } from '../../src/renderer/src/charts/compareStats'
import { COMPARE_METRICS, compareQuery, parseCompareQuery, parseIds } from '../../src/renderer/src/utils/compareQuery'

describe('compare URL state', () => {
  it('round-trips every state through the query', () => {
    fc.assert(fc.property(fc.record({
      runs: fc.uniqueArray(fc.integer({ min: 1, max: 1e6 }), { maxLength: 60 }),
      metric: fc.constantFrom(...COMPARE_METRICS.map((m) => m.col)),
      group: fc.constantFrom('none' as const, 'config' as const),
      band: fc.constantFrom(...BAND_KINDS), centre: fc.constantFrom(...CENTRES),
      x: fc.constantFrom('epoch' as const, 'II' as const, 'III' as const), logY: fc.boolean(), allKnobs: fc.boolean(),
    }), (s) => { expect(parseCompareQuery(compareQuery(s))).toEqual(s) }))
  })
  it('fills the defaults: test accuracy, grouped by config, mean with a min–max band, by epoch, the metric’s own log y', () => {
    expect(parseCompareQuery({ runs: '1,2,3' })).toEqual({ runs: [1, 2, 3], metric: 'test_acc', group: 'config', band: 'minmax', centre: 'mean', x: 'epoch', logY: false, allKnobs: false })
    expect(parseCompareQuery({ metric: 'train_loss' }).logY).toBe(true)
    expect(parseCompareQuery({ metric: 'train_loss', log: '0' }).logY).toBe(false)
  })
  it('skips malformed ids and unknown choices instead of failing', () => {
    expect(parseIds('3,abc,0,-1,3,7, 8 ,1.5')).toEqual([3, 7, 8])
    expect(parseIds(undefined)).toEqual([])
    expect(parseIds(['4,5', '6'])).toEqual([4, 5])
    const s = parseCompareQuery({ metric: 'bogus', band: 'wide', x: 'IV', group: 'tags' })
    expect([s.metric, s.band, s.x, s.group]).toEqual(['test_acc', 'minmax', 'epoch', 'config'])
  })
})
