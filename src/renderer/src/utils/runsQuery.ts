// The runs table's pure logic: its columns, a stable sort (numbers numerically, nulls last either way), the filters,
// the filter selects' values, and the round-trip of sort + filters through the #/runs URL query (as W&B and Aim keep
// a table's view in its link). No Vue here, so test/renderer checks it without a browser.
import type { RunSummary } from '../../../api/contract'

/** Every column of the runs table, in display order. */
// the outcome and the accuracies come first: at a laptop's width the knobs on the right are the ones that scroll away
export const COLUMN_KEYS = [
  'id', 'status', 'outcome', 'grok', 'trainAcc', 'testAcc', 'group', 'tags', 'optim', 'lr', 'wd', 'trainFrac', 'seed', 'progress',
  'hidden', 'act', 'sweep', 'msPerStep', 'created',
] as const
export type ColumnKey = (typeof COLUMN_KEYS)[number]

/** A cell's sort value: a number, a string, or null (always sorted last). */
export type SortValue = number | string | null

/** One column: its header, whether it is numeric (right-aligned), its width in px (fixed, so virtual rows do not
 *  reflow the columns as they scroll in), and the value it sorts by. */
export interface ColumnDef { key: ColumnKey; label: string; /** the Columns menu's name, when the header is terse */ name?: string; title?: string; num: boolean; width: number; value: (r: RunSummary) => SortValue }

export const COLUMNS: readonly ColumnDef[] = [
  { key: 'id', label: '# · label', num: false, width: 160, value: (r) => r.id },
  { key: 'status', label: 'status', num: false, width: 94, value: (r) => r.status },
  { key: 'outcome', label: 'outcome', num: false, width: 100, value: (r) => r.outcome },
  { key: 'grok', label: 'grok at', name: 'time to grok', title: 'time to grok: the first epoch with test accuracy ≥ 95%', num: true, width: 70, value: (r) => r.timeToGrok },
  { key: 'trainAcc', label: 'train acc', num: true, width: 78, value: (r) => r.final?.train_acc ?? null },
  { key: 'testAcc', label: 'test acc', num: true, width: 74, value: (r) => r.final?.test_acc ?? null },
  { key: 'group', label: 'group', num: false, width: 72, value: (r) => r.group },
  { key: 'tags', label: 'tags', num: false, width: 120, value: (r) => (r.tags.length ? r.tags.join(' ') : null) },
  { key: 'optim', label: 'optim', num: false, width: 62, value: (r) => r.optim },
  { key: 'lr', label: 'lr', num: true, width: 56, value: (r) => r.lr },
  { key: 'wd', label: 'wd', num: true, width: 56, value: (r) => r.wd },
  { key: 'trainFrac', label: 'train frac', num: true, width: 80, value: (r) => r.trainFrac },
  { key: 'seed', label: 'seed', num: true, width: 50, value: (r) => r.seed },
  { key: 'progress', label: 'progress', num: false, width: 130, value: (r) => (r.totalEpochs > 0 ? r.epochsDone / r.totalEpochs : null) },
  { key: 'hidden', label: 'K', name: 'K (hidden width)', title: 'hidden width K', num: true, width: 50, value: (r) => r.hidden },
  { key: 'act', label: 'act', num: false, width: 60, value: (r) => r.act },
  { key: 'sweep', label: 'sweep', num: true, width: 56, value: (r) => r.sweepId },
  { key: 'msPerStep', label: 'ms/step', num: true, width: 64, value: (r) => r.msPerStep },
  { key: 'created', label: 'created', num: false, width: 104, value: (r) => r.createdAt },
]
const BY_KEY = new Map(COLUMNS.map((c) => [c.key, c]))

/** Columns hidden until the user shows them from the Columns menu: the knobs a sweep rarely varies, so the default
 *  view fits a laptop's width. */
export const DEFAULT_HIDDEN: readonly ColumnKey[] = ['hidden', 'act', 'sweep', 'msPerStep']
/** Columns that cannot be hidden: a row needs its id. */
export const ALWAYS_SHOWN: readonly ColumnKey[] = ['id']

export type SortDir = 'asc' | 'desc'
export interface RunsSort { key: ColumnKey; dir: SortDir }
/** The list's own order (newest first), before any header is clicked. */
export const DEFAULT_SORT: RunsSort = { key: 'id', dir: 'desc' }

/** Exact-match filters; '' means any. `sweep` is a sweep id as text. */
export interface RunsFilter { status: string; group: string; optim: string; outcome: string; tag: string; sweep: string }
export const FILTER_KEYS = ['status', 'group', 'optim', 'outcome', 'tag', 'sweep'] as const satisfies readonly (keyof RunsFilter)[]
export const NO_FILTER: RunsFilter = { status: '', group: '', optim: '', outcome: '', tag: '', sweep: '' }

/** What the table shows: filters, free text (matched by the service) and sort. */
export interface RunsView { filter: RunsFilter; q: string; sort: RunsSort }

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** Compares two sort values ascending; nulls (and NaN) are handled by the caller. Numbers before strings. */
function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return -1
  if (typeof b === 'number') return 1
  return collator.compare(a, b)
}
const isNull = (v: SortValue): v is null => v === null || (typeof v === 'number' && Number.isNaN(v))

/** The runs in `sort`'s order: stable (ties keep their input order), nulls last in both directions; a new array. */
export function sortRuns(runs: readonly RunSummary[], sort: RunsSort): RunSummary[] {
  const col = BY_KEY.get(sort.key) ?? BY_KEY.get('id')!
  const sign = sort.dir === 'asc' ? 1 : -1
  // decorate once: a 10,000-row sort calls value() n times, not n log n times
  const rows = runs.map((r, i) => ({ r, i, v: col.value(r) }))
  rows.sort((a, b) => {
    const na = isNull(a.v), nb = isNull(b.v)
    if (na || nb) return na && nb ? a.i - b.i : na ? 1 : -1
    return sign * compareValues(a.v as number | string, b.v as number | string) || a.i - b.i
  })
  return rows.map((x) => x.r)
}

/** Whether run `r` passes every exact-match filter and, when `matches` is given (the service's free-text hits), is one of them. */
export function keepRun(r: RunSummary, f: RunsFilter, matches: ReadonlySet<number> | null = null): boolean {
  return (!f.status || r.status === f.status) && (!f.group || r.group === f.group) && (!f.optim || r.optim === f.optim)
    && (!f.outcome || r.outcome === f.outcome) && (!f.tag || r.tags.includes(f.tag))
    && (!f.sweep || String(r.sweepId ?? '') === f.sweep) && (!matches || matches.has(r.id))
}

/** The runs that pass the filters, in their order. */
export function filterRuns(runs: readonly RunSummary[], f: RunsFilter, matches: ReadonlySet<number> | null = null): RunSummary[] {
  return runs.filter((r) => keepRun(r, f, matches))
}

/** The distinct values a filter can take among `runs`, sorted (numbers numerically), for its select. */
export function filterValues(runs: readonly RunSummary[], key: keyof RunsFilter): string[] {
  const seen = new Set<string>()
  for (const r of runs) {
    if (key === 'tag') r.tags.forEach((t) => seen.add(t))
    else if (key === 'sweep') { if (r.sweepId !== null) seen.add(String(r.sweepId)) }
    else seen.add(String(key === 'optim' ? r.optim : r[key]))
  }
  return [...seen].sort(collator.compare)
}

/** Whether any filter or free text is set. */
export function isFiltered(v: Pick<RunsView, 'filter' | 'q'>): boolean {
  return v.q.trim() !== '' || FILTER_KEYS.some((k) => v.filter[k] !== '')
}

type Query = Record<string, string | null | (string | null)[] | undefined>
const first = (x: Query[string]): string => (Array.isArray(x) ? (x[0] ?? '') : (x ?? ''))

/** The view a #/runs query describes; unknown columns and directions fall back to the defaults. */
export function viewFromQuery(q: Query): RunsView {
  const filter = { ...NO_FILTER }
  for (const k of FILTER_KEYS) filter[k] = first(q[k])
  const key = first(q.sort) as ColumnKey
  const dir = first(q.dir)
  const sort: RunsSort = BY_KEY.has(key) ? { key, dir: dir === 'desc' ? 'desc' : 'asc' } : DEFAULT_SORT
  return { filter, q: first(q.q), sort }
}

/** The shortest query that describes `v` (defaults left out, so a plain #/runs stays plain). */
export function queryFromView(v: RunsView): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k of FILTER_KEYS) if (v.filter[k]) out[k] = v.filter[k]
  if (v.q.trim()) out.q = v.q
  if (v.sort.key !== DEFAULT_SORT.key || v.sort.dir !== DEFAULT_SORT.dir) Object.assign(out, { sort: v.sort.key, dir: v.sort.dir })
  return out
}

/** A header click: a new column sorts ascending (numbers and text alike), the same column flips direction. */
export function nextSort(cur: RunsSort, key: ColumnKey): RunsSort {
  return cur.key === key ? { key, dir: cur.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }
}

/** The ids from `anchor` to `to` inclusive in the shown order (shift-click); just `to` when the anchor is not shown. */
export function idRange(shown: readonly number[], anchor: number | null, to: number): number[] {
  const j = shown.indexOf(to)
  const i = anchor === null ? -1 : shown.indexOf(anchor)
  if (i < 0 || j < 0) return [to]
  return shown.slice(Math.min(i, j), Math.max(i, j) + 1)
}

/** The columns shown, given the hidden set (those that cannot be hidden are always shown). */
export function shownColumns(hidden: ReadonlySet<string>): ColumnDef[] {
  return COLUMNS.filter((c) => ALWAYS_SHOWN.includes(c.key) || !hidden.has(c.key))
}

/** The hidden set stored in localStorage, read back; unknown or unreadable → the defaults. */
export function parseHidden(text: string | null): Set<ColumnKey> {
  try {
    const a = text === null ? null : (JSON.parse(text) as unknown)
    if (Array.isArray(a)) return new Set(a.filter((k): k is ColumnKey => BY_KEY.has(k as ColumnKey) && !ALWAYS_SHOWN.includes(k as ColumnKey)))
  } catch { /* a hand-edited value: fall back */ }
  return new Set(DEFAULT_HIDDEN)
}
