// The Energy page's chart builders without a browser: isolines by marching squares on known surfaces, the basins bars'
// labels and E/E* colours, the slice's contour overlay aligned with the heatmap cells, the p-scan's p_c mark.
import { describe, expect, it } from 'vitest'
import type { CensusScan, EnergyCensus, EnergySlice } from '../../src/api/contract'
import { evenLevels, isolines } from '../../src/renderer/src/charts/contours'
import { basinBars, basinsOption, isolineCount, scanOption, sliceOption } from '../../src/renderer/src/charts/energy'

describe('isolines', () => {
  it('traces a circle of the right radius on a cone', () => {
    const n = 41, c = 20
    const Z = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => Math.hypot(i - c, j - c)))
    const [iso] = isolines(Z, [10])
    expect(iso.segments.length).toBeGreaterThan(40)
    for (const seg of iso.segments) for (const [x, y] of seg) expect(Math.hypot(x - c, y - c)).toBeCloseTo(10, 0) // linear interpolation of a cone: within a cell's chord error
  })

  it('gives nothing for a level outside the grid or a flat grid, and levels strictly inside the range', () => {
    const Z = [[0, 1], [2, 3]]
    expect(isolines(Z, [5])[0].segments).toEqual([])
    expect(evenLevels([[1, 1], [1, 1]], 4)).toEqual([])
    expect(evenLevels(Z, 2)).toEqual([1, 2])
    // one crossing cell: the segment's ends are where the edges cross 1.5
    expect(isolines(Z, [1.5])[0].segments).toEqual([[[0, 0.75], [1, 0.25]]])
  })
})

const max = (E: number, E_star: number | null, irrep: string | null, kind: string, frequency: number) =>
  ({ E, E_star, irrep, degree: 1, kind, purity: 1, participation_ratio: 2, count: 1, frequency, E_spread: 0 })

describe('energy charts', () => {
  it('basins: one bar per maximum, repeated irreps told apart, E/E* as the colour dimension (−1: no E*)', () => {
    const r = { maxima: [max(2.75, 2.75, 'k=1', 'feature', 0.5), max(2.7, 2.75, 'k=1', 'feature', 0.25), max(1, null, null, 'memorization', 0.25)] } as unknown as EnergyCensus
    expect(basinBars(r).map((b) => b.label)).toEqual(['k=1', 'k=1 #2', 'memorization'])
    const o = basinsOption(r) as { series: { data: unknown[] }[]; visualMap: { dimension: number; max: number } }
    expect(o.series[0].data).toEqual([['k=1', 0.5, 1], ['k=1 #2', 0.25, 2.7 / 2.75], ['memorization', 0.25, -1]])
    expect(o.visualMap.dimension).toBe(2)
    expect(o.visualMap.max).toBe(1)
  })

  it('slice: a heatmap cell per grid point and isolines on value axes spanning the cells exactly', () => {
    const a = [-90, 0, 90], E = [[0, 1, 0], [1, 3, 1], [0, 1, 0]]
    const s = { id: 1, maximum: 0, a, b: a, E, E_center: 3, E_star: 3, directions: { d1: 'x', d2: 'y' }, other_at: null } as EnergySlice
    const o = sliceOption(s, 2) as unknown as { series: { type: string; data: unknown[] }[]; xAxis: { min?: number; max?: number; data?: string[] }[] }
    expect(o.series[0].data).toHaveLength(9)
    expect(o.xAxis[0].data).toEqual(['-90°', '0°', '90°'])
    expect([o.xAxis[1].min, o.xAxis[1].max]).toEqual([-0.5, 2.5])
    expect(isolineCount(sliceOption(s, 2))).toBeGreaterThanOrEqual(8) // two closed rings around the peak, four cells each
  })

  it('p-scan: points by increasing p and p_c as a mark line', () => {
    const pt = (p: number, f: number) => ({ p, n: 10, feature_share: f, memorization_share: 1 - f, mixed_share: 0, maxima: 2, unconverged: 0 })
    const s: CensusScan = { group: '11', M: 11, p_c: 0.6, c_G: 1, points: [pt(1, 1), pt(0.5, 0.25)] }
    const o = scanOption(s) as unknown as { series: { data: number[][]; markLine?: { data: { xAxis: number }[] } }[] }
    expect(o.series[0].data).toEqual([[0.5, 0.25], [1, 1]])
    expect(o.series[0].markLine!.data).toEqual([{ xAxis: 0.6 }])
  })
})
