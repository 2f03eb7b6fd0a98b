// The Features tab's bar charts: the purity histogram of the drawn nodes, and the share of the learned input power
// in each irrep, coloured by the irrep's kind (real / complex / quaternionic) with its degree under its name.
// Pure (spectra, nodes) → ECharts option; test/renderer/featureMap.test.ts.
import type { FeatureSpectra } from '../../../api/contract'
import type { ChartOption } from './echarts'

/** Colours per irrep kind (Okabe–Ito: distinguishable with the common colour-vision deficiencies). */
export const KIND_COLORS: Record<string, string> = { real: '#0072b2', complex: '#e69f00', quaternionic: '#cc79a7', trivial: '#999999' }

/** Counts of `nodes`' purities in `bins` equal bins over [0, 1] (a purity of 1 falls in the last). */
export function purityCounts(f: FeatureSpectra, nodes: number[], bins = 10): number[] {
  const out = new Array<number>(bins).fill(0)
  for (const j of nodes) if (f.dominant[j] >= 0) out[Math.min(bins - 1, Math.floor(f.purity[j] * bins))]++
  return out
}

/** Histogram of the drawn nodes' purity (dominant irrep's share of non-trivial input power); the pure threshold is marked. */
export function purityHistogramOption(f: FeatureSpectra, nodes: number[], bins = 10): ChartOption {
  const counts = purityCounts(f, nodes, bins)
  const labels = counts.map((_, i) => (i / bins).toFixed(1))
  return {
    animation: false,
    grid: { left: 44, right: 16, top: 40, bottom: 40 },
    title: { text: 'Purity of the drawn nodes (node count)', left: 8, top: 4, textStyle: { fontSize: 12.5, fontWeight: 'normal' } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: labels, name: 'purity (bin start)', nameLocation: 'middle', nameGap: 24, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{
      type: 'bar', name: 'nodes', data: counts, barCategoryGap: '8%',
      itemStyle: { color: '#21918c' },
      markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#666' }, label: { formatter: `pure ≥ ${f.summary.pureThreshold}`, fontSize: 10 },
        data: [{ xAxis: labels[Math.min(bins - 1, Math.floor(f.summary.pureThreshold * bins))] }] },
    }],
  }
}

/** The legend name of an irrep's kind and degree, e.g. "complex, degree 1". */
export function kindName(r: { kind: string; degree: number }): string {
  return `${r.kind}, degree ${r.degree}`
}

/** One bar per non-trivial irrep: its share of all non-trivial input power, one series per kind and degree, so the
 *  legend names them and the colour tells the kind. */
export function powerBarsOption(f: FeatureSpectra): ChartOption {
  const idx = f.irreps.map((_, k) => k).filter((k) => f.irreps[k].kind !== 'trivial')
  const kinds = [...new Set(idx.map((k) => kindName(f.irreps[k])))]
  const labels = idx.map((k) => f.irreps[k].label)
  const DEGREE_BORDER = ['solid', 'dashed', 'dotted'] as const
  return {
    animation: false,
    grid: { left: 44, right: 16, top: 40, bottom: idx.length > 16 ? 64 : 30 },
    title: { text: 'Power per irrep (share of non-trivial power)', left: 8, top: 4, textStyle: { fontSize: 12.5, fontWeight: 'normal' } },
    legend: { top: 6, right: 8, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 10.5 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${(100 * v).toFixed(1)}%` : '—') },
    xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 10, interval: 0, rotate: idx.length > 16 ? 45 : 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(100 * v)}%` } },
    series: kinds.map((name) => {
      const r = f.irreps[idx.find((k) => kindName(f.irreps[k]) === name)!]
      // the degree as the bar's border: a kind keeps its colour, and degree 2 reads apart from degree 1 without colour
      const border = r.degree > 1 ? { borderColor: '#222', borderWidth: 1.5, borderType: DEGREE_BORDER[Math.min(2, r.degree - 1)] } : {}
      return {
        type: 'bar' as const, name, stack: 'kind', itemStyle: { color: KIND_COLORS[r.kind] ?? '#888', ...border },
        data: idx.map((k) => (kindName(f.irreps[k]) === name ? f.summary.powerPerIrrep[k] : null)),
      }
    }),
  }
}
