// The Features tab's heatmap: hidden nodes × irreps, each cell the node's share of its input power in that irrep.
// Nodes are sorted by dominant irrep, then purity, and the near-zero ones weight decay leaves are folded away, so a
// K = 2048 run reads as its ~150 learned nodes. Pure (spectra, options) → ECharts option; test/renderer/featureMap.test.ts.
import type { FeatureSpectra } from '../../../api/contract'
import type { ChartOption } from './echarts'

/** A node is near zero when its input power is below this share of the strongest node's. */
export const FOLD_SHARE = 0.01

/** Viridis (matplotlib), 9 stops: sequential, perceptually uniform and readable with the common colour-vision deficiencies. */
export const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725']

/** The nodes drawn, in order, and how many near-zero nodes are folded away (0 when `showFolded`). */
export interface NodeOrder {
  nodes: number[]
  folded: number
  /** Near-zero nodes in total (shown or not). */
  nearZero: number
}

/** Each node's input power summed over irreps (the trivial one included). */
export function nodePower(f: FeatureSpectra): number[] {
  return (f.power ?? []).map((row) => row.reduce((a, p) => a + Math.max(0, p), 0))
}

/** Nodes sorted by dominant irrep (nodes with none last), then purity and power, descending; near-zero nodes (below
 *  FOLD_SHARE of the strongest) are left out unless `showFolded`, then drawn after the rest in the same order. */
export function nodeOrder(f: FeatureSpectra, showFolded: boolean): NodeOrder {
  const P = nodePower(f)
  const max = Math.max(0, ...P)
  const by = (a: number, b: number) => {
    const da = f.dominant[a] < 0 ? Infinity : f.dominant[a], db = f.dominant[b] < 0 ? Infinity : f.dominant[b]
    return da - db || f.purity[b] - f.purity[a] || P[b] - P[a] || a - b
  }
  const all = P.map((_, j) => j)
  const live = all.filter((j) => max > 0 && P[j] >= FOLD_SHARE * max).sort(by)
  const low = all.filter((j) => !(max > 0 && P[j] >= FOLD_SHARE * max)).sort(by)
  return { nodes: showFolded ? [...live, ...low] : live, folded: showFolded ? 0 : low.length, nearZero: low.length }
}

/** Cells [position, irrep, share] of the heatmap for `nodes` (share of the node's input power, 0..1). */
export function heatmapCells(f: FeatureSpectra, nodes: number[]): [number, number, number][] {
  const P = nodePower(f)
  const cells: [number, number, number][] = []
  nodes.forEach((j, x) => {
    const row = f.power?.[j] ?? []
    row.forEach((p, k) => cells.push([x, k, P[j] > 0 ? Math.max(0, p) / P[j] : 0]))
  })
  return cells
}

/** The nodes × irreps heatmap (nodes along x, irreps down y, k = first at the top) with a viridis visualMap. */
export function featureHeatmapOption(f: FeatureSpectra, order: NodeOrder): ChartOption {
  const irreps = f.irreps.map((r) => (r.kind === 'trivial' ? 'trivial' : r.label))
  const nodes = order.nodes
  return {
    animation: false,
    grid: { left: 70, right: 16, top: 12, bottom: 62 },
    tooltip: {
      position: 'top',
      formatter: (p: unknown) => {
        const [x, k, v] = (p as { data: [number, number, number] }).data
        const j = nodes[x]
        return `node ${j} · ${irreps[k]}: ${(100 * v).toFixed(1)}% of its power<br/>dominant ${f.dominant[j] >= 0 ? irreps[f.dominant[j]] : '—'}, purity ${f.purity[j].toFixed(2)} (click for its weights)`
      },
    },
    xAxis: {
      type: 'category', data: nodes.map((j) => String(j)), name: `hidden node (${nodes.length} shown)`, nameLocation: 'middle', nameGap: 24,
      axisTick: { show: false }, axisLabel: { show: nodes.length <= 60, fontSize: 9 }, splitArea: { show: false },
    },
    yAxis: { type: 'category', data: irreps, inverse: true, axisLabel: { fontSize: 10.5 }, axisTick: { show: false } },
    visualMap: {
      type: 'continuous', min: 0, max: 1, calculable: false, orient: 'horizontal', right: 16, bottom: 0, itemHeight: 140, itemWidth: 10,
      text: ['100% of the node\'s power', '0'], textStyle: { fontSize: 10.5 }, inRange: { color: VIRIDIS }, dimension: 2,
    },
    series: [{ type: 'heatmap', data: heatmapCells(f, nodes), progressive: 0, emphasis: { itemStyle: { borderColor: '#e0662e', borderWidth: 1 } } }],
  }
}
