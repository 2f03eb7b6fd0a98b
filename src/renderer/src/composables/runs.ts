// useRuns: the runs list store's state as refs plus its actions, for components (props in, events out; the store fetches).
import { storeToRefs } from 'pinia'
import { useRunsStore } from '../stores/runs'

/** The runs list (newest first), the latest progress per run, and refresh/cancel/resume/remove actions. */
export function useRuns() {
  const store = useRunsStore()
  const { runs, progress, loading, error } = storeToRefs(store)
  return { runs, progress, loading, error, refresh: store.refresh, cancel: store.cancel, resume: store.resume, remove: store.remove }
}
