/** fig3: grokking dynamics with and without weight decay (the paper's Fig. 3): accuracy, loss, ‖G_F‖, ΔW against ΔV,
 *  Gram diagonality and ‖W‖ over epochs, one line per seed group as the mean with its min–max band over seeds, the
 *  stages of the grokking group shaded. */
import type { Li2Service, RunDetail } from '../contract'
import { axisStyle, FONT_FAMILY, FONT_PT, OKABE_ITO } from './style'
import { band, columnOf, epochGrid, interpolate, seedGroups } from './seeds'
import type { FigureData } from './types'

interface Panel { title: string; cols: { col: string; dash?: boolean; name: string }[]; log: boolean }
const PANELS: Panel[] = [
  { title: 'accuracy', cols: [{ col: 'test_acc', name: 'test' }, { col: 'train_acc', name: 'train', dash: true }], log: false },
  { title: 'loss', cols: [{ col: 'test_loss', name: 'test' }, { col: 'train_loss', name: 'train', dash: true }], log: true },
  { title: '‖G_F‖', cols: [{ col: 'gf_norm', name: '‖G_F‖' }], log: true },
  { title: 'ΔW, ΔV (dashed)', cols: [{ col: 'dw_cos', name: 'ΔW' }, { col: 'dv_cos', name: 'ΔV', dash: true }], log: true },
  { title: 'Gram off-diagonal ratio', cols: [{ col: 'ftf_offdiag_ratio', name: 'off/diag' }], log: true },
  { title: '‖W‖', cols: [{ col: 'w_norm', name: '‖W‖' }], log: false },
]
const COLUMNS = [...new Set(PANELS.flatMap((p) => p.cols.map((c) => c.col)))]

/** The spec `--run-missing` trains: the same task with and without weight decay, over seeds. quick: Z_23 with K 512
 *  groks in a few hundred epochs on 2 cores; paper: the Fig. 3 run (Z_71, K 2048, n 2016). */
export const FIG3_SPECS = {
  quick: { name: 'figure-fig3-quick', description: 'fig3 at quick scale: Z_23 with and without weight decay', fixed: { group: '23', hidden: 512, lr: 1e-2, epochs: 600, 'train-frac': 0.4, 'diag-every': 10 }, grid: { wd: [1e-3, 0], seed: [1, 2] } },
  paper: { name: 'figure-fig3-paper', description: 'fig3 at paper scale: the Fig. 3 run with and without weight decay', fixed: { group: '71', hidden: 2048, 'train-count': 2016, epochs: 3000 }, grid: { wd: [2e-4, 0], seed: [1, 2, 3] } },
} as const

/** The option of the fig3 figure for `runs`, laid out 3×2 (single column) or 2×3 (wider). */
export async function fig3(service: Li2Service, runs: RunDetail[], widthIn: number): Promise<FigureData> {
  const groups = seedGroups(runs)
  const { runs: series } = await service.getMetricsMany({ ids: runs.map((r) => r.id), columns: COLUMNS, points: 600 })
  const byId = new Map(series.map((s) => [s.id, s]))
  const last = Math.max(...runs.map((r) => r.epochsDone))
  const grid = epochGrid(last)
  const cols = widthIn < 4.5 ? 2 : 3
  const rows = Math.ceil(PANELS.length / cols)
  const grids: Record<string, unknown>[] = []
  const xAxes: Record<string, unknown>[] = []
  const yAxes: Record<string, unknown>[] = []
  const out: Record<string, unknown>[] = []
  const csv: string[] = ['panel,group,column,epoch,mean,min,max']
  // stages of the group that grokked (the one with a Stage III onset), as the median over its seeds
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]
  const grokking = groups.find((g) => g.runs.some((r) => r.stages?.III != null))
  const stageOf = (k: 'II' | 'III') => {
    const xs = (grokking?.runs ?? []).map((r) => r.stages?.[k]).filter((x): x is number => typeof x === 'number')
    return xs.length ? med(xs) : null
  }
  const [s2, s3] = [stageOf('II'), stageOf('III')]
  PANELS.forEach((p, i) => {
    const [r, c] = [Math.floor(i / cols), i % cols]
    const w = 100 / cols
    const h = 86 / rows
    grids.push({ left: `${c * w + 2}%`, width: `${w - 5}%`, top: `${r * h + 10}%`, height: `${h - 7}%`, containLabel: true })
    xAxes.push({ type: 'value', gridIndex: i, min: 0, max: last, ...axisStyle(r === rows - 1 ? 'epoch' : ''), splitNumber: 3 })
    const logBase = p.log ? decadesBase(groups.flatMap((g) => g.runs.flatMap((run) => p.cols.flatMap((col) => (columnOf(byId.get(run.id), col.col)?.value ?? []).filter((v): v is number => v !== null && v > 0))))) : 10
    yAxes.push({ type: p.log ? 'log' : 'value', gridIndex: i, scale: p.log, logBase, ...axisStyle(''), splitNumber: 3, axisLabel: { fontSize: FONT_PT.tick, fontFamily: FONT_FAMILY, formatter: (v: number) => tick(v, p.log), showMaxLabel: false }, ...(p.title === 'accuracy' ? { min: 0, max: 1 } : {}) })
    groups.forEach((g, gi) => {
      const color = OKABE_ITO[gi % OKABE_ITO.length]
      for (const col of p.cols) {
        const b = band(g.runs.map((run) => interpolate(columnOf(byId.get(run.id), col.col), grid)))
        const pts = (ys: (number | null)[]) => grid.map((x, k) => [x, ys[k]] as [number, number | null]).filter(([, y]) => y !== null && (!p.log || y > 0)) as [number, number][]
        const mean = pts(b.mean)
        if (!mean.length) continue
        const lo = pts(b.lo)
        const hi = pts(b.hi)
        if (g.runs.length > 1 && lo.length && hi.length) {
          out.push({
            type: 'custom', xAxisIndex: i, yAxisIndex: i, silent: true, z: 1, data: [0], clip: true,
            renderItem: (_: unknown, api: { coord(v: number[]): number[] }) => ({ type: 'polygon', shape: { points: [...hi, ...[...lo].reverse()].map((pt) => api.coord(pt)) }, style: { fill: color, opacity: 0.18 } }),
          })
        }
        out.push({
          type: 'line', name: g.label, xAxisIndex: i, yAxisIndex: i, showSymbol: false, z: 2, data: mean,
          lineStyle: { color, width: 1, type: col.dash ? 'dashed' : 'solid' }, itemStyle: { color },
          ...(gi === 0 && col === p.cols[0] && s2 !== null ? { markArea: stageBands(s2, s3, last, i === 0) } : {}),
        })
        for (let k = 0; k < grid.length; k++) if (b.mean[k] !== null) csv.push([p.title, g.label, col.col, grid[k], b.mean[k], b.lo[k], b.hi[k]].map(csvCell).join(','))
      }
    })
  })
  const titles = PANELS.map((p, i) => {
    const g = grids[i] as { left: string; top: string }
    return { text: p.title, left: g.left, top: `${parseFloat(g.top) - 3.5}%`, textStyle: { fontSize: FONT_PT.title, fontWeight: 'normal', fontFamily: FONT_FAMILY } }
  })
  return {
    option: {
      title: titles, grid: grids, xAxis: xAxes, yAxis: yAxes, series: out,
      legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 6, itemGap: 14, icon: 'rect', textStyle: { fontSize: FONT_PT.legend, fontFamily: FONT_FAMILY }, data: groups.map((g) => g.label) },
      color: OKABE_ITO,
    },
    aspect: rows === 3 ? 1.25 : 0.62,
    csv: csv.join('\n') + '\n',
    runs: runs.map((r) => r.id),
  }
}

// Stage II and III as shaded bands; the labels only on the first panel, where they do not crowd the curves
function stageBands(s2: number, s3: number | null, last: number, labelled: boolean) {
  const label = (t: string) => ({ show: labelled, position: 'insideTop', fontSize: FONT_PT.tick, fontFamily: FONT_FAMILY, color: '#555', formatter: t })
  const data: unknown[] = [[{ xAxis: s2, itemStyle: { color: 'rgba(0,0,0,0.06)' }, label: label('II') }, { xAxis: s3 ?? last }]]
  if (s3 !== null) data.push([{ xAxis: s3, itemStyle: { color: 'rgba(0,0,0,0.12)' }, label: label('III') }, { xAxis: last }])
  return { silent: true, data }
}

/** A log base that puts at most four labels on the axis: 10 for up to four decades, 100 up to eight, and so on. */
function decadesBase(values: number[]): number {
  if (!values.length) return 10
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v }
  const decades = Math.log10(hi / lo)
  return 10 ** Math.max(1, Math.ceil(decades / 4))
}

/** A tick label: plain numbers between 0.01 and 100, 1e-3 style beyond (no "1e+0"). */
function tick(v: number, log: boolean): string {
  if (!log) return String(+v.toFixed(2))
  return v >= 0.01 && v <= 100 ? String(+v.toPrecision(2)) : v.toExponential(0).replace('+', '')
}

const csvCell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))
export { csvCell }
