// A screen chart's option restyled for print at a venue's width (1 px = 1 pt): text at 8–9 pt as the figure presets
// draw it (api/figures/style), no zoom slider or tooltip, and the room the slider kept under the plot given back.
import type { ChartOption } from './echarts'

const PT = { tick: 8, label: 9, title: 9, legend: 8 } as const
const LONG = 3000
type Obj = Record<string, unknown>
const each = (v: unknown, f: (o: Obj) => Obj): unknown => (Array.isArray(v) ? v.map((x) => f(x as Obj)) : v && typeof v === 'object' ? f(v as Obj) : v)
const sub = (o: Obj, key: string, extra: Obj): Obj => ({ ...((o[key] as Obj | undefined) ?? {}), ...extra })

/** `option` as it should print: small text, no interaction parts, a tighter grid. */
export function printOption(option: ChartOption): ChartOption {
  const { dataZoom: _z, tooltip: _t, ...rest } = option as ChartOption & { dataZoom?: unknown; tooltip?: unknown }
  const axis = (a: Obj): Obj => ({ ...a, axisLabel: sub(a, 'axisLabel', { fontSize: PT.tick }), nameTextStyle: sub(a, 'nameTextStyle', { fontSize: PT.label }), nameGap: Math.min(Number(a.nameGap ?? 22), 22) })
  return {
    ...rest,
    animation: false,
    textStyle: { fontFamily: 'DejaVu Sans, sans-serif', fontSize: PT.tick },
    xAxis: each(rest.xAxis, axis),
    yAxis: each(rest.yAxis, axis),
    legend: each(rest.legend, (l) => ({ ...l, ...(typeof l.top === 'number' ? { top: 16 } : {}), textStyle: sub(l, 'textStyle', { fontSize: PT.legend }), itemWidth: 14, itemHeight: 8 })),
    title: each(rest.title, (t) => ({ ...t, textStyle: sub(t, 'textStyle', { fontSize: PT.title }), subtextStyle: sub(t, 'subtextStyle', { fontSize: PT.tick }) })),
    // the screen's margins are sized for 12–13 px text and a slider; at 8–9 pt the plot can take most of them back
    // a long run's every epoch would make an SVG of megabytes (and a request over the host's 1 MiB body limit); LTTB
    // keeps the shape at the figure's own resolution
    series: each(rest.series, (x) => (x.type === 'line' && Array.isArray(x.data) && x.data.length > LONG ? { ...x, sampling: 'lttb' } : x)),
    grid: each(rest.grid, (g) => ({ ...g, top: Math.min(Number(g.top ?? 44), 44), bottom: 34, ...(typeof g.left === 'number' ? { left: Math.min(g.left, 48) } : {}) })),
  } as ChartOption
}
