import { describe, expect, it } from 'vitest'
import { criticalFraction, makeSplit, trainSize } from '../../src/core/split'
import { resolveConfig } from '../../src/core/config'
import { ValidationError } from '../../src/core/errors'

describe('critical-ratio split', () => {
  // reference-code.md §5, δ = 0: (M, p, n_train)
  const table: [number, number, number][] = [
    [23, 0.3747, 198], [31, 0.3044, 292], [47, 0.2251, 497], [59, 0.1899, 661],
    [71, 0.165, 831], [97, 0.1296, 1219], [113, 0.115, 1468], [127, 0.1048, 1690],
  ]
  for (const [M, p, n] of table) {
    it(`Z_${M}: p = ${p}, n_train = ${n}`, () => {
      expect(criticalFraction(M, 1, 2.7482, 0)).toBeCloseTo(p, 4)
      expect(trainSize(M * M, { kind: 'critical', delta: 0, multiplier: 2.7482 }, M, 1)).toBe(n)
    })
  }
  it('positive δ moves below the boundary', () => {
    expect(trainSize(71 * 71, { kind: 'critical', delta: 1, multiplier: 2.7482 }, 71, 1)).toBeLessThan(831)
  })
})

describe('splits', () => {
  it('fraction 0.4 of Z_71 gives n = 2016 (Fig. 3)', () => {
    expect(trainSize(5041, { kind: 'fraction', trainFrac: 0.4 }, 71, 1)).toBe(2016)
  })
  it('is a seeded partition that reloads identically', () => {
    const a = makeSplit(100, 30, 7), b = makeSplit(100, 30, 7), c = makeSplit(100, 30, 8)
    expect(Array.from(a.train)).toEqual(Array.from(b.train))
    expect(Array.from(a.train)).not.toEqual(Array.from(c.train))
    const all = new Set([...a.train, ...a.test])
    expect(a.train.length).toBe(30); expect(a.test.length).toBe(70); expect(all.size).toBe(100)
  })
  it('refuses a split with no test samples', () => {
    expect(() => trainSize(25, { kind: 'count', trainCount: 25 }, 5, 1)).toThrow(/train-count: leaves no test samples/)
  })
})

describe('config validation names the field and the rule', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ group: '1' }, /^group: M must be ≥ 2/],
    [{ 'train-frac': 1.5 }, /^train-frac: must be in \(0, 1\)/],
    [{ 'train-frac': 0 }, /^train-frac: must be in \(0, 1\)/],
    [{ hidden: 0 }, /^hidden: must be an integer ≥ 1/],
    [{ lr: -1 }, /^lr: must be > 0/],
    [{ act: 'tanh' }, /^act: must be one of sqr, relu, silu, relusqr/],
    [{ bogus: 1 }, /^bogus: unknown option/],
    [{ 'train-frac': 0.3, 'train-count': 100 }, /^train-frac: set exactly one of/],
    [{ 'ridge-eta': 1e-3, loss: 'ce' }, /^ridge-eta: requires --loss mse/],
    [{ epochs: 'many' }, /^epochs: must be a finite number/],
  ]
  for (const [input, msg] of cases) {
    it(JSON.stringify(input), () => {
      let err: unknown
      try { resolveConfig(input) } catch (e) { err = e }
      expect(err).toBeInstanceOf(ValidationError)
      expect((err as Error).message).toMatch(msg)
    })
  }
  it('accepts flag names and camelCase, and a split key replaces the default fraction', () => {
    const c = resolveConfig({ 'train-count': 500, hidden: '128' })
    expect(c.trainCount).toBe(500); expect(c.trainFrac).toBeNull(); expect(c.hidden).toBe(128)
    expect(resolveConfig({ criticalDelta: 0.5 }).criticalDelta).toBe(0.5)
  })
})
