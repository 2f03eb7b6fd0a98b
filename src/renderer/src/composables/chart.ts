// useChart: an ECharts instance bound to an element ref, redrawn when its option changes and resized with its box.
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import type { ECharts } from 'echarts/core'
import { initChart, type ChartOption } from '../charts/echarts'

/** Mounts a chart in `el` showing `option` (series replaced on change, not merged, so removed series disappear). */
export function useChart(el: Ref<HTMLElement | null>, option: Ref<ChartOption>) {
  let chart: ECharts | null = null
  let resize: ResizeObserver | null = null
  onMounted(() => {
    if (!el.value) return
    chart = initChart(el.value)
    chart.setOption(option.value)
    resize = new ResizeObserver(() => chart?.resize())
    resize.observe(el.value)
  })
  watch(option, (o) => chart?.setOption(o, { notMerge: false, replaceMerge: ['series'] }))
  onBeforeUnmount(() => { resize?.disconnect(); chart?.dispose(); chart = null })
}
