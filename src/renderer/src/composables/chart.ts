// useChart: an ECharts instance bound to an element ref, redrawn when its option changes and resized with its box.
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import type { ECharts } from 'echarts/core'
import { initChart, type ChartOption } from '../charts/echarts'

/** Mounts a chart in `el` showing `option` (series replaced on change, not merged, so removed series disappear);
 *  charts given the same `group` share zoom and crosshair; `onReady` gets the instance once (to listen to its events). */
export function useChart(el: Ref<HTMLElement | null>, option: Ref<ChartOption>, group?: string, onReady?: (chart: ECharts) => void) {
  let chart: ECharts | null = null
  let resize: ResizeObserver | null = null
  onMounted(() => {
    if (!el.value) return
    chart = initChart(el.value, group)
    onReady?.(chart)
    chart.setOption(option.value)
    resize = new ResizeObserver(() => chart?.resize())
    resize.observe(el.value)
  })
  // the x axis is replaced only when its type changes (the log-x toggle), so live redraws keep the user's zoom
  const xType = (o: ChartOption) => (o.xAxis as { type?: string } | undefined)?.type
  watch(option, (o, old) => chart?.setOption(o, { notMerge: false, replaceMerge: xType(o) !== xType(old) ? ['series', 'xAxis'] : ['series'] }))
  onBeforeUnmount(() => { resize?.disconnect(); chart?.dispose(); chart = null })
}
