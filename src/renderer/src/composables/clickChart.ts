// useClickChart: useChart's mount, redraw and resize, plus a click handler (the Features tab picks a node on the
// heatmap); the option is replaced whole on change, since the node axis changes with the fold toggle and the epoch.
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import type { ECharts } from 'echarts/core'
import { initChart, type ChartOption } from '../charts/echarts'

/** A chart in `el` showing `option`; `onClick` gets the clicked item's data (e.g. a heatmap cell [x, y, value]). */
export function useClickChart(el: Ref<HTMLElement | null>, option: Ref<ChartOption | null>, onClick?: (data: unknown) => void) {
  let chart: ECharts | null = null
  let resize: ResizeObserver | null = null
  onMounted(() => {
    if (!el.value) return
    chart = initChart(el.value)
    if (option.value) chart.setOption(option.value)
    if (onClick) chart.on('click', (p) => onClick(p.data))
    resize = new ResizeObserver(() => chart?.resize())
    resize.observe(el.value)
  })
  watch(option, (o) => { if (o) chart?.setOption(o, { notMerge: true }) })
  onBeforeUnmount(() => { resize?.disconnect(); chart?.dispose(); chart = null })
}
