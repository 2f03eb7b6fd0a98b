// The Features tab's chart builders on a hand-made spectra: near-zero nodes fold away and come back in order, cells are
// shares of each node's power, the histogram counts purities, the power bars carry kind and degree, and a node's
// charts draw u, v, output and (for Z_M only) the DFT.
import { describe, expect, it } from 'vitest'
import type { FeatureSpectra, NodeDetail } from '../../src/api/contract'
import { kindName, powerBarsOption, purityCounts, purityHistogramOption } from '../../src/renderer/src/charts/featureBars'
import { FOLD_SHARE, featureHeatmapOption, heatmapCells, nodeOrder, VIRIDIS } from '../../src/renderer/src/charts/featureMap'
import { blockName, nodeDftOption, nodeSpectrumOption, nodeWeightsOption } from '../../src/renderer/src/charts/nodeCharts'

/** Five nodes over trivial, one degree-1 real and one degree-2 real irrep: 0 and 3 on the 2-dim one, 1 on the 1-dim
 *  one, 2 and 4 near zero (power below FOLD_SHARE of the strongest). */
function spectra(): FeatureSpectra {
  const power = [[0, 0.1, 9.9], [0.5, 4.5, 0], [0, 1e-4, 1e-4], [0, 1, 7], [0, 0, 0]]
  return {
    epoch: 10, requested_epoch: null, group: 'D3', K: 5, q: 2,
    irreps: [{ label: 'χ0', degree: 1, kind: 'trivial', dim: 1 }, { label: 'χ1', degree: 1, kind: 'real', dim: 1 }, { label: 'χ2', degree: 2, kind: 'real', dim: 4 }],
    dominant: [2, 1, 1, 2, -1], purity: [0.99, 1, 0.5, 0.875, 0], participation: [1, 1, 2, 1.3, 0], elementSpread: [0, 0, 0, 0, 0],
    outputDominant: [], outputPurity: [], power,
    summary: { pureThreshold: 0.9, pureShare: 0.4, irrepsCovered: [1, 2], nonTrivialIrreps: 2, pureNodesPerIrrep: [0, 1, 1], dominantNodesPerIrrep: [0, 2, 2], powerWeightedPurity: 0.9, powerPerIrrep: [0, 0.25, 0.75] },
  }
}

describe('nodeOrder and the heatmap', () => {
  it('folds the near-zero nodes and sorts the rest by dominant irrep, then purity', () => {
    const f = spectra()
    expect(FOLD_SHARE).toBe(0.01)
    expect(nodeOrder(f, false)).toEqual({ nodes: [1, 0, 3], folded: 2, nearZero: 2 })
    expect(nodeOrder(f, true)).toEqual({ nodes: [1, 0, 3, 2, 4], folded: 0, nearZero: 2 }) // folded ones after, same order
  })
  it('cells are each node\'s share of its own power, on a viridis visualMap from 0 to 1', () => {
    const f = spectra()
    const cells = heatmapCells(f, [0, 1])
    expect(cells).toHaveLength(6)
    expect(cells[2]).toEqual([0, 2, 0.99])
    expect(cells[3]).toEqual([1, 0, 0.1])
    const o = featureHeatmapOption(f, nodeOrder(f, false)) as { visualMap: { min: number; max: number; inRange: { color: string[] } }; xAxis: { data: string[] }; yAxis: { data: string[] } }
    expect(o.visualMap).toMatchObject({ min: 0, max: 1, inRange: { color: VIRIDIS } })
    expect(o.xAxis.data).toEqual(['1', '0', '3'])
    expect(o.yAxis.data).toEqual(['trivial', 'χ1', 'χ2'])
  })
})

describe('purity histogram and power bars', () => {
  it('counts purities of the drawn nodes with a dominant irrep (1.0 in the last bin)', () => {
    const f = spectra()
    expect(purityCounts(f, [0, 1, 2, 3, 4])).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 1, 2])
    const o = purityHistogramOption(f, [0, 1]) as { series: { data: number[] }[] }
    expect(o.series[0].data.reduce((a, b) => a + b, 0)).toBe(2)
  })
  it('has one bar per non-trivial irrep, one series per kind and degree', () => {
    const o = powerBarsOption(spectra()) as { xAxis: { data: string[] }; series: { name: string; data: (number | null)[] }[] }
    expect(o.xAxis.data).toEqual(['χ1', 'χ2'])
    expect(o.series.map((s) => s.name)).toEqual(['real, degree 1', 'real, degree 2'])
    expect(o.series[1].data).toEqual([null, 0.75])
    expect(kindName({ kind: 'complex', degree: 1 })).toBe('complex, degree 1')
  })
})

describe('node charts', () => {
  const node: NodeDetail = {
    run_id: 1, epoch: 10, group: '5', node: 2, M: 5, K: 4, q: 2, inputs: [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0]], output: [0, 0, 1, 0, 0],
    spectrum: [{ label: 'k=0', degree: 1, kind: 'trivial', power: 0.2, share: 0, outputPower: 0.2 }, { label: 'k=1', degree: 1, kind: 'complex', power: 0.8, share: 0.5, outputPower: 0.4 }, { label: 'k=2', degree: 1, kind: 'complex', power: 0.8, share: 0.5, outputPower: 0.4 }],
    dominant: 1, purity: 0.5, dft: { inputs: [[1, 1, 1], [1, 1, 1]], output: [1, 1, 1] },
  }
  it('draws u, v and the output over the elements, the DFT for Z_M, and the non-trivial spectrum', () => {
    const w = nodeWeightsOption(node) as { series: { name: string; data: number[] }[]; xAxis: { data: string[] } }
    expect(w.series.map((s) => s.name)).toEqual(['u (input 1)', 'v (input 2)', 'output V[:, node]'])
    expect(w.xAxis.data).toHaveLength(5)
    expect((nodeDftOption(node) as { series: unknown[] }).series).toHaveLength(3)
    expect(nodeDftOption({ ...node, dft: null })).toBeNull()
    const s = nodeSpectrumOption(node) as { series: { data: number[] }[] }
    expect(s.series[0].data).toEqual([0.5, 0.5])
    expect(s.series[1].data).toEqual([0.5, 0.5])
    expect([0, 1, 2].map(blockName)).toEqual(['u', 'v', 'w3'])
  })
})
