// Loss and accuracy against epoch for one run: pure (metrics, options) → ECharts option builders, tested without a
// browser (test/renderer/runCurves.test.ts) and reusable by a headless figure export.
import type { MetricSeries, StageMarks } from '../../../api/contract'
import type { ChartOption } from './echarts'
import { stageMarkLine } from './stageMarks'

/** What a run-curve chart may show besides its data. */
export interface RunCurveOptions {
  /** Stage onsets drawn as dashed vertical lines on the first series. */
  stages?: Pick<StageMarks, 'I' | 'II' | 'III'> | null
}

/** Series colours: train and test, the same in every run chart. */
export const CURVE_COLORS = { train: '#2f6fdf', test: '#e0662e' } as const

/** [epoch, value] pairs of one column, skipping epochs where it was not measured (test metrics come every evalEvery)
 *  and, for a log axis, values ≤ 0. */
export function epochPairs(metrics: MetricSeries, col: string, positiveOnly = false): [number, number][] {
  const ys = metrics[col] ?? []
  const out: [number, number][] = []
  metrics.epoch.forEach((e, i) => {
    const y = ys[i]
    if (y !== null && y !== undefined && Number.isFinite(y) && (!positiveOnly || y > 0)) out.push([e, y])
  })
  return out
}

const tooltipValue = (v: unknown) => (typeof v === 'number' ? v.toPrecision(4) : String(v))

function curves(metrics: MetricSeries, cols: [string, string], yAxis: ChartOption['yAxis'], log: boolean, opts: RunCurveOptions): ChartOption {
  return {
    animation: false,
    grid: { left: 64, right: 20, top: 44, bottom: 40 },
    tooltip: { trigger: 'axis', valueFormatter: tooltipValue },
    legend: { top: 4, right: 10 },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, min: 0, max: 'dataMax' },
    yAxis,
    series: cols.map((c, i) => ({
      name: c.replace('_', ' '),
      type: 'line' as const,
      showSymbol: false,
      data: epochPairs(metrics, c, log),
      color: i === 0 ? CURVE_COLORS.train : CURVE_COLORS.test,
      lineStyle: { width: 1.6 },
      markLine: i === 0 ? stageMarkLine(opts.stages) : undefined,
    })),
  }
}

/** Train and test loss on a log axis, with the stage onsets. */
export function lossChartOption(metrics: MetricSeries, opts: RunCurveOptions = {}): ChartOption {
  return curves(metrics, ['train_loss', 'test_loss'], { type: 'log', name: 'loss (log)', nameLocation: 'middle', nameGap: 48 }, true, opts)
}

/** Train and test accuracy on [0, 1], with the stage onsets. */
export function accuracyChartOption(metrics: MetricSeries, opts: RunCurveOptions = {}): ChartOption {
  return curves(metrics, ['train_acc', 'test_acc'], { type: 'value', min: 0, max: 1, name: 'accuracy', nameLocation: 'middle', nameGap: 48 }, false, opts)
}
