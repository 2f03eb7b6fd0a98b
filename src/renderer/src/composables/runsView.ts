// useRunsView: the runs table's filters and sort kept in the #/runs URL query (a reload or a bookmark keeps the view, as
// W&B's and Aim's tables do), the free text debounced and matched by the service, and the shown columns in localStorage.
import { computed, onBeforeUnmount, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import {
  NO_FILTER, filterRuns, isFiltered, nextSort, parseHidden, queryFromView, shownColumns, sortRuns, viewFromQuery,
  type ColumnKey, type RunsFilter, type RunsView,
} from '../utils/runsQuery'
import { useRuns } from './runs'

/** How long typing pauses before the free text goes to the service. */
export const SEARCH_DEBOUNCE_MS = 250
/** localStorage key of the hidden columns (a JSON array of column keys). */
export const HIDDEN_COLUMNS_KEY = 'li2.runs.hiddenColumns'

/** The view (from the URL), the rows it shows (filtered, sorted), the shown columns, and the setters. */
export function useRunsView() {
  const route = useRoute()
  const router = useRouter()
  const { runs, matches, search } = useRuns()
  const view = computed<RunsView>(() => viewFromQuery(route.query))

  /** Replaces the URL query (replace, not push: Back leaves the list instead of undoing each filter). */
  function setView(patch: Partial<RunsView>): void {
    if (route.name !== 'runs') return
    void router.replace({ name: 'runs', query: queryFromView({ ...view.value, ...patch }) })
  }
  const setFilter = (k: keyof RunsFilter, v: string) => setView({ filter: { ...view.value.filter, [k]: v } })
  const sortBy = (key: ColumnKey) => setView({ sort: nextSort(view.value.sort, key) })
  function clearFilters(): void {
    text.value = ''
    setView({ filter: { ...NO_FILTER }, q: '' })
  }

  // the text box follows the URL (back, a bookmark) and feeds it after a pause in typing
  const text = ref(view.value.q)
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(text, (t) => {
    clearTimeout(timer)
    if (t !== view.value.q) timer = setTimeout(() => setView({ q: t }), SEARCH_DEBOUNCE_MS)
  })
  watch(() => view.value.q, (q) => {
    if (q !== text.value) text.value = q
    void search(q)
  }, { immediate: true })
  onBeforeUnmount(() => clearTimeout(timer))

  const filtered = computed(() => filterRuns(runs.value, view.value.filter, view.value.q.trim() ? matches.value : null))
  const rows = computed(() => sortRuns(filtered.value, view.value.sort))
  const filteredOn = computed(() => isFiltered(view.value))

  const hidden = ref(parseHidden(readStorage()))
  const columns = computed(() => shownColumns(hidden.value))
  /** Shows or hides a column, and remembers it. */
  function toggleColumn(key: ColumnKey): void {
    const next = new Set(hidden.value)
    if (next.has(key)) next.delete(key)
    else next.add(key)
    hidden.value = next
    try { localStorage.setItem(HIDDEN_COLUMNS_KEY, JSON.stringify([...next])) } catch { /* storage off: this session only */ }
  }

  return { view, rows, total: computed(() => runs.value.length), filteredOn, text, setFilter, sortBy, clearFilters, hidden, columns, toggleColumn }
}

function readStorage(): string | null {
  try { return localStorage.getItem(HIDDEN_COLUMNS_KEY) } catch { return null }
}
