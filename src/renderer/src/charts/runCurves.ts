// One run's curves against epoch: loss, accuracy and Li2's diagnostics (‖G_F‖, ΔW/ΔV cosine distance, Gram
// diagonality, ‖W‖/‖V‖), each a pure (metrics, options) → ECharts option builder, tested without a browser
// (test/renderer/runCurves.test.ts) and reusable by a headless figure export.
import type { MetricSeries, StageMarks } from '../../../api/contract'
import type { ChartOption } from './echarts'
import { smoothEma } from './smoothing'
import { stageMarkArea } from './stageMarks'

/** What a run-curve chart may show besides its data. */
export interface RunCurveOptions {
  /** Stage onsets drawn as shaded bands (markArea) on the first series. */
  stages?: Pick<StageMarks, 'I' | 'II' | 'III'> | null
  /** Epochs on a log axis (epoch 0 is dropped there): early stage onsets stop piling up at the left edge. */
  logX?: boolean
  /** EMA weight per median epoch step in [0, 1); 0 or absent plots raw points only. */
  smoothing?: number
  /** The run's last epoch (the last band ends there); defaults to the last plotted epoch. */
  endEpoch?: number | null
  /** Adds the zoom slider under this chart (the last of a connected group); wheel/drag zoom is on every chart. */
  slider?: boolean
}

/** Series colours: first and second column of a chart, the same in every run chart. */
export const CURVE_COLORS = { train: '#2f6fdf', test: '#e0662e' } as const

/** One chart of the run page: its title, the columns it plots (label shown in legend and tooltip) and its y axis. */
export interface RunChartSpec {
  id: string
  title: string
  cols: { col: string; label: string }[]
  yName: string
  logY?: boolean
  yMin?: number
  yMax?: number
}

/** The run page's charts, in order: loss and accuracy, then Li2's diagnostics (docs/SCIENCE.md names each). */
export const RUN_CHARTS: RunChartSpec[] = [
  { id: 'loss', title: 'Loss', cols: [{ col: 'train_loss', label: 'train loss' }, { col: 'test_loss', label: 'test loss' }], yName: 'loss (log)', logY: true },
  { id: 'acc', title: 'Accuracy', cols: [{ col: 'train_acc', label: 'train acc' }, { col: 'test_acc', label: 'test acc' }], yName: 'accuracy', yMin: 0, yMax: 1 },
  { id: 'gf', title: 'Backpropagated gradient ‖G_F‖', cols: [{ col: 'gf_norm', label: '‖G_F‖_F' }, { col: 'df_norm', label: 'dF_norm (reference)' }], yName: 'norm (log)', logY: true },
  { id: 'dwdv', title: 'Weight change ΔW vs ΔV (cosine distance; ΔW > ΔV marks Stage II)', cols: [{ col: 'dw_cos', label: 'ΔW' }, { col: 'dv_cos', label: 'ΔV' }], yName: 'cos dist (log)', logY: true },
  { id: 'gram', title: 'Gram diagonality of F (lower = more diagonal)', cols: [{ col: 'ftf_offdiag_ratio', label: 'FᵀF off-diag ratio' }, { col: 'fft_dist_ideal', label: 'FFᵀ dist to ideal' }], yName: 'ratio' },
  { id: 'norms', title: 'Weight norms ‖W‖, ‖V‖', cols: [{ col: 'w_norm', label: '‖W‖_F' }, { col: 'v_norm', label: '‖V‖_F' }], yName: 'Frobenius norm' },
]

/** [epoch, value] pairs of one column, skipping epochs where it was not measured (test metrics come every evalEvery,
 *  diagnostics every diagEvery) and, for a log axis, values ≤ 0 (`positiveOnly`) or epochs ≤ 0 (`positiveX`). */
export function epochPairs(metrics: MetricSeries, col: string, positiveOnly = false, positiveX = false): [number, number][] {
  const ys = metrics[col] ?? []
  const out: [number, number][] = []
  metrics.epoch.forEach((e, i) => {
    const y = ys[i]
    if (y !== null && y !== undefined && Number.isFinite(y) && (!positiveOnly || y > 0) && (!positiveX || e > 0)) out.push([e, y])
  })
  return out
}

/** Whether any column of `spec` has a measured value in `metrics` (an empty chart shows a note instead). */
export function chartHasData(metrics: MetricSeries, spec: RunChartSpec): boolean {
  return spec.cols.some((c) => (metrics[c.col] ?? []).some((y) => y !== null && y !== undefined && Number.isFinite(y)))
}

/** The ids of the x zooms every run chart holds (connected charts find each other's zoom by id). */
export const ZOOM_IDS = { inside: 'x-inside', slider: 'x-slider' } as const

/** An epoch tick or crosshair value as an integer. */
export const epochLabel = (v: number): string => String(Math.round(v))

const tooltipValue = (v: unknown) => (typeof v === 'number' ? v.toPrecision(4) : String(v))
const COLORS = [CURVE_COLORS.train, CURVE_COLORS.test]

/** The option of one run chart: its columns against epoch, stage bands on the first series, shared zoom and crosshair. */
export function runChartOption(metrics: MetricSeries, spec: RunChartSpec, opts: RunCurveOptions = {}): ChartOption {
  const logX = !!opts.logX
  const smoothing = opts.smoothing ?? 0
  const lastEpoch = metrics.epoch.length ? metrics.epoch[metrics.epoch.length - 1]! : null
  const bands = stageMarkArea(opts.stages, opts.endEpoch ?? lastEpoch, logX ? 1 : 0)
  // every chart of a run ends at the run's last epoch, so connected charts line up (sparse diagnostics stop earlier)
  const xMax = opts.endEpoch ?? 'dataMax'
  const series: NonNullable<ChartOption['series']> = []
  spec.cols.forEach((c, i) => {
    const data = epochPairs(metrics, c.col, !!spec.logY, logX)
    const color = COLORS[i % COLORS.length]!
    // sparse columns (diagnostics every diag-every epochs) get visible points so a handful of measurements reads as data
    const showSymbol = data.length > 0 && data.length <= 40
    const band = i === 0 ? { markArea: bands } : {}
    if (smoothing > 0) {
      series.push({ name: c.label, type: 'line', data, color, showSymbol: false, connectNulls: true, silent: true,
        lineStyle: { width: 1, opacity: 0.25 }, tooltip: { show: false }, ...band })
      series.push({ name: c.label, type: 'line', data: smoothEma(data, smoothing), color, showSymbol: false, connectNulls: true, lineStyle: { width: 1.8 } })
    } else {
      series.push({ name: c.label, type: 'line', data, color, showSymbol, symbolSize: 4, connectNulls: true, lineStyle: { width: 1.6 }, ...band })
    }
  })
  return {
    animation: false,
    title: { text: spec.title, left: 8, top: 2, textStyle: { fontSize: 13, fontWeight: 500 } },
    grid: { left: 64, right: 20, top: 48, bottom: opts.slider ? 78 : 40 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'cross', snap: false }, valueFormatter: tooltipValue },
    legend: { top: 24, right: 10, itemHeight: 8, textStyle: { fontSize: 11 } },
    xAxis: { ...(logX ? { type: 'log' as const, name: 'epoch (log)', min: 1 } : { type: 'value' as const, name: 'epoch', min: 0 }),
      nameLocation: 'middle', nameGap: 26, max: xMax,
      // a zoomed axis ends at fractional epochs ("35.2"); epochs are integers, in the ticks and in the crosshair's label
      axisLabel: { formatter: epochLabel }, axisPointer: { label: { formatter: (p: { value: unknown }) => `epoch ${epochLabel(Number(p.value))}` } } },
    yAxis: { type: spec.logY ? 'log' : 'value', name: spec.yName, nameLocation: 'middle', nameGap: 48, min: spec.yMin, max: spec.yMax, scale: !spec.logY && spec.yMin === undefined },
    // every chart zooms by wheel/drag (inside) and holds the same two zooms by id, so echarts.connect can replay one
    // chart's zoom on the others; only the last chart shows its slider
    dataZoom: [
      { type: 'inside', id: ZOOM_IDS.inside, xAxisIndex: 0, filterMode: 'none' },
      { type: 'slider', id: ZOOM_IDS.slider, show: !!opts.slider, xAxisIndex: 0, filterMode: 'none', bottom: 8, height: 20 },
    ],
    series,
  }
}

/** Train and test loss on a log axis, with the stage bands. */
export function lossChartOption(metrics: MetricSeries, opts: RunCurveOptions = {}): ChartOption {
  return runChartOption(metrics, RUN_CHARTS[0]!, opts)
}

/** Train and test accuracy on [0, 1], with the stage bands. */
export function accuracyChartOption(metrics: MetricSeries, opts: RunCurveOptions = {}): ChartOption {
  return runChartOption(metrics, RUN_CHARTS[1]!, opts)
}
