// useRuns: the shared runs list, kept live from onRunProgress / onRunFinished (module-level refs, as Elk's composables).
import { ref } from 'vue'
import type { RunProgress, RunSummary } from '../../../api/contract'
import { useService } from './service'

const runs = ref<RunSummary[]>([])
const progress = ref<Record<number, RunProgress>>({})
const loading = ref(false)
const error = ref<string | null>(null)
let wired = false

/** The runs list (newest first), the latest progress per run, and refresh/cancel/resume/delete actions. */
export function useRuns() {
  const { service, on } = useService()

  async function refresh(): Promise<void> {
    loading.value = true
    try {
      runs.value = await service.listRuns({ limit: 1000 })
      error.value = null
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      loading.value = false
    }
  }

  if (!wired) {
    wired = true
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
  }

  async function cancel(id: number): Promise<void> {
    await service.cancelRun({ id })
    await refresh()
  }
  /** Continues an interrupted or cancelled run from its last resume state (same run id). */
  async function resume(id: number): Promise<void> {
    await service.resumeRun({ id })
    await refresh()
  }
  async function remove(id: number): Promise<void> {
    await service.deleteRun({ id })
    await refresh()
  }
  return { runs, progress, loading, error, refresh, cancel, resume, remove }
}
