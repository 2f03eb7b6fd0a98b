/** Downsampling a metric for drawing: min–max per bucket of the x range, so a spike or a dip inside a bucket survives
 *  (an average or every-n-th row would hide it), as drawing tools for long traces do (ECharts' 'minmax' sampling,
 *  Plotly-Resampler). Done on the service side so that only what is drawn crosses IPC or HTTP. */
import type { SampledSeries } from './contract'

/** The points of (x, y) to draw with at most `budget` points: nulls (epochs where the metric was not measured) are
 *  dropped, the first and last points kept, and each of ⌊(budget − 2) / 2⌋ equal-width x buckets contributes its
 *  lowest and highest point, in x order. `downsampled` is false when every non-null point fits. */
export function minMaxDownsample(x: readonly number[], y: readonly (number | null)[], budget: number): SampledSeries & { downsampled: boolean } {
  const xs: number[] = []
  const ys: number[] = []
  for (let i = 0; i < x.length; i++) {
    const v = y[i]
    if (v !== null && v !== undefined && Number.isFinite(v)) { xs.push(x[i]); ys.push(v) }
  }
  const n = xs.length
  if (n <= Math.max(budget, 2)) return { epoch: xs, value: ys, downsampled: false }
  const buckets = Math.max(1, Math.floor((budget - 2) / 2))
  const x0 = xs[0]
  const span = xs[n - 1] - x0 || 1
  const keep: number[] = [0]
  let b = -1
  let lo = -1
  let hi = -1
  const flush = () => {
    if (lo < 0) return
    if (lo === hi) keep.push(lo)
    else keep.push(Math.min(lo, hi), Math.max(lo, hi))
  }
  for (let i = 1; i < n - 1; i++) {
    const k = Math.min(buckets - 1, Math.floor(((xs[i] - x0) / span) * buckets))
    if (k !== b) { flush(); b = k; lo = hi = i; continue }
    if (ys[i] < ys[lo]) lo = i
    if (ys[i] > ys[hi]) hi = i
  }
  flush()
  keep.push(n - 1)
  return { epoch: keep.map((i) => xs[i]), value: keep.map((i) => ys[i]), downsampled: true }
}
