// Pure tests: outcome classification, the logistic boundary fit on synthetic data with a known boundary, and the c fit.
import { describe, expect, it } from 'vitest'
import { fitBoundary, fitScalingConstant, phaseCells, tQuantile975, type Trials } from '../../src/core/phase'
import { Rng } from '../../src/core/rng'
import { classifyRun, outcomeRule } from '../../src/runner/outcomes'

const facts = (status: string, trainAcc: number | null, testAcc: number | null, series: (number | null)[] = []) =>
  ({ status, trainAcc, testAcc, epochs: series.map((_, i) => i * 10), testAccSeries: series })

describe('classifyRun', () => {
  it('generalized, memorized, diverged, unfinished by the default rule', () => {
    expect(classifyRun(facts('finished', 1, 0.97))).toMatchObject({ outcome: 'generalized', complete: true })
    expect(classifyRun(facts('finished', 1, 0.95))).toMatchObject({ outcome: 'generalized' })
    expect(classifyRun(facts('finished', 0.995, 0.3))).toMatchObject({ outcome: 'memorized', complete: true })
    expect(classifyRun(facts('finished', 0.9, 0.3))).toMatchObject({ outcome: 'unfinished', complete: true })
    expect(classifyRun(facts('diverged', NaN, null))).toMatchObject({ outcome: 'diverged', complete: true })
    expect(classifyRun(facts('running', 1, 1))).toMatchObject({ outcome: 'unfinished', complete: false })
    expect(classifyRun(facts('interrupted', 1, 1))).toMatchObject({ complete: false })
  })
  it('time to grok is the first evaluated epoch with test acc ≥ 0.95', () => {
    expect(classifyRun(facts('finished', 1, 1, [0.1, null, 0.5, 0.96, 0.99, 1])).timeToGrok).toBe(30)
    expect(classifyRun(facts('finished', 1, 0.2, [0.1, 0.2])).timeToGrok).toBeNull()
  })
  it('rule is configurable: a late collapse counts with use = max', () => {
    const f = facts('finished', 1, 0.5, [0.2, 0.97, 0.5])
    expect(classifyRun(f).outcome).toBe('memorized')
    expect(classifyRun(f, outcomeRule({ use: 'max' })).outcome).toBe('generalized')
    expect(classifyRun(facts('finished', 1, 0.92), outcomeRule({ testAcc: 0.9 })).outcome).toBe('generalized')
    expect(() => outcomeRule({ testAcc: 2 })).toThrow(/testAcc/)
  })
})

describe('phaseCells', () => {
  it('success rate over complete runs, time to grok mean ± se over grokked runs', () => {
    const pt = (p: number, outcome: string, ttg: number | null, complete = true) => ({ group: '23', M: 23, p, outcome, complete, timeToGrok: ttg })
    const cells = phaseCells([pt(0.4, 'generalized', 100), pt(0.4, 'generalized', 140), pt(0.4, 'memorized', null), pt(0.4, 'generalized', null, false), pt(0.2, 'memorized', null)])
    expect(cells.map((c) => c.p)).toEqual([0.2, 0.4])
    const c = cells[1]
    expect(c).toMatchObject({ runs: 3, pending: 1, generalized: 2, memorized: 1, ttg_mean: 120, ttg_n: 2 })
    expect(c.success_rate).toBeCloseTo(2 / 3)
    expect(c.ttg_se).toBeCloseTo(Math.sqrt(800) / Math.sqrt(2)) // sd of {100, 140} = √800
    expect(cells[0].success_rate).toBe(0)
  })
})

/** Binomial draws from P = σ(b·(p − p*)). */
function synthetic(pStar: number, b: number, ps: number[], n: number, seed: number): Trials[] {
  const rng = new Rng(seed)
  return ps.map((p) => {
    let k = 0
    for (let i = 0; i < n; i++) if (rng.next() < 1 / (1 + Math.exp(-b * (p - pStar)))) k++
    return { p, k, n }
  })
}

describe('fitBoundary', () => {
  const ps = Array.from({ length: 11 }, (_, i) => 0.1 + 0.04 * i) // 0.10 … 0.50
  it('recovers a known boundary with an interval that covers it (most seeds)', () => {
    let covered = 0
    for (let seed = 1; seed <= 20; seed++) {
      const b = fitBoundary(synthetic(0.3, 40, ps, 20, seed))
      expect(b.status).toBe('fit')
      expect(Math.abs(b.pStar! - 0.3)).toBeLessThan(0.03)
      expect(b.lo!).toBeLessThan(b.pStar!)
      expect(b.hi!).toBeGreaterThan(b.pStar!)
      if (b.lo! <= 0.3 && 0.3 <= b.hi!) covered++
    }
    expect(covered).toBeGreaterThanOrEqual(16) // nominal 95%
  })
  it('a perfect step gives the gap as the interval, its midpoint as p*', () => {
    const t = [0.1, 0.2, 0.3, 0.4].map((p) => ({ p, k: p >= 0.3 ? 5 : 0, n: 5 }))
    const b = fitBoundary(t)
    expect(b.separated).toBe(true)
    expect(b.pStar!).toBeCloseTo(0.25, 2)
    expect(b.lo!).toBeGreaterThan(0.19)
    expect(b.hi!).toBeLessThan(0.31)
  })
  it('all or none generalized: no p*, one-sided bound', () => {
    expect(fitBoundary([{ p: 0.2, k: 3, n: 3 }, { p: 0.4, k: 3, n: 3 }])).toMatchObject({ status: 'all-generalized', pStar: null, hi: 0.2 })
    expect(fitBoundary([{ p: 0.2, k: 0, n: 3 }, { p: 0.4, k: 0, n: 3 }])).toMatchObject({ status: 'none-generalized', lo: 0.4 })
    expect(fitBoundary([]).status).toBe('no-data')
  })
})

describe('fitScalingConstant', () => {
  it('recovers c from exact points and gives a zero-width interval', () => {
    const pts = [23, 31, 47, 71].map((M) => ({ M, pStar: (2.7482 * Math.log(M)) / M }))
    const f = fitScalingConstant(pts)
    expect(f.c!).toBeCloseTo(2.7482, 10)
    expect(f.hi! - f.lo!).toBeLessThan(1e-9)
    expect(f.reference).toBe(2.7482)
  })
  it('least squares through the origin with a t interval on noisy points', () => {
    const Ms = [11, 17, 23, 31, 41, 53]
    const noise = [0.01, -0.02, 0.015, -0.005, 0.0, 0.01]
    const pts = Ms.map((M, i) => ({ M, pStar: (3 * Math.log(M)) / M + noise[i] }))
    const xs = Ms.map((M) => Math.log(M) / M)
    const c = xs.reduce((a, x, i) => a + x * pts[i].pStar, 0) / xs.reduce((a, x) => a + x * x, 0)
    const f = fitScalingConstant(pts)
    expect(f.c!).toBeCloseTo(c, 12)
    expect(f.lo!).toBeLessThan(3)
    expect(f.hi!).toBeGreaterThan(3)
    expect(fitScalingConstant([{ M: 23, pStar: 0.4 }]).lo).toBeNull()
  })
  it('c_G scales x for non-Abelian groups; t quantiles', () => {
    expect(fitScalingConstant([{ M: 24, pStar: (2 * 1.5 * Math.log(24)) / 24, C: 1.5 }]).c!).toBeCloseTo(2, 10)
    expect(tQuantile975(1)).toBeCloseTo(12.706, 3)
    expect(tQuantile975(1e9)).toBeCloseTo(1.96, 2)
  })
})
