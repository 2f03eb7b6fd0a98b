import { describe, expect, it } from 'vitest'
import { ApiError, validateCall } from '../../src/api/contract'
import { checkRunSize, configKey, resolveConfig, runBytes } from '../../src/core/config'
import { ValidationError } from '../../src/core/errors'
import { resolveGroup } from '../../src/core/groups'
import { groupOrder } from '../../src/core/groups/registry'
import { characterTable } from '../../src/core/groups/characters'
import { LIMITS } from '../../src/core/limits'
import { buildTask } from '../../src/core/taskFactory'

/** The ValidationError a call throws, as "field: rule". */
function refusal(f: () => unknown): string {
  try { f() } catch (e) { expect(e).toBeInstanceOf(ValidationError); return (e as ValidationError).message }
  throw new Error('expected a ValidationError')
}

describe('config keys are own keys, each given once', () => {
  it('refuses inherited names (toString, constructor, __proto__) as unknown options', () => {
    for (const name of ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf']) {
      expect(configKey(name)).toBeNull()
      expect(refusal(() => resolveConfig(JSON.parse(`{${JSON.stringify(name)}: 1}`)))).toMatch(new RegExp(`^${name}: unknown option`))
    }
  })

  it('every host\'s argument check refuses inherited names too', () => {
    for (const name of ['toString', 'constructor', 'hasOwnProperty']) {
      let err: unknown = null
      try { validateCall('listRuns', { [name]: 1 }) } catch (e) { err = e }
      expect(err).toBeInstanceOf(ApiError)
      expect((err as ApiError).field).toBe(name)
      expect((err as ApiError).message).toMatch(/unknown argument/)
    }
  })

  it('refuses a field given under both its names, naming both', () => {
    expect(refusal(() => resolveConfig({ trainFrac: 0.3, 'train-frac': 0.5 }))).toBe('train-frac: given twice, as "trainFrac" and "train-frac" (keep one)')
    expect(refusal(() => resolveConfig({ 'eval-every': 5, evalEvery: 5 }))).toMatch(/^eval-every: given twice/)
  })
})

describe('integer knobs have upper bounds', () => {
  it('refuses seeds above 2³²−1 (the RNG would fold 2³² onto seed 0)', () => {
    expect(resolveConfig({ seed: 2 ** 32 - 1 }).seed).toBe(2 ** 32 - 1)
    expect(refusal(() => resolveConfig({ seed: 2 ** 32 }))).toBe('seed: must be an integer ≤ 4294967295 (got 4294967296)')
  })

  it('refuses K above the hidden limit and integers past int32', () => {
    expect(refusal(() => resolveConfig({ hidden: 300000000 }))).toBe(`hidden: must be an integer ≤ ${LIMITS.maxHidden} (got 300000000)`)
    expect(refusal(() => resolveConfig({ epochs: 1e300 }))).toMatch(/^epochs: must be an integer ≤ 2147483647/)
  })
})

describe('run size limits, checked from the name before anything is built', () => {
  it('refuses a group order above the training limit at once', () => {
    const t0 = performance.now()
    expect(refusal(() => resolveConfig({ group: '7000' }))).toMatch(new RegExp(`^group: order 7000 is above ${LIMITS.maxTrainOrder}`))
    expect(refusal(() => resolveConfig({ group: 'D5000' }))).toMatch(/^group: order 10000 is above/)
    expect(performance.now() - t0).toBeLessThan(200)
  })

  it('refuses a run whose memory estimate exceeds the budget, naming the largest K that fits', () => {
    const msg = refusal(() => resolveConfig({ group: '97', hidden: 16384 }))
    expect(msg).toMatch(/^hidden: K = 16384 with M = 97, q = 2 needs about [\d.]+ GiB of tensor memory, above the 2\.00 GiB a run may use \(K ≤ (\d+) fits\)$/)
    const Kmax = Number(/K ≤ (\d+)/.exec(msg)![1])
    expect(runBytes({ M: 97, q: 2, K: Kmax, residualLayers: 0 })).toBeLessThanOrEqual(LIMITS.maxRunBytes)
    expect(runBytes({ M: 97, q: 2, K: Kmax + 1, residualLayers: 0 })).toBeGreaterThan(LIMITS.maxRunBytes)
    expect(resolveConfig({ group: '97', hidden: Kmax }).hidden).toBe(Kmax)
    expect(resolveConfig({}).group).toBe('71') // the paper's default run fits
  })

  it('refuses too many samples M^q, and expression moduli whose table would not fit', () => {
    expect(refusal(() => resolveConfig({ group: '3', ops: 20 }))).toMatch(/^ops: M\^q = 3\^20 = .* samples is above the limit of 4194304$/)
    expect(refusal(() => resolveConfig({ group: '5000', expression: 'x+y' }))).toMatch(/^group: M\^q = 5000\^2/)
  })

  it('checks a task built from a group object (as for table: groups) once its order is known', () => {
    const g = resolveGroup('401')
    expect(refusal(() => buildTask({ group: g, expression: null, ops: 2, hidden: 8 }))).toMatch(/^group: order 401 is above 400/)
    expect(() => checkRunSize({ hidden: 8, ops: 2, residualLayers: 0 }, 401, 'expression')).not.toThrow()
  })
})

describe('group limits', () => {
  it('knows a name\'s order without building it', () => {
    expect(groupOrder('4x7')).toBe(28)
    expect(groupOrder('D7')).toBe(14)
    expect(groupOrder('Q16')).toBe(16)
    expect(groupOrder('Dic5')).toBe(20)
    expect(groupOrder('Z7:Z3')).toBe(21)
    expect(groupOrder('S5')).toBe(120)
    expect(groupOrder('A5')).toBe(60)
    expect(groupOrder('SmallGroup(24,3)')).toBe(24)
    expect(groupOrder('SL(2,3)')).toBe(24)
    expect(groupOrder('nope')).toBeNull()
  })

  it('refuses to build a Cayley table above the order limit, in well under a second', () => {
    const t0 = performance.now()
    expect(refusal(() => resolveGroup('20000'))).toMatch(/^group: 20000 has order 20000; groups are limited to order ≤ 5040/)
    expect(refusal(() => resolveGroup('D99999999'))).toMatch(/has order 199999998/)
    expect(refusal(() => buildTask({ group: '7000', expression: null, ops: 2 }))).toMatch(/order ≤ 5040/)
    expect(performance.now() - t0).toBeLessThan(200)
  })

  it('refuses a character table above the class limit before the O(r³) eigensolve', () => {
    const t0 = performance.now()
    expect(refusal(() => characterTable(resolveGroup('1000')))).toBe('group: 1000 has 1000 conjugacy classes; character tables are limited to 400 classes (the eigensolve is O(classes³), ~1 s at 400)')
    expect(performance.now() - t0).toBeLessThan(2000)
  })
})
