// useCompare: the runs of a comparison (records with config and stages) and one metric of each, fetched with a point
// budget (getMetricsMany, min–max downsampled on the service side), refetched at full resolution over a zoomed range,
// and aligned on x (epoch, or epochs since a stage onset).
import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import type { RunDetail, RunSeries } from '../../../api/contract'
import { MAX_SERIES_POINTS } from '../../../api/contract'
import { spliceCurve, type Curve } from '../charts/compareStats'
import type { CompareState } from '../utils/compareQuery'
import { useService } from './service'

/** How long a zoom must rest before its range is refetched (a wheel zoom sends dozens of events). */
export const ZOOM_DEBOUNCE_MS = 250
/** The most points one zoomed refetch asks for over all runs together, so a wide zoom over 50 runs stays drawable. */
const ZOOM_POINTS_TOTAL = 400_000

/** The comparison for `state` with `budget` points per run (0 = not measured yet: nothing is fetched until it is). */
export function useCompare(state: Ref<CompareState>, budget: Ref<number>) {
  const { service } = useService()
  // shallow: 50 runs × thousands of points need no deep proxies (they are replaced whole, never edited in place)
  const runs = shallowRef<RunDetail[]>([])
  const missing = ref<number[]>([])
  const overview = shallowRef<RunSeries[]>([])
  /** The zoomed range refetched, in stored epochs, and its series. */
  const detail = shallowRef<{ from: number; to: number; points: number; runs: RunSeries[] } | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let version = 0

  /** The series of `ids` at the budget; a run that went missing in between is dropped and the rest asked again. */
  async function fetchOverview(ids: number[]): Promise<RunSeries[]> {
    if (!ids.length || budget.value <= 0) return []
    try {
      return (await service.getMetricsMany({ ids, columns: [state.value.metric], points: budget.value })).runs
    } catch (e) {
      if ((e as { code?: string }).code !== 'not_found') throw e
      const live = (await service.getRuns({ ids })).map((r) => r.id)
      return live.length ? (await service.getMetricsMany({ ids: live, columns: [state.value.metric], points: budget.value })).runs : []
    }
  }

  /** Records and series together (one round trip each, in parallel: the chart waits for the slower, not the sum). */
  async function load(withRecords: boolean): Promise<void> {
    const ids = state.value.runs
    const v = ++version
    detail.value = null
    loading.value = ids.length > 0 && budget.value > 0
    try {
      const [recs, series] = await Promise.all([withRecords && ids.length ? service.getRuns({ ids }) : null, fetchOverview(ids)])
      // records belong to the ids, not to this fetch: a later fetch for the same ids (the budget measured) does not ask again
      if (ids.join(',') === state.value.runs.join(',')) {
        if (recs) {
          runs.value = recs
          missing.value = ids.filter((id) => !recs.some((r) => r.id === id))
        } else if (!ids.length) { runs.value = []; missing.value = [] }
      }
      if (v !== version) return
      overview.value = series
      error.value = null
    } catch (e) {
      if (v === version) error.value = (e as Error).message
    } finally {
      if (v === version) loading.value = false
    }
  }
  // records change only with the run ids; the metric or the budget refetch series alone
  let recordsFor = ''
  watch([() => state.value.runs.join(','), () => state.value.metric, budget], ([ids]) => {
    const withRecords = ids !== recordsFor
    recordsFor = ids
    void load(withRecords)
  }, { immediate: true })

  /** Each run's onset on the chosen x alignment (0 for epoch), or null when the run never reached that stage. */
  const onsets = computed(() => new Map(runs.value.map((r) => {
    const x = state.value.x
    return [r.id, x === 'epoch' ? 0 : r.stages?.[x] ?? null] as const
  })))
  /** Runs left out of an aligned view: they have no onset for the chosen stage. */
  const excluded = computed(() => runs.value.filter((r) => onsets.value.get(r.id) === null).map((r) => r.id))

  let zoomTimer: ReturnType<typeof setTimeout> | undefined
  /** Shows x in [x0, x1] (aligned coordinates) at full resolution after the zoom rests; null returns to the overview. */
  function zoom(range: [number, number] | null): void {
    clearTimeout(zoomTimer)
    if (!range) { version++; detail.value = null; return }
    zoomTimer = setTimeout(() => void loadZoom(range), ZOOM_DEBOUNCE_MS)
  }
  async function loadZoom([x0, x1]: [number, number]): Promise<void> {
    const shown = runs.value.filter((r) => onsets.value.get(r.id) !== null)
    if (!shown.length) return
    // one range for all runs: the union of each run's zoomed window in stored epochs (aligned x + its onset)
    const from = Math.max(0, Math.floor(Math.min(...shown.map((r) => x0 + onsets.value.get(r.id)!))))
    const to = Math.max(from, Math.ceil(Math.max(...shown.map((r) => x1 + onsets.value.get(r.id)!))))
    const points = Math.min(MAX_SERIES_POINTS, Math.max(budget.value, Math.min(to - from + 1, Math.floor(ZOOM_POINTS_TOTAL / shown.length))))
    const v = ++version
    try {
      const { runs: got } = await service.getMetricsMany({ ids: shown.map((r) => r.id), columns: [state.value.metric], points, from, to })
      if (v === version) detail.value = { from, to, points, runs: got }
    } catch (e) {
      if (v === version) error.value = (e as Error).message
    }
  }

  /** Each shown run's curve on the aligned x: the overview outside the zoomed range, the refetched points inside it. */
  const curves = computed(() => {
    const col = state.value.metric
    const d = detail.value
    const zoomed = new Map(d?.runs.map((r) => [r.id, r.columns[col]]) ?? [])
    const out = new Map<number, Curve>()
    for (const r of overview.value) {
      const onset = onsets.value.get(r.id)
      const base = r.columns[col]
      if (onset === null || onset === undefined || !base) continue
      const z = d ? zoomed.get(r.id) : undefined
      out.set(r.id, spliceCurve(base, onset, z && d ? { from: d.from, to: d.to, ...z } : undefined))
    }
    return out
  })

  /** Whether what is drawn now lost points to the budget (the zoomed refetch when there is one). */
  const downsampled = computed(() => (detail.value ? detail.value.runs : overview.value).some((r) => r.downsampled))
  /** The point budget per run of what is drawn now. */
  const pointsPerRun = computed(() => detail.value?.points ?? budget.value)
  /** The x extent of the whole comparison (aligned), fixed while zoomed so the zoom's percentages keep their meaning. */
  const extent = computed<[number, number] | null>(() => {
    let lo = Infinity, hi = -Infinity
    for (const r of overview.value) {
      const onset = onsets.value.get(r.id)
      const e = r.columns[state.value.metric]?.epoch
      if (onset === null || onset === undefined || !e?.length) continue
      lo = Math.min(lo, e[0]! - onset); hi = Math.max(hi, e[e.length - 1]! - onset)
    }
    return lo <= hi ? [lo, hi] : null
  })

  return { runs, missing, overview, detail, curves, excluded, downsampled, pointsPerRun, extent, loading, error, zoom }
}
