// One hidden node's charts (getNode): its input weights u, v and output weights over the group elements, their DFT
// magnitudes for Z_M, and its power per irrep. Pure (node) → ECharts option; test/renderer/featureMap.test.ts.
import type { NodeDetail } from '../../../api/contract'
import type { ChartOption } from './echarts'

/** Colours of u, v (then further operand blocks) and the output weights. */
const BLOCK_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7']
const OUT_COLOR = '#555555'

/** The name of operand block b: u, v for the usual two operands, then w3, w4, …. */
export function blockName(b: number): string {
  return b === 0 ? 'u' : b === 1 ? 'v' : `w${b + 1}`
}

const title = (text: string) => ({ text, left: 8, top: 2, textStyle: { fontSize: 12.5, fontWeight: 'normal' as const } })
const legend = { top: 22, left: 8, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 10.5 } }

/** u, v (one line per operand block) and the output weights V[:, node], against the group element. */
export function nodeWeightsOption(n: NodeDetail): ChartOption {
  const x = Array.from({ length: n.M }, (_, i) => String(i))
  return {
    animation: false,
    title: title(`Weights over the ${n.M} group elements`),
    grid: { left: 52, right: 12, top: 56, bottom: 36 },
    legend,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toPrecision(3) : '—') },
    xAxis: { type: 'category', data: x, name: 'element', nameLocation: 'middle', nameGap: 22, axisLabel: { fontSize: 9.5 } },
    yAxis: { type: 'value' },
    series: [
      ...n.inputs.map((w, b) => ({ type: 'line' as const, name: `${blockName(b)} (input ${b + 1})`, data: w, symbolSize: 4, lineStyle: { width: 1.5 }, itemStyle: { color: BLOCK_COLORS[b % 4] } })),
      { type: 'line' as const, name: 'output V[:, node]', data: n.output, symbolSize: 3, lineStyle: { width: 1.2, type: 'dashed' as const }, itemStyle: { color: OUT_COLOR } },
    ],
  }
}

/** |DFT| of u, v and the output weights at frequencies 0..⌊M/2⌋ (Z_M only: null otherwise). */
export function nodeDftOption(n: NodeDetail): ChartOption | null {
  if (!n.dft) return null
  const x = n.dft.output.map((_, k) => String(k))
  return {
    animation: false,
    title: title('|DFT| per frequency (one peak: a single-frequency node)'),
    grid: { left: 52, right: 12, top: 56, bottom: 36 },
    legend,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toPrecision(3) : '—') },
    xAxis: { type: 'category', data: x, name: 'frequency k', nameLocation: 'middle', nameGap: 22, axisLabel: { fontSize: 9.5 } },
    yAxis: { type: 'value' },
    series: [
      ...n.dft.inputs.map((w, b) => ({ type: 'bar' as const, name: blockName(b), data: w, itemStyle: { color: BLOCK_COLORS[b % 4] } })),
      { type: 'bar' as const, name: 'output', data: n.dft.output, itemStyle: { color: OUT_COLOR } },
    ],
  }
}

/** The node's share of input power per irrep (non-trivial ones share 100%; the trivial one is left out). */
export function nodeSpectrumOption(n: NodeDetail): ChartOption {
  const idx = n.spectrum.map((_, k) => k).filter((k) => n.spectrum[k].kind !== 'trivial')
  const outTot = idx.reduce((a, k) => a + n.spectrum[k].outputPower, 0)
  return {
    animation: false,
    title: title('Irrep spectrum (share of non-trivial power)'),
    grid: { left: 52, right: 12, top: 56, bottom: idx.length > 16 ? 56 : 36 },
    legend,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${(100 * v).toFixed(1)}%` : '—') },
    xAxis: { type: 'category', data: idx.map((k) => n.spectrum[k].label), axisLabel: { fontSize: 10, interval: 0, rotate: idx.length > 16 ? 45 : 0 } },
    yAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(100 * v)}%` } },
    series: [
      { type: 'bar', name: 'input (u, v)', data: idx.map((k) => n.spectrum[k].share), itemStyle: { color: BLOCK_COLORS[0] } },
      { type: 'bar', name: 'output', data: idx.map((k) => (outTot > 0 ? n.spectrum[k].outputPower / outTot : 0)), itemStyle: { color: OUT_COLOR } },
    ],
  }
}
