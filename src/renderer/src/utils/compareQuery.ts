// Compare's whole state as a URL query (#/compare?runs=1,2,3&metric=test_acc&group=config&band=minmax&centre=mean&x=epoch&log=0),
// so reopening or bookmarking the address restores the comparison. Pure parse/serialize, round-trip tested
// (test/renderer/compareQuery.test.ts); unknown or malformed values fall back to the defaults, never throw.
import { BAND_KINDS, CENTRES, type BandKind, type Centre } from '../charts/compareStats'

/** The metrics Compare overlays, with their label and whether a log y axis helps (losses, norms, cosine distances). */
export const COMPARE_METRICS = [
  { col: 'test_acc', label: 'test accuracy', logY: false },
  { col: 'train_acc', label: 'train accuracy', logY: false },
  { col: 'test_loss', label: 'test loss', logY: true },
  { col: 'train_loss', label: 'train loss', logY: true },
  { col: 'gf_norm', label: '‖G_F‖_F', logY: true },
  { col: 'df_norm', label: 'dF norm', logY: true },
  { col: 'dw_cos', label: 'ΔW cosine distance', logY: true },
  { col: 'dv_cos', label: 'ΔV cosine distance', logY: true },
  { col: 'ftf_offdiag_ratio', label: 'FᵀF off-diagonal ratio', logY: false },
  { col: 'fft_dist_ideal', label: 'FFᵀ distance to ideal', logY: false },
  { col: 'w_norm', label: '‖W‖_F', logY: true },
  { col: 'v_norm', label: '‖V‖_F', logY: true },
] as const
export type CompareMetric = (typeof COMPARE_METRICS)[number]['col']

/** One line per run, or one per group of runs that differ only in the seed. */
export type Grouping = 'none' | 'config'
/** x as epoch, or epochs since each run's Stage II or III onset. */
export type XAlign = 'epoch' | 'II' | 'III'

export interface CompareState {
  runs: number[]
  metric: CompareMetric
  group: Grouping
  band: BandKind
  centre: Centre
  x: XAlign
  /** Log y axis; the metric's own default (COMPARE_METRICS) when the URL does not say. */
  logY: boolean
  /** The config table shows every knob, not only the differing ones. */
  allKnobs: boolean
}

export const DEFAULT_METRIC: CompareMetric = 'test_acc'
const metricInfo = (m: string) => COMPARE_METRICS.find((x) => x.col === m)
const pick = <T extends string>(v: unknown, allowed: readonly T[], d: T): T => (typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : d)
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v)

/** Run ids from "1,2,3": positive integers, first occurrence kept, anything else skipped. */
export function parseIds(v: unknown): number[] {
  const s = first(v)
  if (typeof s !== 'string') return []
  const ids = s.split(',').map((t) => t.trim()).filter((t) => /^\d+$/.test(t)).map(Number).filter((n) => n >= 1 && Number.isSafeInteger(n))
  return [...new Set(ids)]
}

/** The state a route query asks for (vue-router's LocationQuery, or any record of strings). */
export function parseCompareQuery(q: Record<string, unknown>): CompareState {
  const metric = pick(first(q.metric), COMPARE_METRICS.map((m) => m.col), DEFAULT_METRIC)
  const log = first(q.log)
  return {
    runs: parseIds(q.runs),
    metric,
    group: pick(first(q.group), ['none', 'config'] as const, 'config'),
    band: pick(first(q.band), BAND_KINDS, 'minmax'),
    centre: pick(first(q.centre), CENTRES, 'mean'),
    x: pick(first(q.x), ['epoch', 'II', 'III'] as const, 'epoch'),
    logY: log === '1' ? true : log === '0' ? false : metricInfo(metric)!.logY,
    allKnobs: first(q.knobs) === 'all',
  }
}

/** The route query for `s`: every choice spelled out (a bookmark reads the same tomorrow if a default changes). */
export function compareQuery(s: CompareState): Record<string, string> {
  return {
    runs: s.runs.join(','), metric: s.metric, group: s.group, band: s.band, centre: s.centre, x: s.x, log: s.logY ? '1' : '0',
    ...(s.allKnobs ? { knobs: 'all' } : {}),
  }
}
