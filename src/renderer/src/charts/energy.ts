// The Energy page's charts as pure builders (data → ECharts option), tested without a browser
// (test/renderer/energyCharts.test.ts): basins of the census's maxima coloured by E/E*, a slice of E through one maximum
// as a heatmap with isolines, and a p-scan's feature share against p with p_c marked.
import type { CensusScan, EnergyCensus, EnergySlice } from '../../../api/contract'
import { evenLevels, isolines } from './contours'
import type { ChartOption } from './echarts'

/** Colour ramp for E/E* (0 → 1) and for E on a slice: viridis, perceptually even and colour-blind-safe, as every
 *  sequential scale in the lab (phase diagram, feature heatmap, figures). */
export const RAMP = ['#440154', '#46327e', '#365c8d', '#277f8e', '#1fa187', '#4ac16d', '#a0da39', '#fde725']
/** Bars of maxima that are not features (no E*): grey, outside the E/E* ramp. */
export const NOT_FEATURE = '#9aa0a8'

/** One bar per maximum: x its irrep (or kind), height its basin share, colour its E/E* (grey without E*). */
export function basinBars(r: EnergyCensus): { label: string; share: number; ratio: number | null }[] {
  const seen = new Map<string, number>()
  return r.maxima.map((m, i) => {
    const base = m.irrep ?? m.kind
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    return { label: n > 1 ? `${base} #${i + 1}` : base, share: m.frequency, ratio: m.E_star ? m.E / m.E_star : null }
  })
}

/** The basins bar chart. */
export function basinsOption(r: EnergyCensus): ChartOption {
  const bars = basinBars(r)
  const top = Math.max(1, ...bars.map((b) => b.ratio ?? 0))
  return {
    animation: false,
    grid: { left: 56, right: 110, top: 30, bottom: 56 },
    tooltip: { trigger: 'item', formatter: (p: unknown) => {
      const d = (p as { data: [string, number, number] }).data
      return `${d[0]}<br>basin ${(100 * d[1]).toFixed(1)}%<br>${d[2] >= 0 ? `E/E* ${d[2].toFixed(4)}` : 'not a feature (no E*)'}`
    } },
    xAxis: { type: 'category', name: 'maximum (irrep)', nameLocation: 'middle', nameGap: 34, data: bars.map((b) => b.label), axisLabel: { interval: 0, rotate: bars.length > 10 ? 40 : 0 } },
    yAxis: { type: 'value', name: 'basin share', min: 0, max: (v: { max: number }) => Math.min(1, Math.ceil(v.max * 10 + 0.5) / 10), axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    visualMap: {
      type: 'continuous', dimension: 2, min: 0, max: top, precision: 2, calculable: false, right: 4, top: 'middle', itemHeight: 140,
      text: [`E/E* ${top.toFixed(2)}`, '0'], inRange: { color: RAMP }, outOfRange: { color: NOT_FEATURE }, seriesIndex: 0,
    },
    series: [{ type: 'bar', name: 'basin share', barMaxWidth: 42, data: bars.map((b) => [b.label, b.share, b.ratio ?? -1]), encode: { x: 0, y: 1 } }],
  }
}

/** The slice: E as a heatmap over the angles (a along d1, b along d2) with `levels` isolines drawn on a value grid laid
 *  exactly over the heatmap's cells (cell i spans i − ½ … i + ½). */
export function sliceOption(s: EnergySlice, levels = 8): ChartOption {
  const n = s.a.length, m = s.b.length
  let lo = Infinity, hi = -Infinity
  const cells: [number, number, number][] = []
  s.E.forEach((row, ib) => row.forEach((v, ia) => { cells.push([ia, ib, v]); if (v < lo) lo = v; if (v > hi) hi = v }))
  const lines = isolines(s.E, evenLevels(s.E, levels))
  const contour: (number | string)[][] = []
  for (const l of lines) for (const [p, q] of l.segments) contour.push(p, q, ['-', '-']) // '-' breaks the line between segments
  // a square plot (angles on both axes), labels every ~45°, the E legend to its right
  const grid = { left: 70, width: 400, top: 16, height: 360 }
  const deg = (v: number | string) => `${Math.round(Number(v))}°`
  const every = (k: number) => Math.max(0, Math.round((k - 1) / 4) - 1)
  return {
    animation: false,
    grid: [grid, grid],
    tooltip: { trigger: 'item', formatter: (p: unknown) => {
      const d = (p as { seriesType: string; data: [number, number, number] })
      return d.seriesType === 'heatmap' ? `a ${deg(s.a[d.data[0]])}, b ${deg(s.b[d.data[1]])}<br>E ${d.data[2].toPrecision(5)}` : ''
    } },
    xAxis: [
      { type: 'category', gridIndex: 0, data: s.a.map(deg), name: 'a: toward d1', nameLocation: 'middle', nameGap: 30, axisLabel: { interval: every(n) }, axisTick: { interval: every(n) } },
      { type: 'value', gridIndex: 1, min: -0.5, max: n - 0.5, show: false },
    ],
    yAxis: [
      { type: 'category', gridIndex: 0, data: s.b.map(deg), name: 'b: toward d2', nameLocation: 'middle', nameGap: 46, axisLabel: { interval: every(m) }, axisTick: { interval: every(m) } },
      { type: 'value', gridIndex: 1, min: -0.5, max: m - 0.5, show: false },
    ],
    visualMap: { type: 'continuous', min: lo, max: hi, precision: 3, calculable: true, left: 500, top: 30, itemHeight: 300, text: ['E', ''], inRange: { color: RAMP }, seriesIndex: 0 },
    series: [
      { type: 'heatmap', xAxisIndex: 0, yAxisIndex: 0, data: cells, progressive: 0 },
      { type: 'line', name: 'isolines', xAxisIndex: 1, yAxisIndex: 1, data: contour, showSymbol: false, silent: true,
        lineStyle: { color: 'rgba(0,0,0,0.55)', width: 0.8 }, connectNulls: false, z: 5 },
    ],
  }
}

/** Isoline segment count of a slice option (for tests and the page's data attributes). */
export function isolineCount(o: ChartOption): number {
  const s = (o.series as { type: string; data: unknown[] }[]).find((x) => x.type === 'line')
  return s ? s.data.length / 3 : 0
}

/** The p-scan: shares of restarts ending at features and at memorization as p falls, with p_c marked. */
export function scanOption(s: CensusScan): ChartOption {
  const pts = [...s.points].sort((a, b) => a.p - b.p)
  return {
    animation: false,
    grid: { left: 56, right: 24, top: 40, bottom: 48 },
    legend: { top: 4, left: 60 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'training fraction p', nameLocation: 'middle', nameGap: 28, min: 0, max: 1 },
    yAxis: { type: 'value', name: 'share of restarts', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: [
      { type: 'line', name: 'features', data: pts.map((q) => [q.p, q.feature_share]), symbolSize: 7, color: '#2f6fdf',
        markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#c5352b' },
          label: { formatter: `p_c = ${s.p_c.toPrecision(3)}`, position: 'insideEndTop', color: '#c5352b' }, data: [{ xAxis: s.p_c }] } },
      { type: 'line', name: 'memorization', data: pts.map((q) => [q.p, q.memorization_share]), symbolSize: 7, color: '#e0662e' },
      { type: 'line', name: 'mixed', data: pts.map((q) => [q.p, q.mixed_share]), symbolSize: 5, color: '#9aa0a8', lineStyle: { type: 'dotted' } },
    ],
  }
}
