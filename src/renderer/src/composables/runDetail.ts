// useRunDetail: one run's record, and its metric series from the shared incremental cache, followed live while it trains.
import { computed, onUnmounted, ref, watch, type Ref } from 'vue'
import type { MetricSeries, RunDetail } from '../../../api/contract'
import { useMetricsStore } from '../stores/metrics'
import { useService } from './service'

/** The run with id `id`, its metrics and an error message; follows the run live until it finishes. */
export function useRunDetail(id: Ref<number>) {
  const { service, on } = useService()
  const cache = useMetricsStore()
  const run = ref<RunDetail | null>(null)
  const metrics = computed<MetricSeries | null>(() => cache.series[id.value] ?? null)
  const error = ref<string | null>(null)

  async function load(): Promise<void> {
    const want = id.value
    try {
      const [r] = await Promise.all([service.getRun({ id: want }), cache.sync(want)])
      if (want !== id.value) return // the user moved on
      run.value = r
      error.value = null
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  // the cache follows the metrics; here only the record's live fields are patched, and it is reread when the run ends
  const offProgress = on('onRunProgress', (p) => {
    if (p.runId !== id.value || !run.value) return
    run.value.epochsDone = p.epoch
    run.value.status = 'running'
    run.value.msPerStep = p.msPerStep
  })
  const offFinished = on('onRunFinished', (f) => { if (f.runId === id.value) void load() })
  onUnmounted(() => { offProgress(); offFinished() })
  watch(id, () => { run.value = null; void load() }, { immediate: true })

  async function saveNotes(notes: string): Promise<void> {
    await service.setNotes({ id: id.value, notes })
    if (run.value) run.value.notes = notes
  }
  return { run, metrics, error, reload: load, saveNotes }
}
