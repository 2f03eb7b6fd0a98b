// useRuns: the runs list store's state as refs plus its actions, for components (props in, events out; the store fetches).
import { storeToRefs } from 'pinia'
import { useRunsStore } from '../stores/runs'

/** The runs list (newest first), the latest progress per run, the tags in use and the Undo offer, with the actions on runs. */
export function useRuns() {
  const store = useRunsStore()
  const { runs, progress, loading, error, tags, undo, q, matches } = storeToRefs(store)
  return {
    runs, progress, loading, error, tags, undo, q, matches, search: store.search,
    refresh: store.refresh, cancel: store.cancel, resume: store.resume, remove: store.remove, undoRemove: store.undoRemove,
    dismissUndo: store.dismissUndo, setTags: store.setTags, setLabel: store.setLabel,
  }
}

/** The trash: its runs, and restore / empty. */
export function useTrash() {
  const store = useRunsStore()
  const { trashed, error } = storeToRefs(store)
  return { trashed, error, refresh: store.refreshTrash, restore: store.restore, emptyTrash: store.emptyTrash }
}
