// The metric cache several views share: per run, the plot columns fetched so far, extended with getMetrics({ from })
// = last cached epoch + 1 (never the whole series again) when live progress says new epochs are stored.
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { MetricSeries } from '../../../api/contract'
import { useService } from '../composables/service'

/** Columns the run page plots: loss, accuracy and Li2's diagnostics (sparse: null between diag-every epochs). */
export const PLOT_COLUMNS = ['train_loss', 'test_loss', 'train_acc', 'test_acc',
  'gf_norm', 'df_norm', 'dw_cos', 'dv_cos', 'ftf_offdiag_ratio', 'fft_dist_ideal', 'w_norm', 'v_norm']
/** Live refetch period while a run trains: plots need not redraw faster than this. */
export const LIVE_REFRESH_MS = 1000

/** `a` followed by `b`, column by column (both came from the same column list). */
function concatSeries(a: MetricSeries, b: MetricSeries): MetricSeries {
  const out: Record<string, (number | null)[]> = {}
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) out[k] = [...(a[k] ?? []), ...(b[k] ?? [])]
  return out as MetricSeries
}

export const useMetricsStore = defineStore('metrics', () => {
  const { service, on } = useService()
  /** Cached series by run id; replaced (not mutated) on each append, so a chart redraws once per fetch. */
  const series = shallowRef<Record<number, MetricSeries>>({})
  const inflight = new Map<number, Promise<void>>()
  const again = new Set<number>()
  const timers = new Map<number, ReturnType<typeof setTimeout>>()

  /** The last cached epoch of run `id`, or null when nothing is cached. */
  function lastEpoch(id: number): number | null {
    const e = series.value[id]?.epoch
    return e?.length ? e[e.length - 1]! : null
  }

  /** Fetches the epochs after the cached ones and appends them; concurrent calls share one fetch plus one follow-up. */
  function sync(id: number): Promise<void> {
    const running = inflight.get(id)
    if (running) { again.add(id); return running }
    const p = (async () => {
      do {
        again.delete(id)
        const last = lastEpoch(id)
        const from = last === null ? 0 : last + 1
        const got = await service.getMetrics({ id, columns: PLOT_COLUMNS, from })
        const now = lastEpoch(id)
        if ((now === null ? 0 : now + 1) !== from) { again.add(id); continue } // invalidated meanwhile: fetch again
        const cur = series.value[id]
        if (!cur) series.value = { ...series.value, [id]: got }
        else if (got.epoch.length) series.value = { ...series.value, [id]: concatSeries(cur, got) }
      } while (again.has(id))
    })().finally(() => inflight.delete(id))
    inflight.set(id, p)
    return p
  }

  /** Drops run `id`'s cached series (its stored metrics were rewound, e.g. by a resume). */
  function invalidate(id: number): void {
    if (!(id in series.value)) return
    const { [id]: _dropped, ...rest } = series.value
    series.value = rest
  }

  /** At most one live sync per run per LIVE_REFRESH_MS. */
  function schedule(id: number): void {
    if (timers.has(id)) return
    timers.set(id, setTimeout(() => { timers.delete(id); void sync(id).catch(() => {}) }, LIVE_REFRESH_MS))
  }

  // live: only runs someone has looked at are followed; a progress epoch behind the cache means the run was rewound
  on('onRunProgress', (p) => {
    if (!(p.runId in series.value)) return
    const last = lastEpoch(p.runId)
    if (last !== null && p.epoch < last) invalidate(p.runId)
    schedule(p.runId)
  })
  on('onRunFinished', (f) => {
    if (!(f.runId in series.value)) return
    clearTimeout(timers.get(f.runId))
    timers.delete(f.runId)
    void sync(f.runId).catch(() => {})
  })

  return { series, lastEpoch, sync, invalidate }
})
