// The one ECharts registration module: tree-shaken echarts/core with exactly the chart types and components the lab
// draws, and the option type they allow (echarts' ComposeOption, so an unregistered series type fails to compile).
import { connect, init, use, type ComposeOption, type ECharts } from 'echarts/core'
import { BarChart, CustomChart, HeatmapChart, LineChart, ScatterChart, type BarSeriesOption, type CustomSeriesOption, type HeatmapSeriesOption, type LineSeriesOption, type ScatterSeriesOption } from 'echarts/charts'
import {
  DataZoomInsideComponent, DataZoomSliderComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, TooltipComponent,
  VisualMapContinuousComponent,
  type DataZoomComponentOption, type GridComponentOption, type LegendComponentOption, type MarkAreaComponentOption, type MarkLineComponentOption,
  type TitleComponentOption, type TooltipComponentOption, type VisualMapComponentOption,
} from 'echarts/components'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'

// add a chart type or component here (and to ChartOption) before a builder in charts/ uses it
use([LineChart, BarChart, HeatmapChart, ScatterChart, CustomChart, VisualMapContinuousComponent, GridComponent, LegendComponent, TooltipComponent, TitleComponent,
  MarkLineComponent, MarkAreaComponent, DataZoomInsideComponent, DataZoomSliderComponent, CanvasRenderer, SVGRenderer])

/** An option object the registered parts can draw; every builder in charts/ returns one. */
export type ChartOption = ComposeOption<LineSeriesOption | BarSeriesOption | HeatmapSeriesOption | ScatterSeriesOption | CustomSeriesOption
  | VisualMapComponentOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
  | TitleComponentOption | MarkLineComponentOption | MarkAreaComponentOption | DataZoomComponentOption>

/** A canvas chart in `el` (the registration above has run by the time anyone can call this); `group` links it to the
 *  other charts of that group (one zoom, one crosshair: echarts.connect). */
export function initChart(el: HTMLElement, group?: string): ECharts {
  const chart = init(el, undefined, { renderer: 'canvas' })
  if (group) { chart.group = group; connect(group) }
  return chart
}

/** `option` drawn offscreen by ECharts' SVG renderer at `width` × `height` (px, which the export reads as points, so a
 *  chart drawn at a venue's width prints its text at size; charts/printOption restyles a screen option for that). */
export function renderSvgString(option: ChartOption, width: number, height: number): string {
  const el = document.createElement('div')
  const chart = init(el, undefined, { renderer: 'svg', width, height })
  try {
    chart.setOption(option)
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
