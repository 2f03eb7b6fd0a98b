// The curves' optional EMA: debiased like TensorBoard's, weighted by the epochs between points, gaps left alone.
import { describe, expect, it } from 'vitest'
import { smoothEma, type Point } from '../../src/renderer/src/charts/smoothing'

describe('smoothEma', () => {
  it('a constant series stays constant, evenly or unevenly spaced', () => {
    for (const xs of [[0, 1, 2, 3, 4], [0, 1, 50, 51, 400]]) {
      const out = smoothEma(xs.map((x) => [x, 0.7] as Point), 0.9)
      for (const [, y] of out) expect(y).toBeCloseTo(0.7, 12)
    }
  })
  it('debiased at the start: the first point is itself, the second a weighted mean of the two (not pulled toward 0)', () => {
    const out = smoothEma([[0, 10], [1, 20]], 0.5)
    expect(out[0]).toEqual([0, 10])
    expect(out[1]![1]).toBeCloseTo((0.5 * 0.5 * 10 + 0.5 * 20) / (0.5 * 0.5 + 0.5), 12) // acc/norm with decay 0.5
  })
  it('uneven spacing: a long gap forgets more of the past than a short one', () => {
    const short = smoothEma([[0, 0], [1, 0], [2, 0], [3, 1]], 0.8)
    const long = smoothEma([[0, 0], [1, 0], [2, 0], [12, 1]], 0.8)
    expect(long[3]![1]!).toBeGreaterThan(short[3]![1]!)
    expect(long[3]![1]!).toBeGreaterThan(0.8) // 0.8^10 of the past is left
  })
  it('weight 0 is the raw series; nulls stay gaps and do not move the average', () => {
    expect(smoothEma([[0, 1], [1, 3]], 0)).toEqual([[0, 1], [1, 3]])
    const out = smoothEma([[0, 2], [1, null], [2, 2]], 0.9)
    expect(out).toEqual([[0, 2], [1, null], [2, 2]])
  })
})
