// useRunDetail: one run's record and metric series, refetched (throttled) while it trains.
import { onUnmounted, ref, watch, type Ref } from 'vue'
import type { MetricSeries, RunDetail } from '../../../api/contract'
import { useService } from './service'

/** Columns the detail plots need; the store keeps more (diagnostics) for later views. */
export const PLOT_COLUMNS = ['train_loss', 'test_loss', 'train_acc', 'test_acc']
/** Live refetch period while a run trains: plots need not redraw faster than this. */
const LIVE_REFRESH_MS = 1000

/** The run with id `id`, its metrics and an error message; follows the run live until it finishes. */
export function useRunDetail(id: Ref<number>) {
  const { service, on } = useService()
  const run = ref<RunDetail | null>(null)
  const metrics = ref<MetricSeries | null>(null)
  const error = ref<string | null>(null)
  let timer: ReturnType<typeof setTimeout> | null = null

  async function load(): Promise<void> {
    const want = id.value
    try {
      const [r, m] = await Promise.all([service.getRun({ id: want }), service.getMetrics({ id: want, columns: PLOT_COLUMNS })])
      if (want !== id.value) return // the user moved on
      run.value = r
      metrics.value = m
      error.value = null
    } catch (e) {
      error.value = (e as Error).message
    }
  }
  function scheduleLoad(): void {
    if (timer) return
    timer = setTimeout(() => { timer = null; void load() }, LIVE_REFRESH_MS)
  }

  const offProgress = on('onRunProgress', (p) => {
    if (p.runId !== id.value) return
    if (run.value) { run.value.epochsDone = p.epoch; run.value.status = 'running' }
    scheduleLoad()
  })
  const offFinished = on('onRunFinished', (f) => { if (f.runId === id.value) void load() })
  onUnmounted(() => { offProgress(); offFinished(); if (timer) clearTimeout(timer) })
  watch(id, () => { run.value = null; metrics.value = null; void load() }, { immediate: true })

  async function saveNotes(notes: string): Promise<void> {
    await service.setNotes({ id: id.value, notes })
    if (run.value) run.value.notes = notes
  }
  return { run, metrics, error, reload: load, saveNotes }
}
