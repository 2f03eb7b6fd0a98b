/** What a figure preset hands the renderer: the chart, its height over width, the plotted data as CSV, and its sources. */
export interface FigureData {
  option: Record<string, unknown>
  /** Height ÷ width at the venue's width. */
  aspect: number
  csv: string
  runs?: number[]
  sweep?: string | null
  census?: number | null
}
