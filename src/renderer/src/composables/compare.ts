// useCompare: the runs of a comparison (records with config and stages) and one metric of each, fetched with a point
// budget (getMetricsMany, min–max downsampled on the service side), refetched at full resolution over a zoomed range,
// and aligned on x (epoch, or epochs since a stage onset).
import { computed, ref, watch, type Ref } from 'vue'
import type { RunDetail, RunSeries } from '../../../api/contract'
import { MAX_SERIES_POINTS } from '../../../api/contract'
import type { Curve } from '../charts/compareStats'
import type { CompareState } from '../utils/compareQuery'
import { useService } from './service'

/** How long a zoom must rest before its range is refetched (a wheel zoom sends dozens of events). */
export const ZOOM_DEBOUNCE_MS = 250
/** The most points one zoomed refetch asks for over all runs together, so a wide zoom over 50 runs stays drawable. */
const ZOOM_POINTS_TOTAL = 400_000

/** The comparison for `state` with `budget` points per run (0 = not measured yet: nothing is fetched until it is). */
export function useCompare(state: Ref<CompareState>, budget: Ref<number>) {
  const { service } = useService()
  const runs = ref<RunDetail[]>([])
  const missing = ref<number[]>([])
  const overview = ref<RunSeries[]>([])
  /** The zoomed range refetched, in stored epochs, and its series. */
  const detail = ref<{ from: number; to: number; points: number; runs: RunSeries[] } | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let version = 0

  // records change only with the run ids; the metric, the budget or a zoom only refetch series
  watch(() => state.value.runs.join(','), async () => {
    const ids = state.value.runs
    loading.value = ids.length > 0
    const got = await Promise.all(ids.map((id) => service.getRun({ id }).catch(() => null)))
    if (ids.join(',') !== state.value.runs.join(',')) return
    runs.value = got.filter((r): r is RunDetail => r !== null)
    missing.value = ids.filter((_, i) => got[i] === null)
  }, { immediate: true })

  async function loadOverview(): Promise<void> {
    const ids = runs.value.map((r) => r.id)
    const v = ++version
    detail.value = null
    if (!ids.length || budget.value <= 0) { overview.value = []; loading.value = false; return }
    loading.value = true
    try {
      const { runs: got } = await service.getMetricsMany({ ids, columns: [state.value.metric], points: budget.value })
      if (v !== version) return
      overview.value = got
      error.value = null
    } catch (e) {
      if (v === version) error.value = (e as Error).message
    } finally {
      if (v === version) loading.value = false
    }
  }
  watch([runs, () => state.value.metric, budget], () => void loadOverview(), { immediate: true })

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
    const zoomed = new Map(detail.value?.runs.map((r) => [r.id, r]) ?? [])
    const out = new Map<number, Curve>()
    for (const r of overview.value) {
      const onset = onsets.value.get(r.id)
      if (onset === null || onset === undefined) continue
      const base = r.columns[col]
      const z = zoomed.get(r.id)?.columns[col]
      const x: number[] = []
      const y: number[] = []
      const push = (e: number, v: number | null) => { if (v !== null && Number.isFinite(v)) { x.push(e - onset); y.push(v) } }
      if (!base) continue
      if (z && detail.value) {
        const { from, to } = detail.value
        base.epoch.forEach((e, i) => { if (e < from) push(e, base.value[i]!) })
        z.epoch.forEach((e, i) => push(e, z.value[i]!))
        base.epoch.forEach((e, i) => { if (e > to) push(e, base.value[i]!) })
      } else base.epoch.forEach((e, i) => push(e, base.value[i]!))
      out.set(r.id, { x, y })
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
