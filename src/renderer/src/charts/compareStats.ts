// Seed statistics for Compare's group lines: centre (mean or median) and band (min–max, ± std, ± s.e.m., 95 % t-interval)
// at each epoch of a common grid, after interpolating each run onto it. Pure and tested against known values and
// invariants (test/renderer/compareStats.test.ts); no library in node_modules does the t quantile, hence the table.

/** The band drawn around a group's centre line. */
export type BandKind = 'minmax' | 'std' | 'sem' | 'ci95' | 'none'
export const BAND_KINDS: readonly BandKind[] = ['minmax', 'std', 'sem', 'ci95', 'none']
/** The group line: mean or median over seeds. */
export type Centre = 'mean' | 'median'
export const CENTRES: readonly Centre[] = ['mean', 'median']

/** Arithmetic mean; NaN for no values. */
export function mean(xs: readonly number[]): number {
  if (!xs.length) return NaN
  let s = 0
  for (const x of xs) s += x
  return s / xs.length
}

/** Sample standard deviation (n − 1 in the denominator, as numpy's ddof=1); 0 for one value, NaN for none. */
export function std(xs: readonly number[]): number {
  if (!xs.length) return NaN
  if (xs.length === 1) return 0
  const m = mean(xs)
  let s = 0
  for (const x of xs) s += (x - m) ** 2
  return Math.sqrt(s / (xs.length - 1))
}

/** Standard error of the mean, std / √n. */
export const sem = (xs: readonly number[]): number => std(xs) / Math.sqrt(xs.length)

/** The q-quantile with linear interpolation between order statistics (numpy's default, "type 7"); NaN for none. */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const h = (s.length - 1) * Math.min(1, Math.max(0, q))
  const lo = Math.floor(h)
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!)
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5)

// t_{0.975, df} for df = 1…30 (standard tables, 4 decimals); beyond 30 the Cornish–Fisher expansion around z is within 1e-4
const T975 = [12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314,
  2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423]
const Z975 = 1.959963984540054

/** The 97.5 % quantile of Student's t with `df` degrees of freedom (the half-width factor of a two-sided 95 % interval). */
export function t975(df: number): number {
  if (!(df >= 1)) return NaN
  if (df <= 30) return T975[Math.round(df) - 1]!
  const z = Z975
  const g1 = (z ** 3 + z) / 4
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3
}

/** One grid point of a group: its centre, band [lo, hi] and the runs that cover it. */
export interface GroupPoint { x: number; centre: number; lo: number; hi: number; n: number }

/** The centre and band of `ys` (one value per run). A band that needs a spread (std, sem, ci95) of one value is the
 *  centre itself; so is 'none'. The median with a ± band is centred on the median (a robust line, a mean-based width). */
export function summarize(ys: readonly number[], centre: Centre, band: BandKind): { centre: number; lo: number; hi: number } {
  const c = centre === 'median' ? median(ys) : mean(ys)
  let half = 0
  switch (band) {
    case 'minmax': return { centre: c, lo: Math.min(...ys), hi: Math.max(...ys) }
    case 'std': half = std(ys); break
    case 'sem': half = sem(ys); break
    case 'ci95': half = ys.length > 1 ? t975(ys.length - 1) * sem(ys) : 0; break
    case 'none': break
  }
  return { centre: c, lo: c - half, hi: c + half }
}

/** A run's curve: x ascending, finite y. */
export interface Curve { x: readonly number[]; y: readonly number[] }

/** The linear interpolation of `c` at `x`, or null outside [first x, last x] (a run is never extrapolated). */
export function interpolateAt(c: Curve, x: number, hint = { i: 0 }): number | null {
  const n = c.x.length
  if (!n || x < c.x[0]! || x > c.x[n - 1]!) return null
  let i = hint.i
  while (i < n - 1 && c.x[i + 1]! < x) i++ // grids ascend, so a moving hint makes a whole curve O(n + grid)
  hint.i = i
  if (c.x[i] === x || i === n - 1) return c.y[i]!
  const x0 = c.x[i]!, x1 = c.x[i + 1]!
  return c.y[i]! + ((x - x0) / (x1 - x0)) * (c.y[i + 1]! - c.y[i]!)
}

/** The common x grid of a group: the union of its runs' x when that fits in `budget` points (seeds evaluated on the same
 *  epochs are then read exactly, no interpolation), else `budget` evenly spaced points over [first x, last x]. */
export function commonGrid(curves: readonly Curve[], budget: number): number[] {
  const all = new Set<number>()
  for (const c of curves) for (const x of c.x) { all.add(x); if (all.size > budget) break }
  if (all.size <= budget) return [...all].sort((a, b) => a - b)
  let lo = Infinity, hi = -Infinity
  for (const c of curves) if (c.x.length) { lo = Math.min(lo, c.x[0]!); hi = Math.max(hi, c.x[c.x.length - 1]!) }
  const n = Math.max(2, budget)
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1))
}

/** A group's line and band on its common grid: each run interpolated linearly onto the grid (runs downsampled apart keep
 *  different epochs), then summarized over the runs that cover each grid point (a shorter run drops out past its end). */
export function groupBand(curves: readonly Curve[], centre: Centre, band: BandKind, budget: number): GroupPoint[] {
  const grid = commonGrid(curves, budget)
  const hints = curves.map(() => ({ i: 0 }))
  const out: GroupPoint[] = []
  for (const x of grid) {
    const ys: number[] = []
    curves.forEach((c, k) => { const y = interpolateAt(c, x, hints[k]); if (y !== null && Number.isFinite(y)) ys.push(y) })
    if (!ys.length) continue
    out.push({ x, n: ys.length, ...summarize(ys, centre, band) })
  }
  return out
}

/** A run's drawn curve on the aligned x (x − `onset`): the overview's points outside the refetched range [from, to], the
 *  refetched (fuller) points inside it, nulls dropped. Zooming back out shows the overview at once, no refetch. */
export function spliceCurve(overview: { epoch: readonly number[]; value: readonly (number | null)[] }, onset: number,
  zoomed?: { from: number; to: number; epoch: readonly number[]; value: readonly (number | null)[] }): Curve {
  const x: number[] = []
  const y: number[] = []
  const push = (e: number, v: number | null | undefined) => { if (v !== null && v !== undefined && Number.isFinite(v)) { x.push(e - onset); y.push(v) } }
  if (!zoomed) { overview.epoch.forEach((e, i) => push(e, overview.value[i])); return { x, y } }
  overview.epoch.forEach((e, i) => { if (e < zoomed.from) push(e, overview.value[i]) })
  zoomed.epoch.forEach((e, i) => push(e, zoomed.value[i]))
  overview.epoch.forEach((e, i) => { if (e > zoomed.to) push(e, overview.value[i]) })
  return { x, y }
}
