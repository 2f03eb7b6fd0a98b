// useChart: an ECharts instance bound to an element ref, redrawn when its option changes and resized with its box.
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import * as echarts from 'echarts/core'
import { LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

// tree-shaken ECharts: only what the run plots use
echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer])

export type ChartOption = echarts.EChartsCoreOption

/** Mounts a chart in `el` showing `option` (replaced on change, not merged, so removed series disappear). */
export function useChart(el: Ref<HTMLElement | null>, option: Ref<ChartOption>) {
  let chart: echarts.ECharts | null = null
  let resize: ResizeObserver | null = null
  onMounted(() => {
    if (!el.value) return
    chart = echarts.init(el.value, undefined, { renderer: 'canvas' })
    chart.setOption(option.value)
    resize = new ResizeObserver(() => chart?.resize())
    resize.observe(el.value)
  })
  watch(option, (o) => chart?.setOption(o, { notMerge: false, replaceMerge: ['series'] }))
  onBeforeUnmount(() => { resize?.disconnect(); chart?.dispose(); chart = null })
}
