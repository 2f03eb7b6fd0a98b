// Compare's overlay: N runs (or seed groups with a band) on one metric against epoch, one colour-blind-safe colour per
// line, a note when the data was downsampled, and x zoom. A pure (lines, options) → ECharts option builder in the manner
// of runCurves.ts, tested without a browser (test/renderer/compareCurves.test.ts).
import type { ChartOption } from './echarts'
import { epochLabel, ZOOM_IDS } from './runCurves'

/** Okabe & Ito's colour-blind-safe categorical palette (Color Universal Design, 2008), black last; yellow is darkened
 *  to read on white. Past eight lines the colours repeat dashed, then dotted. */
export const COMPARE_PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#B8A100', '#000000'] as const
const DASHES = ['solid', 'dashed', 'dotted'] as const

/** The colour and dash of the i-th line. */
export function lineStyleAt(i: number): { color: string; type: (typeof DASHES)[number] } {
  const n = COMPARE_PALETTE.length
  return { color: COMPARE_PALETTE[i % n]!, type: DASHES[Math.floor(i / n) % DASHES.length]! }
}

/** One drawn line: a run, or a group's centre with its band [x, lo, hi] (absent for a lone run). */
export interface CompareLine { name: string; data: [number, number][]; band?: [number, number, number][] }

export interface CompareChartOptions {
  title: string
  yName: string
  xName: string
  logY?: boolean
  /** The x extent of the whole comparison: fixed, so a zoom's percentages stay valid while zoomed data is refetched. */
  xMin?: number
  xMax?: number
  /** Shown under the title (e.g. "downsampled to 2400 points per run; zoom for full resolution"). */
  note?: string
  yMin?: number
  yMax?: number
}

const tooltipValue = (v: unknown) => (typeof v === 'number' ? v.toPrecision(4) : String(v))

/** Points that a log axis can show: y > 0. */
const positive = (d: [number, number][]) => d.filter(([, y]) => y > 0)

/** The overlay option: each line in its palette colour; a band as two stacked series under the line's name (a transparent
 *  lower edge, then hi − lo filled), so the legend toggles line and band together. */
export function compareChartOption(lines: readonly CompareLine[], opts: CompareChartOptions): ChartOption {
  const logY = !!opts.logY
  const series: NonNullable<ChartOption['series']> = []
  let clipped = false
  lines.forEach((line, i) => {
    const { color, type } = lineStyleAt(i)
    const data = logY ? positive(line.data) : line.data
    // sampling 'lttb' thins to the canvas' pixel columns when drawing, and animation is off: 50 runs draw in one frame
    series.push({ name: line.name, type: 'line', data, color, showSymbol: data.length <= 30, symbolSize: 4, sampling: 'lttb',
      lineStyle: { width: 1.6, type }, emphasis: { focus: 'series' }, z: 3 })
    if (!line.band?.length) return
    // a log axis has no place for lo ≤ 0 (a ± band of a value near 0): clamp to the smallest positive value of this line
    // or band, so the band still holds its centre line and reaches the bottom of what is drawn
    const minPos = (m: number, v: number) => (v > 0 && v < m ? v : m)
    const floor = logY ? line.band.reduce((m, [, l, h]) => minPos(minPos(m, l), h), data.reduce((m, [, y]) => minPos(m, y), Infinity)) : -Infinity
    if (floor === Infinity) return
    const lo = line.band.map(([x, l]) => [x, Math.max(l, floor)] as [number, number])
    clipped ||= line.band.some(([, l]) => l < floor)
    const width = line.band.map(([x, l, h], k) => [x, Math.max(0, h - lo[k]![1])] as [number, number])
    const stack = `band-${i}`
    const quiet = { type: 'line' as const, name: line.name, stack, color, showSymbol: false, silent: true, tooltip: { show: false }, sampling: 'lttb' as const, z: 2 }
    series.push({ ...quiet, data: lo, lineStyle: { opacity: 0 } })
    series.push({ ...quiet, data: width, lineStyle: { opacity: 0 }, areaStyle: { color, opacity: 0.18 } })
  })
  return {
    animation: false,
    title: { text: opts.title, subtext: [opts.note, clipped ? 'band edges ≤ 0 drawn at the lowest positive value (log y)' : ''].filter(Boolean).join(' · '), left: 8, top: 2, textStyle: { fontSize: 13, fontWeight: 500, lineHeight: 18 },
      subtextStyle: { fontSize: 11.5, color: '#8a5a00', lineHeight: 14 }, itemGap: 6 },
    grid: { left: 64, right: 24, top: 92, bottom: 78 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'cross', snap: false }, valueFormatter: tooltipValue, confine: true },
    legend: { type: 'scroll', top: 46, left: 8, right: 8, itemHeight: 8, textStyle: { fontSize: 11.5 } },
    // axes stay at the grid's edges: aligned on a stage onset, x crosses 0 mid-chart and the y axis would follow it
    xAxis: { type: 'value', axisLine: { onZero: false }, name: opts.xName, nameLocation: 'middle', nameGap: 26, min: opts.xMin ?? 'dataMin', max: opts.xMax ?? 'dataMax',
      axisLabel: { formatter: epochLabel }, axisPointer: { label: { formatter: (p: { value: unknown }) => `${opts.xName} ${epochLabel(Number(p.value))}` } } },
    yAxis: { type: logY ? 'log' : 'value', axisLine: { onZero: false }, name: opts.yName, nameLocation: 'middle', nameGap: 48, min: opts.yMin, max: opts.yMax, scale: !logY && opts.yMin === undefined },
    dataZoom: [
      { type: 'inside', id: ZOOM_IDS.inside, xAxisIndex: 0, filterMode: 'none' },
      { type: 'slider', id: ZOOM_IDS.slider, xAxisIndex: 0, filterMode: 'none', bottom: 8, height: 20 },
    ],
    series,
  }
}
