/** Runs grouped by every knob but the seed, named by the knobs that differ between groups, and a metric's mean with its
 *  min–max band over a group's seeds on one epoch grid (each run interpolated linearly between its stored epochs, never
 *  past its last one). */
import type { RunDetail, RunSeries } from '../contract'

/** One group of runs that differ only by seed. */
export interface SeedGroup { key: string; label: string; runs: RunDetail[] }

const IGNORED = new Set(['seed', 'backend'])

/** Groups `runs` by their config minus seed and backend, labelled by the knobs that differ between the groups. */
export function seedGroups(runs: readonly RunDetail[]): SeedGroup[] {
  const keyOf = (r: RunDetail) => JSON.stringify(Object.entries(r.config).filter(([k]) => !IGNORED.has(k)).sort(([a], [b]) => a.localeCompare(b)))
  const by = new Map<string, RunDetail[]>()
  for (const r of runs) by.set(keyOf(r), [...(by.get(keyOf(r)) ?? []), r])
  const groups = [...by.entries()]
  const knobs = [...new Set(runs.flatMap((r) => Object.keys(r.config)))].filter((k) => !IGNORED.has(k))
  const differing = knobs.filter((k) => new Set(groups.map(([, rs]) => JSON.stringify(rs[0].config[k]))).size > 1)
  return groups.map(([key, rs]) => ({
    key, runs: rs,
    label: (differing.length ? differing.map((k) => `${k}=${short(rs[0].config[k])}`).join(', ') : `${rs[0].group}`) + ` (n=${rs.length})`,
  }))
}

const short = (v: unknown) => (typeof v === 'number' ? String(+v.toPrecision(3)) : String(v))

/** A run's column at each epoch of `grid`: linear between stored points, null outside them. */
export function interpolate(s: { epoch: number[]; value: (number | null)[] } | undefined, grid: readonly number[]): (number | null)[] {
  if (!s || !s.epoch.length) return grid.map(() => null)
  const out: (number | null)[] = []
  let j = 0
  for (const x of grid) {
    if (x < s.epoch[0] || x > s.epoch[s.epoch.length - 1]) { out.push(null); continue }
    while (j < s.epoch.length - 2 && s.epoch[j + 1] < x) j++
    const [x0, x1] = [s.epoch[j], s.epoch[Math.min(j + 1, s.epoch.length - 1)]]
    const [y0, y1] = [s.value[j], s.value[Math.min(j + 1, s.value.length - 1)]]
    if (y0 === null || y1 === null) { out.push(y0 ?? y1); continue }
    out.push(x1 === x0 ? y0 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0))
  }
  return out
}

/** Mean, min and max across runs at each grid epoch (null where no run has a value). */
export function band(series: readonly (number | null)[][]): { mean: (number | null)[]; lo: (number | null)[]; hi: (number | null)[] } {
  const n = series[0]?.length ?? 0
  const mean: (number | null)[] = []
  const lo: (number | null)[] = []
  const hi: (number | null)[] = []
  for (let i = 0; i < n; i++) {
    const v = series.map((s) => s[i]).filter((x): x is number => x !== null && Number.isFinite(x))
    mean.push(v.length ? v.reduce((a, b) => a + b, 0) / v.length : null)
    lo.push(v.length ? Math.min(...v) : null)
    hi.push(v.length ? Math.max(...v) : null)
  }
  return { mean, lo, hi }
}

/** `points` epochs evenly spaced over [0, last]. */
export function epochGrid(last: number, points = 240): number[] {
  if (last <= 0) return [0]
  const n = Math.min(points, last + 1)
  return Array.from({ length: n }, (_, i) => Math.round((i * last) / (n - 1)))
}

/** The series of a run's column from getMetricsMany's answer. */
export const columnOf = (r: RunSeries | undefined, col: string) => r?.columns[col]
