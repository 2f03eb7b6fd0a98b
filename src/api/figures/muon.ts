/** muon: Muon against Adam on the same task at several widths K: the epochs to grok and the irreps covered at the end,
 *  mean and min–max over seeds (bars with whiskers), one colour per optimizer. */
import type { RunDetail, FeatureSpectra } from '../contract'
import { axisStyle, FONT_FAMILY, FONT_PT, OKABE_ITO } from './style'
import type { FigureData } from './types'
import { csvCell } from './fig3'

/** What `--run-missing` trains: Z_23 at three widths with Adam and with Muon, two seeds each. */
export const MUON_SPECS = {
  quick: { name: 'figure-muon-quick', description: 'muon at quick scale: Muon against Adam on Z_23 at K 128/256/512', fixed: { group: '23', lr: 1e-2, wd: 1e-3, epochs: 600, 'train-frac': 0.4 }, grid: { optim: ['adam', 'muon'], hidden: [128, 256, 512], seed: [1, 2] } },
  paper: { name: 'figure-muon-paper', description: 'muon at paper scale: Muon against Adam on Z_71 at K 512/1024/2048', fixed: { group: '71', lr: 1e-3, wd: 2e-4, epochs: 3000, 'train-frac': 0.35 }, grid: { optim: ['adam', 'muon'], hidden: [512, 1024, 2048], seed: [1, 2, 3] } },
} as const

export interface MuonRun { run: RunDetail; covered: number | null; total: number | null }

export function muonFigure(items: MuonRun[]): FigureData {
  const optims = [...new Set(items.map((i) => i.run.optim))].sort()
  const Ks = [...new Set(items.map((i) => i.run.hidden))].sort((a, b) => a - b)
  const csv = ['optim,K,seed,run,time_to_grok,irreps_covered,irreps_total']
  for (const i of items) csv.push([i.run.optim, i.run.hidden, i.run.seed, i.run.id, i.run.timeToGrok, i.covered, i.total].map(csvCell).join(','))
  const stat = (xs: number[]) => (xs.length ? { mean: xs.reduce((a, b) => a + b, 0) / xs.length, lo: Math.min(...xs), hi: Math.max(...xs) } : null)
  const series: Record<string, unknown>[] = []
  optims.forEach((o, oi) => {
    const color = OKABE_ITO[oi % OKABE_ITO.length]
    const of = (k: number) => items.filter((i) => i.run.optim === o && i.run.hidden === k)
    for (const [axis, get] of [[0, (i: MuonRun) => i.run.timeToGrok], [1, (i: MuonRun) => i.covered]] as const) {
      const stats = Ks.map((k) => stat(of(k).map(get).filter((v): v is number => typeof v === 'number')))
      series.push({ type: 'bar', name: o, xAxisIndex: axis, yAxisIndex: axis, data: stats.map((s) => s?.mean ?? null), itemStyle: { color }, barGap: '15%', barMaxWidth: 16 })
      series.push({
        type: 'custom', xAxisIndex: axis, yAxisIndex: axis, silent: true, z: 3, data: stats.map((s, ki) => (s ? [ki, s.lo, s.hi, oi] : [ki, null, null, oi])),
        renderItem: (_: unknown, api: { value(i: number): number; coord(v: number[]): number[]; size(v: number[]): number[] }) => {
          if (api.value(1) === null || Number.isNaN(api.value(1))) return { type: 'group', children: [] }
          const band = api.size([1, 0])[0] * 0.8
          const off = (-0.5 + (api.value(3) + 0.5) / optims.length) * band
          const a = api.coord([api.value(0), api.value(1)])
          const z = api.coord([api.value(0), api.value(2)])
          return { type: 'line', shape: { x1: a[0] + off, y1: a[1], x2: z[0] + off, y2: z[1] }, style: { stroke: '#000', lineWidth: 0.8 } }
        },
      })
    }
  })
  const total = items.find((i) => i.total !== null)?.total ?? null
  return {
    option: {
      title: [
        { text: 'epochs to grok (test acc ≥ 0.95)', left: '4%', top: '8%', textStyle: { fontSize: FONT_PT.title, fontWeight: 'normal', fontFamily: FONT_FAMILY } },
        { text: `irreps covered${total ? ` (of ${total})` : ''}`, left: '54%', top: '8%', textStyle: { fontSize: FONT_PT.title, fontWeight: 'normal', fontFamily: FONT_FAMILY } },
      ],
      legend: { top: 0, left: 'center', itemWidth: 10, itemHeight: 6, textStyle: { fontSize: FONT_PT.legend, fontFamily: FONT_FAMILY }, data: optims },
      grid: [{ left: '10%', width: '36%', top: '20%', bottom: '18%' }, { left: '60%', width: '36%', top: '20%', bottom: '18%' }],
      xAxis: [0, 1].map((g) => ({ type: 'category', gridIndex: g, data: Ks.map((k) => `K ${k}`), ...axisStyle('') })),
      yAxis: [0, 1].map((g) => ({ type: 'value', gridIndex: g, min: 0, ...(g === 1 && total ? { max: total } : {}), ...axisStyle('') })),
      series,
    },
    aspect: 0.5,
    csv: csv.join('\n') + '\n',
    runs: items.map((i) => i.run.id),
  }
}

/** Irreps covered and their total from a run's latest spectra. */
export const coverage = (f: FeatureSpectra | null) => (f ? { covered: f.summary.irrepsCovered.length, total: f.summary.nonTrivialIrreps } : { covered: null, total: null })
