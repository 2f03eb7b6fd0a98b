/** energy: the census of E(w)'s local maxima on a group task (Thm 1, 2, 4, 5): each maximum's share of the restarts
 *  (its basin) by irrep, coloured by E/E* (cividis), and E/E* of each maximum against its purity. */
import type { EnergyCensus } from '../contract'
import { axisStyle, CIVIDIS, FONT_FAMILY, FONT_PT } from './style'
import type { FigureData } from './types'
import { csvCell } from './fig3'

export function energyFigure(c: EnergyCensus): FigureData {
  const total = c.maxima.reduce((a, m) => a + m.count, 0) || 1
  const labels = c.maxima.map((m) => m.irrep ?? 'memorization')
  const ratio = (m: EnergyCensus['maxima'][number]) => (m.E_star ? m.E / m.E_star : 0)
  const csv = ['irrep,degree,kind,E,E_star,E_over_E_star,purity,participation_ratio,count,basin_share']
  for (const m of c.maxima) csv.push([m.irrep ?? 'memorization', m.degree, m.kind, m.E, m.E_star, ratio(m), m.purity, m.participation_ratio, m.count, m.count / total].map(csvCell).join(','))
  return {
    option: {
      title: [
        { text: `basins of E(w) by irrep, ${/^\d+$/.test(c.group) ? `Z_${c.group}` : c.group} at p = ${+c.train_frac.toFixed(3)}`, left: '2%', top: 0, textStyle: { fontSize: FONT_PT.title, fontWeight: 'normal', fontFamily: FONT_FAMILY } },
        { text: 'E/E* against purity', left: '62%', top: 0, textStyle: { fontSize: FONT_PT.title, fontWeight: 'normal', fontFamily: FONT_FAMILY } },
      ],
      grid: [{ left: '9%', width: '46%', top: '14%', bottom: '30%' }, { left: '66%', right: '4%', top: '14%', bottom: '30%' }],
      xAxis: [
        { type: 'category', gridIndex: 0, data: labels, ...axisStyle(''), axisLabel: { fontSize: FONT_PT.tick - 1, fontFamily: FONT_FAMILY, rotate: 60, interval: 0 } },
        { type: 'value', gridIndex: 1, min: 0, max: 1, ...axisStyle('purity') },
      ],
      yAxis: [
        { type: 'value', gridIndex: 0, ...axisStyle('basin share', { nameGap: 28 }), axisLabel: { fontSize: FONT_PT.tick, fontFamily: FONT_FAMILY, formatter: (v: number) => `${Math.round(v * 100)} %` } },
        { type: 'value', gridIndex: 1, ...axisStyle('E / E*', { nameGap: 26 }) },
      ],
      visualMap: { type: 'continuous', min: 0, max: 1.05, dimension: 2, seriesIndex: [0, 1], inRange: { color: CIVIDIS }, orient: 'horizontal', left: 'center', bottom: 0, itemWidth: 8, itemHeight: 80, text: ['E/E* = 1', '0'], textStyle: { fontSize: FONT_PT.legend, fontFamily: FONT_FAMILY }, calculable: false },
      series: [
        { type: 'bar', xAxisIndex: 0, yAxisIndex: 0, data: c.maxima.map((m, i) => ({ value: [i, m.count / total, ratio(m)] })), encode: { x: 0, y: 1 }, barMaxWidth: 14 },
        { type: 'scatter', xAxisIndex: 1, yAxisIndex: 1, symbolSize: 5, data: c.maxima.map((m) => [m.purity, ratio(m), ratio(m)]) },
      ],
    },
    aspect: 0.55,
    csv: csv.join('\n') + '\n',
  }
}
