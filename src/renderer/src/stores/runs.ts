// The runs list several views share, kept live from onRunProgress / onRunFinished: a Pinia setup store
// (antfu-collective/vitesse src/stores/user.ts).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { RunProgress, RunSummary } from '../../../api/contract'
import { useService } from '../composables/service'
import { useMetricsStore } from './metrics'

/** How many runs the list asks for; the store keeps the newest first. */
export const RUNS_LIMIT = 1000

export const useRunsStore = defineStore('runs', () => {
  const { service, on } = useService()
  const runs = ref<RunSummary[]>([])
  /** The latest progress event per run id (live accuracies for the list). */
  const progress = ref<Record<number, RunProgress>>({})
  const loading = ref(false)
  const error = ref<string | null>(null)

  /** Reloads the list from the service. */
  async function refresh(): Promise<void> {
    loading.value = true
    try {
      runs.value = await service.listRuns({ limit: RUNS_LIMIT })
      error.value = null
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      loading.value = false
    }
  }

  on('onRunProgress', (p) => {
    progress.value = { ...progress.value, [p.runId]: p }
    const r = runs.value.find((x) => x.id === p.runId)
    if (!r) return void refresh() // started elsewhere (CLI, another window)
    r.status = 'running'
    r.epochsDone = p.epoch
    r.totalEpochs = p.totalEpochs
    r.msPerStep = p.msPerStep
  })
  on('onRunFinished', () => { void refresh() })
  void refresh()

  /** Cancels a queued or running run. */
  async function cancel(id: number): Promise<void> {
    await service.cancelRun({ id })
    await refresh()
  }
  /** Continues an interrupted or cancelled run from its last resume state (same run id). */
  async function resume(id: number): Promise<void> {
    await service.resumeRun({ id })
    useMetricsStore().invalidate(id) // its metrics after the resume state are dropped and trained again
    await refresh()
  }
  /** Deletes a run and everything stored for it. */
  async function remove(id: number): Promise<void> {
    await service.deleteRun({ id })
    await refresh()
  }
  return { runs, progress, loading, error, refresh, cancel, resume, remove }
})
