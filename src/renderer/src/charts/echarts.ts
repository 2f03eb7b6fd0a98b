// The one ECharts registration module: tree-shaken echarts/core with exactly the chart types and components the lab
// draws, and the option type they allow (echarts' ComposeOption, so an unregistered series type fails to compile).
import { connect, init, use, type ComposeOption, type ECharts } from 'echarts/core'
import { LineChart, type LineSeriesOption } from 'echarts/charts'
import {
  DataZoomInsideComponent, DataZoomSliderComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, TooltipComponent,
  type DataZoomComponentOption, type GridComponentOption, type LegendComponentOption, type MarkAreaComponentOption, type MarkLineComponentOption,
  type TitleComponentOption, type TooltipComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
// the run view's Features tab: a nodes × irreps heatmap on a colour-blind-safe visualMap, and bar charts
import { BarChart, HeatmapChart, type BarSeriesOption, type HeatmapSeriesOption } from 'echarts/charts'
import { VisualMapContinuousComponent, type VisualMapComponentOption } from 'echarts/components'

// add a chart type or component here (and to ChartOption) before a builder in charts/ uses it
use([LineChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, MarkLineComponent, MarkAreaComponent,
  DataZoomInsideComponent, DataZoomSliderComponent, CanvasRenderer])
use([BarChart, HeatmapChart, VisualMapContinuousComponent])

/** An option object the registered parts can draw; every builder in charts/ returns one. */
export type ChartOption = ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
  | TitleComponentOption | MarkLineComponentOption | MarkAreaComponentOption | DataZoomComponentOption
  | BarSeriesOption | HeatmapSeriesOption | VisualMapComponentOption>

/** A canvas chart in `el` (the registration above has run by the time anyone can call this); `group` links it to the
 *  other charts of that group (one zoom, one crosshair: echarts.connect). */
export function initChart(el: HTMLElement, group?: string): ECharts {
  const chart = init(el, undefined, { renderer: 'canvas' })
  if (group) { chart.group = group; connect(group) }
  return chart
}
