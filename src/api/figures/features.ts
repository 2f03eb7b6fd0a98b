/** features: which irrep each hidden node holds at a run's stage boundaries (onset of Stage II, of Stage III, and the
 *  end): nodes × irreps heatmaps of each node's power share (viridis), nodes sorted by their dominant irrep and the
 *  near-zero nodes weight decay leaves folded away (counted in each panel's title). */
import type { FeatureSpectra, RunDetail } from '../contract'
import { axisStyle, FONT_FAMILY, FONT_PT, VIRIDIS } from './style'
import type { FigureData } from './types'
import { csvCell } from './fig3'

/** A node whose total power is below this share of the strongest node's counts as near zero. */
export const NEAR_ZERO = 0.02

/** Each kept node's power shares over the irreps, sorted by dominant irrep then share; and how many were folded. */
export function nodeShares(f: FeatureSpectra): { rows: { node: number; shares: number[]; dominant: number }[]; folded: number } {
  const R = f.irreps.length
  // without a per-node power table, a node's row is its purity on its dominant irrep
  const power = f.power ?? f.dominant.map((d, j) => Array.from({ length: R }, (_, r) => (r === d ? f.purity[j] : 0)))
  const totals = power.map((row) => row.reduce((a, b) => a + b, 0))
  const max = Math.max(...totals, 0)
  const rows = power.flatMap((row, node) => {
    if (!(totals[node] > NEAR_ZERO * max) || max === 0) return []
    const shares = row.map((v) => v / totals[node])
    const dominant = shares.indexOf(Math.max(...shares))
    return [{ node, shares, dominant }]
  }).sort((a, b) => a.dominant - b.dominant || b.shares[b.dominant] - a.shares[a.dominant])
  return { rows, folded: power.length - rows.length }
}

export function featuresFigure(run: RunDetail, panels: { title: string; spectra: FeatureSpectra }[]): FigureData {
  const n = panels.length
  const grids: Record<string, unknown>[] = []
  const xAxes: Record<string, unknown>[] = []
  const yAxes: Record<string, unknown>[] = []
  const series: Record<string, unknown>[] = []
  const titles: Record<string, unknown>[] = []
  const csv = ['panel,epoch,node,irrep,share']
  panels.forEach((p, i) => {
    const { rows, folded } = nodeShares(p.spectra)
    const irreps = p.spectra.irreps.map((r) => r.label)
    const h = 84 / n
    grids.push({ left: '12%', right: '12%', top: `${i * h + 8}%`, height: `${h - 9}%` })
    titles.push({ text: `${p.title} (epoch ${p.spectra.epoch}): ${rows.length} nodes, ${folded} near zero folded`, left: '12%', top: `${i * h + 3}%`, textStyle: { fontSize: FONT_PT.title, fontWeight: 'normal', fontFamily: FONT_FAMILY } })
    xAxes.push({ type: 'category', gridIndex: i, data: rows.map((r) => String(r.node)), ...axisStyle(i === n - 1 ? 'hidden node (sorted by dominant irrep)' : ''), axisLabel: { show: false }, axisTick: { show: false } })
    yAxes.push({ type: 'category', gridIndex: i, data: irreps, ...axisStyle('irrep', { nameGap: 30 }), axisLabel: { fontSize: FONT_PT.tick - 1, fontFamily: FONT_FAMILY, interval: irreps.length > 12 ? Math.ceil(irreps.length / 12) - 1 : 0 } })
    const data: [number, number, number][] = []
    rows.forEach((r, x) => r.shares.forEach((v, y) => { if (v > 0.005) data.push([x, y, v]) }))
    series.push({ type: 'heatmap', xAxisIndex: i, yAxisIndex: i, data, progressive: 0 })
    for (const [x, y, v] of data) csv.push([p.title, p.spectra.epoch, rows[x].node, irreps[y], v].map(csvCell).join(','))
  })
  return {
    option: {
      title: titles, grid: grids, xAxis: xAxes, yAxis: yAxes, series,
      visualMap: { type: 'continuous', min: 0, max: 1, seriesIndex: series.map((_, i) => i), inRange: { color: VIRIDIS }, orient: 'vertical', right: 0, top: 'middle', itemWidth: 8, itemHeight: 70, text: ['share 1', '0'], textStyle: { fontSize: FONT_PT.legend, fontFamily: FONT_FAMILY }, calculable: false },
    },
    aspect: 0.32 * n + 0.1,
    csv: csv.join('\n') + '\n',
    runs: [run.id],
  }
}
