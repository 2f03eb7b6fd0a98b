// The phase diagram's pieces: panels per group family, the scaling line p = c·c_G·ln M / M, ticks inside narrow log
// ranges, the fit table's CSV, and a cell's tooltip naming its counts.
import { describe, expect, it } from 'vitest'
import type { PhaseReport } from '../../src/api/contract'
import { boundaryAt, cellTooltip, phaseChartOption, phasePanels, scalingLine, tickBase } from '../../src/renderer/src/charts/phaseChart'
import { toCsv } from '../../src/renderer/src/utils/csv'
import { groupFamily } from '../../src/renderer/src/utils/groupFamily'

const cell = (group: string, M: number, p: number, g: number, n: number, runIds: number[]) => ({
  group, M, p, runs: n, pending: 0, generalized: g, memorized: n - g, diverged: 0, unfinished: 0, collapsed: 0, success_rate: g / n, ttg_mean: g ? 300 : null, ttg_se: null, ttg_n: g, runIds,
})
const boundary = (group: string, M: number, C: number, pStar: number | null) => ({
  group, M, C, p_c: boundaryAt(2.7482, C, M), runs: 8, theory_p: null, pStar, lo: pStar && pStar * 0.9, hi: pStar && pStar * 1.1, slope: 10,
  status: (pStar ? 'fit' : 'none-generalized') as 'fit' | 'none-generalized', separated: false,
})
const report: PhaseReport = {
  sweep: { id: 1, name: 't' }, rule: { testAcc: 0.95, trainAcc: 0.99, grokAcc: 0.95, use: 'final' },
  cells: [cell('11', 11, 0.45, 0, 4, [1, 2, 3, 4]), cell('11', 11, 0.75, 4, 4, [5, 6, 7, 8]), cell('D7', 14, 0.5, 2, 4, [9, 10, 11, 12]), cell('4x7', 28, 0.4, 1, 2, [13, 14])],
  boundaries: [boundary('11', 11, 1, 0.6), boundary('D7', 14, 1, 0.5), boundary('4x7', 28, 1, null)],
  fit: { c: 2.9, lo: 1.8, hi: 4, n: 1, reference: 2.7482, theory_c: null }, outcomes: { generalized: 7, memorized: 7 },
}

describe('phase chart', () => {
  it('splits cells and boundaries by family, in the paper\'s order', () => {
    expect(groupFamily('23')).toBe('cyclic, prime order')
    expect(groupFamily('24')).toBe('cyclic, composite order')
    expect(groupFamily('2x3x5')).toBe('products')
    expect(groupFamily('SmallGroup(16,13)')).toBe('non-Abelian')
    const panels = phasePanels(report)
    expect(panels.map((p) => p.family)).toEqual(['cyclic, prime order', 'products', 'non-Abelian'])
    expect(panels[0].cells.map((c) => c.p)).toEqual([0.45, 0.75])
    expect(panels[2].boundaries.map((b) => b.group)).toEqual(['D7'])
  })

  it('draws p = c·ln M / M (smooth for one c_G, per group otherwise)', () => {
    const line = scalingLine(2.7482, [boundary('11', 11, 1, 0.6)], [10, 100])
    expect(line).toHaveLength(48)
    expect(line[0][0]).toBeCloseTo(10)
    expect(line[0][1]).toBeCloseTo((2.7482 * Math.log(10)) / 10)
    const mixed = scalingLine(2, [boundary('D7', 14, 1, 0.5), boundary('Q8', 8, 1.5, 0.5)], [5, 20])
    expect(mixed).toEqual([[8, boundaryAt(2, 1.5, 8)], [14, boundaryAt(2, 1, 14)]])
  })

  it('has the cells, the fitted and theory lines, and no fitted marker where none was fitted', () => {
    const [prime, products] = phasePanels(report)
    const ids = (o: ReturnType<typeof phaseChartOption>) => (o.series as { id: string }[]).map((s) => s.id)
    expect(ids(phaseChartOption(prime, report.fit, 'success'))).toEqual(['cells', 'pending', 'pstar', 'pstar-interval', 'fit-band', 'fit', 'theory'])
    const o = phaseChartOption(products, report.fit, 'ttg')
    expect(((o.series as { id: string; data: unknown[] }[]).find((s) => s.id === 'pstar')!).data).toEqual([])
    expect((o.visualMap as { dimension: number }).dimension).toBe(3)
  })

  it('ticks a narrow log range inside it', () => {
    const b = tickBase([0.32, 1])
    expect(b).toBeGreaterThan(1)
    expect(Math.log(1 / 0.32) / Math.log(b)).toBeCloseTo(5)
    expect(tickBase([1e-3, 1e3])).toBe(10)
  })

  it('names a cell\'s counts and runs in its tooltip; the fit table copies as CSV', () => {
    const t = cellTooltip(report.cells[2])
    expect(t).toContain('generalized 2 · memorized 2')
    expect(t).toContain('compare its 4 runs')
    expect(toCsv(['group', 'p'], [['SmallGroup(16,13)', 0.5], ['a"b', null]])).toBe('group,p\n"SmallGroup(16,13)",0.5\n"a""b",\n')
  })
})
