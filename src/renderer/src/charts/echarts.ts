// The one ECharts registration module: tree-shaken echarts/core with exactly the chart types and components the lab
// draws, and the option type they allow (echarts' ComposeOption, so an unregistered series type fails to compile).
import { init, use, type ComposeOption, type ECharts } from 'echarts/core'
import { LineChart, type LineSeriesOption } from 'echarts/charts'
import {
  GridComponent, LegendComponent, MarkLineComponent, TooltipComponent,
  type GridComponentOption, type LegendComponentOption, type MarkLineComponentOption, type TooltipComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

// add a chart type or component here (and to ChartOption) before a builder in charts/ uses it
use([LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer])

/** An option object the registered parts can draw; every builder in charts/ returns one. */
export type ChartOption = ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | MarkLineComponentOption>

/** A canvas chart in `el` (the registration above has run by the time anyone can call this). */
export function initChart(el: HTMLElement): ECharts {
  return init(el, undefined, { renderer: 'canvas' })
}
