/** fig5: a sweep's phase diagrams (the paper's Fig. 5), one panel per group family: success rate per (M, p) cell on
 *  log–log axes (viridis), each group's fitted boundary p* with its 95 % interval, and the lines p = c·c_G·ln M / M for
 *  the fitted c and for the paper's 2.7482. */
import type { PhaseReport } from '../contract'
import { axisStyle, FONT_FAMILY, FONT_PT, VIRIDIS } from './style'
import type { FigureData } from './types'
import { csvCell } from './fig3'

type Family = 'cyclic, prime order' | 'cyclic, composite order' | 'products' | 'non-Abelian'
const FAMILIES: Family[] = ['cyclic, prime order', 'cyclic, composite order', 'products', 'non-Abelian']
const isPrime = (n: number) => { if (n < 2) return false; for (let d = 2; d * d <= n; d++) if (n % d === 0) return false; return true }
/** The Fig. 5 panel a group belongs to (the groups' c_G differ between panels). */
export function familyOf(group: string): Family {
  if (/^\d+$/.test(group)) return isPrime(Number(group)) ? 'cyclic, prime order' : 'cyclic, composite order'
  return /^\d+(x\d+)+$/.test(group) ? 'products' : 'non-Abelian'
}

/** The quick and paper sweeps `--run-missing` runs for fig5: the tiny preset (a boundary in under a minute) or the
 *  prime panel at paper scale (hours). */
export const FIG5_PRESETS = { quick: { preset: 'tiny' }, paper: { preset: 'fig5-prime', scale: 'paper' as const } }

export function fig5(report: PhaseReport): FigureData {
  const fams = FAMILIES.filter((f) => report.cells.some((c) => familyOf(c.group) === f))
  const n = fams.length
  const grids: Record<string, unknown>[] = []
  const xAxes: Record<string, unknown>[] = []
  const yAxes: Record<string, unknown>[] = []
  const series: Record<string, unknown>[] = []
  const titles: Record<string, unknown>[] = []
  const csv = ['family,group,M,p,runs,generalized,memorized,success_rate,p_star,p_star_lo,p_star_hi']
  const c = report.fit.c
  const cellSeries: number[] = []
  fams.forEach((f, i) => {
    const cells = report.cells.filter((x) => familyOf(x.group) === f)
    const bounds = report.boundaries.filter((b) => familyOf(b.group) === f)
    const w = 100 / n
    grids.push({ left: `${i * w + 9}%`, width: `${w - 13}%`, top: '16%', bottom: '17%' })
    titles.push({ text: f, left: `${i * w + 9}%`, top: '9%', textStyle: { fontSize: FONT_PT.title, fontWeight: 'normal', fontFamily: FONT_FAMILY } })
    const Ms = cells.map((x) => x.M)
    const ps = cells.map((x) => x.p)
    const [m0, m1] = [Math.min(...Ms) / 1.2, Math.max(...Ms) * 1.2]
    const [p0, p1] = [Math.min(...ps) / 1.3, Math.min(1, Math.max(...ps) * 1.3)]
    const base = (lo: number, hi: number) => Math.min(10, Math.max(1.05, (hi / lo) ** (1 / 4)))
    xAxes.push({ type: 'log', logBase: base(m0, m1), min: m0, max: m1, gridIndex: i, ...axisStyle('M'), axisLabel: { fontSize: FONT_PT.tick, fontFamily: FONT_FAMILY, formatter: (v: number) => String(Math.round(v)), showMinLabel: false, showMaxLabel: false } })
    yAxes.push({ type: 'log', logBase: base(p0, p1), min: p0, max: p1, gridIndex: i, ...axisStyle(i === 0 ? 'training fraction p' : '', { nameGap: 26 }), axisLabel: { fontSize: FONT_PT.tick, fontFamily: FONT_FAMILY, formatter: (v: number) => String(+v.toPrecision(2)), showMinLabel: false } })
    cellSeries.push(series.length)
    series.push({ type: 'scatter', xAxisIndex: i, yAxisIndex: i, symbol: 'rect', symbolSize: 7, data: cells.filter((x) => x.success_rate !== null).map((x) => [x.M, x.p, x.success_rate]), itemStyle: { borderColor: 'rgba(0,0,0,0.3)', borderWidth: 0.3 } })
    const fitted = bounds.filter((b) => b.pStar !== null)
    series.push({ type: 'scatter', name: 'fitted p*', xAxisIndex: i, yAxisIndex: i, symbol: 'diamond', symbolSize: 6, z: 5, data: fitted.map((b) => [b.M, b.pStar]), itemStyle: { color: '#D55E00' } })
    series.push({
      type: 'custom', xAxisIndex: i, yAxisIndex: i, silent: true, z: 4, data: fitted.map((b) => [b.M, b.lo ?? b.pStar!, b.hi ?? b.pStar!]),
      renderItem: (_: unknown, api: { value(i: number): number; coord(v: number[]): number[] }) => {
        const a = api.coord([api.value(0), api.value(1)])
        const z = api.coord([api.value(0), api.value(2)])
        return { type: 'line', shape: { x1: a[0], y1: a[1], x2: z[0], y2: z[1] }, style: { stroke: '#D55E00', lineWidth: 0.8 } }
      },
    })
    const line = (cc: number) => Array.from({ length: 32 }, (_, k) => { const M = m0 * (m1 / m0) ** (k / 31); const C = bounds[0]?.C ?? 1; return [M, (cc * C * Math.log(M)) / M] })
    if (c !== null) series.push({ type: 'line', name: `fitted c = ${c.toFixed(2)}`, xAxisIndex: i, yAxisIndex: i, showSymbol: false, data: line(c), lineStyle: { color: '#D55E00', width: 1 }, itemStyle: { color: '#D55E00' } })
    series.push({ type: 'line', name: `c = ${report.fit.reference}`, xAxisIndex: i, yAxisIndex: i, showSymbol: false, data: line(report.fit.reference), lineStyle: { color: '#000', width: 0.8, type: 'dashed' }, itemStyle: { color: '#000' } })
    for (const x of cells) {
      const b = bounds.find((y) => y.group === x.group)
      csv.push([f, x.group, x.M, x.p, x.runs, x.generalized, x.memorized, x.success_rate, b?.pStar, b?.lo, b?.hi].map(csvCell).join(','))
    }
  })
  return {
    option: {
      title: titles, grid: grids, xAxis: xAxes, yAxis: yAxes, series,
      visualMap: { type: 'continuous', min: 0, max: 1, dimension: 2, seriesIndex: cellSeries, inRange: { color: VIRIDIS }, orient: 'horizontal', left: 'center', bottom: 0, itemWidth: 8, itemHeight: 80, text: ['generalized 100 %', '0 %'], textStyle: { fontSize: FONT_PT.legend, fontFamily: FONT_FAMILY }, calculable: false },
      legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 6, textStyle: { fontSize: FONT_PT.legend, fontFamily: FONT_FAMILY }, data: [...new Set(series.map((s) => s.name).filter(Boolean))] },
    },
    aspect: n > 1 ? 0.5 : 0.8,
    csv: csv.join('\n') + '\n',
    sweep: report.sweep.name,
  }
}
