// The phase diagram of one group family (Fig. 5): success rate (or time to grok) per (M, p) cell on log–log axes, each
// group's fitted boundary p* with its 95 % interval, the line p = c·c_G·ln M / M for the fitted c (its interval as a
// band) and for the reference's 2.7482, and the energy-only boundary where it was computed.
import type { PhaseReport } from '../../../api/contract'
import type { ChartOption } from './echarts'
import { groupFamily, type GroupFamily } from '../utils/groupFamily'

export type PhaseLayer = 'success' | 'ttg'
export type PhaseCellRow = PhaseReport['cells'][number]
type Boundary = PhaseReport['boundaries'][number]

/** viridis at 8 stops: sequential, colour-blind-safe, and legible in greyscale (success rate: dark = 0, yellow = 1). */
export const VIRIDIS = ['#440154', '#46327e', '#365c8d', '#277f8e', '#1fa187', '#4ac16d', '#a0da39', '#fde725']
/** cividis at 6 stops, for the time-to-grok layer, so the two layers never read as the same quantity. */
export const CIVIDIS = ['#00204d', '#31446b', '#666970', '#958f78', '#cbba69', '#ffea46']
const PENDING = '#b9bcc2'
/** Runs that collapsed to the zero-output state (runner/outcomes): their own hue, and out of the success rate. */
export const COLLAPSED = '#8a5cd6'

/** The cells and boundaries of one family, and what its lines need. */
export interface PhasePanel {
  family: GroupFamily
  cells: PhaseCellRow[]
  boundaries: Boundary[]
}

/** Splits a report into one panel per group family present, in the paper's order. */
export function phasePanels(report: PhaseReport): PhasePanel[] {
  const by = new Map<GroupFamily, PhasePanel>()
  for (const c of report.cells) {
    const f = groupFamily(c.group)
    if (!by.has(f)) by.set(f, { family: f, cells: [], boundaries: [] })
    by.get(f)!.cells.push(c)
  }
  for (const b of report.boundaries) by.get(groupFamily(b.group))?.boundaries.push(b)
  const order: GroupFamily[] = ['cyclic, prime order', 'cyclic, composite order', 'products', 'non-Abelian']
  return order.flatMap((f) => (by.has(f) ? [by.get(f)!] : []))
}

/** p = c·c_G·ln M / M. */
export const boundaryAt = (c: number, C: number, M: number): number => (c * C * Math.log(M)) / M

/** Points of the line p = c·c_G·ln M / M across the panel: dense when every group shares c_G, else one point per group. */
export function scalingLine(c: number, boundaries: readonly Boundary[], mRange: [number, number]): [number, number][] {
  const Cs = [...new Set(boundaries.map((b) => b.C))]
  if (Cs.length === 1) {
    const [lo, hi] = mRange
    return Array.from({ length: 48 }, (_, i) => {
      const M = lo * (hi / lo) ** (i / 47)
      return [M, boundaryAt(c, Cs[0], M)]
    })
  }
  return [...boundaries].sort((a, b) => a.M - b.M).map((b) => [b.M, boundaryAt(c, b.C, b.M)])
}

/** The text of a cell's tooltip: its counts, success rate and time to grok. */
export function cellTooltip(c: PhaseCellRow): string {
  const pct = c.success_rate === null ? '—' : `${Math.round(c.success_rate * 100)} %`
  const ttg = c.ttg_mean === null ? '—' : `${Math.round(c.ttg_mean)}${c.ttg_se !== null ? ` ± ${Math.round(c.ttg_se)}` : ''} epochs (n=${c.ttg_n})`
  const counts = [`generalized ${c.generalized}`, `memorized ${c.memorized}`, ...(c.collapsed ? [`<span style="color:${COLLAPSED}">collapsed ${c.collapsed}</span>`] : []), ...countsBeyond(c), `diverged ${c.diverged}`, `unfinished ${c.unfinished}`]
  if (c.pending) counts.push(`pending ${c.pending}`)
  return `<b>${c.group}</b> (M = ${c.M}), p = ${c.p.toPrecision(3)}<br>${counts.join(' · ')}<br>success ${pct} · time to grok ${ttg}<br><i>click to compare its ${c.runIds.length} runs</i>`
}

// outcomes a newer report may count besides the four (e.g. collapsed), shown when present
function countsBeyond(c: PhaseCellRow): string[] {
  const known = new Set(['group', 'M', 'p', 'runs', 'pending', 'generalized', 'memorized', 'collapsed', 'diverged', 'unfinished', 'success_rate', 'ttg_mean', 'ttg_se', 'ttg_n', 'runIds'])
  return Object.entries(c).filter(([k, v]) => !known.has(k) && typeof v === 'number').map(([k, v]) => `${k} ${v}`)
}

/** The ECharts option of one panel. Cells are series 'cells' (dataIndex = index into `panel.cells`); cells with no
 *  complete run (or, on the ttg layer, no grokked run) are drawn grey in series 'pending'. */
export function phaseChartOption(panel: PhasePanel, fit: PhaseReport['fit'], layer: PhaseLayer): ChartOption {
  const { cells, boundaries } = panel
  const Ms = cells.map((c) => c.M)
  const ps = cells.map((c) => c.p)
  const mRange: [number, number] = [Math.min(...Ms) / 1.25, Math.max(...Ms) * 1.25]
  const pRange: [number, number] = [Math.min(...ps) / 1.4, Math.min(1, Math.max(...ps) * 1.4)]
  const mapped = (c: PhaseCellRow) => (layer === 'success' ? c.success_rate !== null : c.ttg_mean !== null)
  const ttgs = cells.filter((c) => c.ttg_mean !== null).map((c) => c.ttg_mean!)
  const clip = (pts: [number, number][]) => pts.filter(([, p]) => p > 0)
  const series: ChartOption['series'] = [
    {
      id: 'cells', name: layer === 'success' ? 'success rate' : 'time to grok', type: 'scatter', symbol: 'rect', symbolSize: 15, z: 2,
      data: cells.map((c) => (mapped(c) ? [c.M, c.p, c.success_rate ?? 0, c.ttg_mean ?? 0] : [c.M, c.p, '-', '-'])),
      itemStyle: { borderColor: 'rgba(0,0,0,0.25)', borderWidth: 0.5 },
    },
    {
      id: 'pending', name: 'no complete run', type: 'scatter', symbol: 'rect', symbolSize: 15, z: 1,
      data: cells.map((c) => (mapped(c) ? [c.M, '-'] : [c.M, c.p])), itemStyle: { color: PENDING },
    },
  ]
  const collapsedCells = cells.filter((c) => c.collapsed > 0)
  if (collapsedCells.length) {
    series.push({
      id: 'collapsed', name: 'cell with collapsed runs', type: 'scatter', symbol: 'triangle', symbolSize: 8, z: 6,
      data: collapsedCells.map((c) => [c.M, c.p]), itemStyle: { color: COLLAPSED, borderColor: '#fff', borderWidth: 1 },
    })
  }
  const fitted = boundaries.filter((b) => b.pStar !== null)
  series.push({
    id: 'pstar', name: 'fitted p* (95 % interval)', type: 'scatter', symbol: 'diamond', symbolSize: 11, z: 5,
    data: fitted.map((b) => [b.M, b.pStar!]), itemStyle: { color: '#d6336c', borderColor: '#fff', borderWidth: 1 },
    // the group's name beside its boundary: a log axis over a few M has too few ticks to tell the columns apart
    label: { show: true, position: 'right', distance: 7, fontSize: 11, color: '#d6336c', formatter: (p: { dataIndex: number }) => groupLabel(fitted[p.dataIndex].group) },
  })
  series.push({
    id: 'pstar-interval', name: 'fitted p* (95 % interval)', type: 'custom', z: 4, silent: true,
    data: fitted.map((b) => [b.M, b.lo ?? b.pStar!, b.hi ?? b.pStar!]),
    renderItem: (_params, api) => {
      const lo = api.coord([api.value(0), api.value(1)])
      const hi = api.coord([api.value(0), api.value(2)])
      const cap = 5
      const line = (x1: number, y1: number, x2: number, y2: number) => ({ type: 'line' as const, shape: { x1, y1, x2, y2 }, style: { stroke: '#d6336c', lineWidth: 1.5 } })
      return { type: 'group', children: [line(lo[0], lo[1], hi[0], hi[1]), line(lo[0] - cap, lo[1], lo[0] + cap, lo[1]), line(hi[0] - cap, hi[1], hi[0] + cap, hi[1])] }
    },
  })
  if (fit.c !== null && boundaries.length) {
    if (fit.lo !== null && fit.hi !== null) {
      const upper = clip(scalingLine(fit.hi, boundaries, mRange))
      const lower = clip(scalingLine(fit.lo, boundaries, mRange))
      series.push({
        id: 'fit-band', name: 'c interval', type: 'custom', z: 3, silent: true,
        data: [0],
        renderItem: (_params, api) => ({
          type: 'polygon', shape: { points: [...upper, ...[...lower].reverse()].map((pt) => api.coord(pt)) },
          style: { fill: 'rgba(214, 51, 108, 0.12)' },
        }),
      })
    }
    series.push({
      id: 'fit', name: `fitted c = ${fit.c.toFixed(2)}${fit.lo !== null && fit.hi !== null ? ` [${fit.lo.toFixed(2)}, ${fit.hi.toFixed(2)}]` : ''}`,
      type: 'line', showSymbol: false, z: 4, data: clip(scalingLine(fit.c, boundaries, mRange)), lineStyle: { color: '#d6336c', width: 2 }, itemStyle: { color: '#d6336c' },
    })
  }
  if (boundaries.length) {
    series.push({
      id: 'theory', name: `theory c = ${fit.reference}`, type: 'line', showSymbol: false, z: 4,
      data: clip(scalingLine(fit.reference, boundaries, mRange)), lineStyle: { color: '#444', width: 1.5, type: 'dashed' }, itemStyle: { color: '#444' },
    })
  }
  const energy = boundaries.filter((b) => b.theory_p !== null)
  if (energy.length) {
    series.push({
      id: 'energy', name: 'energy-only boundary', type: 'scatter', symbol: 'triangle', symbolSize: 10, z: 5,
      data: energy.map((b) => [b.M, b.theory_p!]), itemStyle: { color: '#f08c00', borderColor: '#fff', borderWidth: 1 },
    })
  }
  return {
    animation: false,
    grid: { left: 64, right: 118, top: 46, bottom: 52 },
    // the cells' colours are read on the visual map; the legend names the lines and markers
    legend: { top: 4, left: 56, data: series.map((s) => s!.name as string).filter((n, i, a) => !['no complete run', 'c interval', 'success rate', 'time to grok'].includes(n) && a.indexOf(n) === i), textStyle: { fontSize: 11.5 } },
    tooltip: {
      trigger: 'item', confine: true,
      formatter: (params: unknown) => {
        const p = params as { seriesId?: string; dataIndex: number; value: unknown[] }
        if (p.seriesId === 'cells' || p.seriesId === 'pending') return cellTooltip(cells[p.dataIndex])
        if (p.seriesId === 'collapsed') return cellTooltip(collapsedCells[p.dataIndex])
        if (p.seriesId === 'pstar') { const b = fitted[p.dataIndex]; return `<b>${b.group}</b>: p* = ${b.pStar!.toPrecision(3)} [${b.lo?.toPrecision(3) ?? '—'}, ${b.hi?.toPrecision(3) ?? '—'}]<br>p_c = ${b.p_c.toPrecision(3)}` }
        if (p.seriesId === 'energy') { const b = energy[p.dataIndex]; return `<b>${b.group}</b>: energy-only boundary p = ${b.theory_p!.toPrecision(3)}` }
        return ''
      },
    },
    xAxis: {
      type: 'log', logBase: tickBase(mRange), min: mRange[0], max: mRange[1], name: 'M = |G| (log)', nameLocation: 'middle', nameGap: 30,
      axisLabel: { formatter: (v: number) => String(Math.round(v)), showMinLabel: false, showMaxLabel: false }, splitLine: { show: false },
    },
    yAxis: {
      type: 'log', logBase: tickBase(pRange), min: pRange[0], max: pRange[1], name: 'training fraction p (log)', nameLocation: 'middle', nameGap: 44,
      axisLabel: { formatter: (v: number) => String(+v.toPrecision(2)), showMinLabel: false, showMaxLabel: false },
    },
    visualMap: layer === 'success'
      ? { type: 'continuous', seriesIndex: 0, dimension: 2, min: 0, max: 1, inRange: { color: VIRIDIS }, right: 8, top: 'middle', text: ['100 % generalized', '0 %'], calculable: false, itemHeight: 150, textStyle: { fontSize: 11 } }
      : { type: 'continuous', seriesIndex: 0, dimension: 3, min: ttgs.length ? Math.min(...ttgs) : 0, max: ttgs.length ? Math.max(...ttgs) : 1, inRange: { color: CIVIDIS }, right: 8, top: 'middle', text: ['slow to grok', 'fast'], calculable: false, itemHeight: 150, textStyle: { fontSize: 11 }, formatter: (v: unknown) => `${Math.round(Number(v))} ep` },
    series,
  }
}

/** A log axis ticks at powers of its base: a base that puts about five ticks across the range, so a panel spanning
 *  M = 11…13 or p = 0.3…1 is labelled inside (base 10 would label its ends only). */
export function tickBase([lo, hi]: [number, number]): number {
  return Math.min(10, Math.max(1.05, (hi / lo) ** (1 / 5)))
}

/** Z_23 for a cyclic group's number, the catalog name otherwise. */
export const groupLabel = (g: string): string => (/^\d+$/.test(g) ? `Z_${g}` : g)

/** The groups of a panel whose markers land on each other's column, for a caption. */
export const panelGroups = (panel: PhasePanel): string => [...new Set(panel.cells.map((c) => c.group))].join(', ')
