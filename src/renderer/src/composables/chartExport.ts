// useChartExport: one chart to a publication file. The renderer draws the chart's current option with ECharts' SVG
// renderer at the venue's width in points; the service stamps the provenance, converts to PNG or PDF and records a
// notebook entry; the file and the plotted data (CSV) are then downloaded side by side.
import { ref } from 'vue'
import { EXPORT_VENUES, type NotebookEmbed } from '../../../api/contract'
import { renderSvgString, type ChartOption } from '../charts/echarts'
import { printOption } from '../charts/printOption'
import { base64Blob, downloadFile } from '../utils/download'
import { useService } from './service'

export type ExportFormat = 'svg' | 'png' | 'pdf'
/** What a chart says about itself for the export: its title, what it plots, where it came from. */
export interface ChartSource { title: string; option: () => ChartOption; csv: () => string; source: Record<string, unknown>; embed?: NotebookEmbed; aspect?: number }

/** Export state (busy, the last result or error) and the export action. */
export function useChartExport() {
  const { service } = useService()
  const busy = ref(false)
  const done = ref<{ name: string; entryId: number } | null>(null)
  const error = ref<string | null>(null)
  async function exportChart(c: ChartSource, venueName: string, format: ExportFormat, dpi: number): Promise<void> {
    const venue = EXPORT_VENUES.find((v) => v.name === venueName) ?? EXPORT_VENUES[0]!
    const widthPt = Math.round(venue.widthIn * 72)
    busy.value = true
    error.value = null
    try {
      const svg = renderSvgString(printOption(c.option()), widthPt, Math.round(widthPt * (c.aspect ?? 0.62)))
      const csv = c.csv()
      const out = await service.exportFigure({ svg, format, venue: venue.name, dpi, title: c.title, csv, source: c.source })
      downloadFile(out.name, base64Blob(out.base64, out.mime))
      downloadFile(out.name.replace(/\.\w+$/, '.csv'), new Blob([csv], { type: 'text/csv' }))
      done.value = { name: out.name, entryId: out.entryId }
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      busy.value = false
    }
  }
  return { busy, done, error, exportChart }
}
