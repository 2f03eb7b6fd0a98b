// Compare's seed statistics against known values (numpy / scipy / R give the same) and invariants: the band holds the
// centre, min ≤ mean ≤ max, the t factor falls toward z, and interpolation onto a common grid reproduces shared epochs.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BAND_KINDS, CENTRES, commonGrid, groupBand, interpolateAt, mean, median, quantile, sem, spliceCurve, std, summarize, t975 } from '../../src/renderer/src/charts/compareStats'

describe('seed statistics: known values', () => {
  it('mean, std (n − 1), s.e.m. and the 95 % t-interval of [1, 2, 3]', () => {
    expect(mean([1, 2, 3])).toBe(2)
    expect(std([1, 2, 3])).toBe(1)
    expect(sem([1, 2, 3])).toBeCloseTo(1 / Math.sqrt(3), 12)
    const ci = summarize([1, 2, 3], 'mean', 'ci95') // scipy.stats.t.interval(0.95, 2, 2, 1/√3) = (−0.4841, 4.4841)
    expect(ci.lo).toBeCloseTo(-0.48414, 4)
    expect(ci.hi).toBeCloseTo(4.48414, 4)
  })
  it('quantiles interpolate linearly between order statistics (numpy default)', () => {
    const xs = [7, 1, 3, 5] // sorted 1 3 5 7
    expect(median(xs)).toBe(4)
    expect(quantile(xs, 0.25)).toBe(2.5)
    expect(quantile(xs, 0)).toBe(1)
    expect(quantile(xs, 1)).toBe(7)
    expect(median([1, 2, 100])).toBe(2)
  })
  it('t₀.₉₇₅ from the table and the expansion: 12.706 at 1, 2.042 at 30, 2.000 at 60, → 1.960', () => {
    expect(t975(1)).toBeCloseTo(12.706, 3)
    expect(t975(2)).toBeCloseTo(4.303, 3)
    expect(t975(30)).toBeCloseTo(2.042, 3)
    expect(t975(31)).toBeCloseTo(2.0395, 3)
    expect(t975(60)).toBeCloseTo(2.0003, 3)
    expect(t975(120)).toBeCloseTo(1.9799, 3)
    expect(t975(1e6)).toBeCloseTo(1.96, 3)
    expect(t975(0)).toBeNaN()
  })
  it('one seed: std 0, and every band collapses onto it', () => {
    expect(std([4])).toBe(0)
    for (const b of BAND_KINDS) expect(summarize([4], 'mean', b)).toEqual({ centre: 4, lo: 4, hi: 4 })
  })
})

describe('seed statistics: invariants', () => {
  const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 })
  it('min ≤ median, mean ≤ max; std, s.e.m. ≥ 0; the band contains its centre', () => {
    fc.assert(fc.property(values, fc.constantFrom(...CENTRES), fc.constantFrom(...BAND_KINDS), (xs, c, b) => {
      const lo = Math.min(...xs), hi = Math.max(...xs), eps = 1e-9 * (1 + Math.abs(lo) + Math.abs(hi))
      expect(mean(xs)).toBeGreaterThanOrEqual(lo - eps)
      expect(mean(xs)).toBeLessThanOrEqual(hi + eps)
      expect(median(xs)).toBeGreaterThanOrEqual(lo)
      expect(median(xs)).toBeLessThanOrEqual(hi)
      expect(std(xs)).toBeGreaterThanOrEqual(0)
      expect(sem(xs)).toBeLessThanOrEqual(std(xs) + eps)
      const s = summarize(xs, c, b)
      expect(s.lo).toBeLessThanOrEqual(s.centre + eps)
      expect(s.hi).toBeGreaterThanOrEqual(s.centre - eps)
    }), { numRuns: 300 })
  })
  it('the t factor falls with df and stays above z', () => {
    for (let df = 1; df < 200; df++) {
      expect(t975(df + 1)).toBeLessThan(t975(df))
      expect(t975(df)).toBeGreaterThan(1.959963)
    }
  })
})

describe('aligning runs on a common grid', () => {
  it('interpolates linearly inside a run and never past its ends', () => {
    const c = { x: [0, 10, 20], y: [0, 1, 3] }
    expect(interpolateAt(c, 5)).toBe(0.5)
    expect(interpolateAt(c, 15)).toBe(2)
    expect(interpolateAt(c, 20)).toBe(3)
    expect(interpolateAt(c, -1)).toBeNull()
    expect(interpolateAt(c, 21)).toBeNull()
  })
  it('uses the union of epochs when it fits the budget, else an even grid over the whole span', () => {
    expect(commonGrid([{ x: [0, 2, 4], y: [0, 0, 0] }, { x: [1, 2, 3], y: [0, 0, 0] }], 10)).toEqual([0, 1, 2, 3, 4])
    expect(commonGrid([{ x: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], y: [] }], 3)).toEqual([0, 5, 10])
  })
  it('seeds on shared epochs: the group line is the pointwise statistic, and a shorter run drops out past its end', () => {
    const a = { x: [0, 1, 2], y: [1, 2, 3] }
    const b = { x: [0, 1, 2], y: [3, 4, 5] }
    const c = { x: [0, 1], y: [2, 3] }
    const g = groupBand([a, b, c], 'mean', 'minmax', 100)
    expect(g).toEqual([
      { x: 0, n: 3, centre: 2, lo: 1, hi: 3 },
      { x: 1, n: 3, centre: 3, lo: 2, hi: 4 },
      { x: 2, n: 2, centre: 4, lo: 3, hi: 5 },
    ])
  })
  it('runs downsampled to different epochs are read on one grid, and the band holds every run there', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 30 }), { minLength: 1, maxLength: 6 }), (ys) => {
      const curves = ys.map((y, k) => ({ x: y.map((_, i) => i * (k + 1)), y }))
      for (const p of groupBand(curves, 'mean', 'minmax', 50)) {
        const at = curves.map((c) => interpolateAt(c, p.x)).filter((v): v is number => v !== null)
        expect(p.n).toBe(at.length)
        expect(p.lo).toBeCloseTo(Math.min(...at), 9)
        expect(p.hi).toBeCloseTo(Math.max(...at), 9)
      }
    }), { numRuns: 100 })
  })
})

describe('a run’s drawn curve', () => {
  const overview = { epoch: [0, 10, 20, 30, 40], value: [0, 1, null, 3, 4] }
  it('shifts x by the stage onset and drops unmeasured epochs', () => {
    expect(spliceCurve(overview, 20)).toEqual({ x: [-20, -10, 10, 20], y: [0, 1, 3, 4] })
  })
  it('replaces the zoomed range with the refetched points and keeps the overview around it', () => {
    const zoomed = { from: 10, to: 30, epoch: [10, 15, 20, 25, 30], value: [1, 1.5, 2, 2.5, 3] }
    expect(spliceCurve(overview, 0, zoomed)).toEqual({ x: [0, 10, 15, 20, 25, 30, 40], y: [0, 1, 1.5, 2, 2.5, 3, 4] })
  })
})
