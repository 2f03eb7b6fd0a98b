// The runs list several views share, kept live from onRunProgress / onRunFinished: a Pinia setup store
// (antfu-collective/vitesse src/stores/user.ts).
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { RunProgress, RunSummary } from '../../../api/contract'
import { useService } from '../composables/service'
import { useMetricsStore } from './metrics'

/** How many runs the list asks for (the table stays fluid at 10,000: it draws only the rows in view); newest first. */
export const RUNS_LIMIT = 20000
/** How long the "moved to the trash · Undo" toast stays. */
export const UNDO_MS = 6000

/** The run the last delete moved to the trash, while its Undo is offered. */
export interface UndoOffer { id: number; text: string }

export const useRunsStore = defineStore('runs', () => {
  const { service, on } = useService()
  // shallow: 10,000 deep proxies made every sort and filter pay Vue's dependency tracking per field (~230 ms a click);
  // a row changes by replacing its object (patch), so the list and the rows still update
  const runs = shallowRef<readonly RunSummary[]>([])
  /** The latest progress event per run id (live accuracies for the list). */
  const progress = ref<Record<number, RunProgress>>({})
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** Every tag on a live run, for the filter. */
  const tags = ref<{ tag: string; runs: number }[]>([])
  /** The trash, newest first (loaded by refreshTrash). */
  const trashed = ref<RunSummary[]>([])
  const undo = ref<UndoOffer | null>(null)
  /** Free text the service matches in config and label ('' = none), and the ids it matched (null while none is set). */
  const q = ref('')
  const matches = ref<ReadonlySet<number> | null>(null)
  let undoTimer: ReturnType<typeof setTimeout> | undefined

  /** Reloads the list (and the tag list) from the service. */
  async function refresh(): Promise<void> {
    loading.value = true
    try {
      const [list, all, hits] = await Promise.all([service.listRuns({ limit: RUNS_LIMIT }), service.listTags({}), searchIds(q.value)])
      runs.value = list
      tags.value = all
      matches.value = hits
      error.value = null
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      loading.value = false
    }
  }

  /** The ids of live runs whose config or label holds `text` (the service matches it), or null for no text. */
  async function searchIds(text: string): Promise<ReadonlySet<number> | null> {
    const t = text.trim()
    return t ? new Set((await service.listRuns({ q: t, limit: RUNS_LIMIT })).map((r) => r.id)) : null
  }
  /** Sets the free text and asks the service which runs match it. */
  async function search(text: string): Promise<void> {
    if (text === q.value) return
    q.value = text
    try {
      const hits = await searchIds(text)
      if (q.value === text) matches.value = hits // a later keystroke's answer wins
      error.value = null
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  on('onRunProgress', (p) => {
    progress.value = { ...progress.value, [p.runId]: p }
    if (!patch(p.runId, { status: 'running', epochsDone: p.epoch, totalEpochs: p.totalEpochs, msPerStep: p.msPerStep })) return void refresh() // started elsewhere (CLI, another window)
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
  /** Moves a run to the trash and offers Undo for UNDO_MS. */
  async function remove(id: number): Promise<void> {
    const r = runs.value.find((x) => x.id === id)
    // a run shown in the notebook: say where before it goes (the entries keep a snapshot of what it was)
    const notes = await service.entriesOfRun({ id }).catch(() => [])
    if (notes.length && !window.confirm(`Run ${id} is embedded in ${notes.length} notebook entr${notes.length === 1 ? 'y' : 'ies'}: ${notes.map((n) => `“${n.title}”`).join(', ')}. Move it to the trash anyway? The entries will show what it was.`)) return
    await act(() => service.deleteRun({ id }))
    clearTimeout(undoTimer)
    undo.value = { id, text: `Run ${id}${r?.label ? ` “${r.label}”` : ''} moved to the trash` }
    undoTimer = setTimeout(() => { undo.value = null }, UNDO_MS)
    await refresh()
  }
  /** Takes the last deleted run back out of the trash. */
  async function undoRemove(): Promise<void> {
    const u = undo.value
    if (!u) return
    clearTimeout(undoTimer)
    undo.value = null
    await restore(u.id)
  }
  /** Closes the Undo offer (the run stays in the trash). */
  function dismissUndo(): void {
    clearTimeout(undoTimer)
    undo.value = null
  }
  /** Takes a run out of the trash. */
  async function restore(id: number): Promise<void> {
    await act(() => service.restoreRun({ id }))
    await Promise.all([refresh(), refreshTrash()])
  }
  /** Reloads the trash. */
  async function refreshTrash(): Promise<void> {
    try {
      trashed.value = await service.listRuns({ trashed: true, limit: RUNS_LIMIT })
      error.value = null
    } catch (e) {
      error.value = (e as Error).message
    }
  }
  /** Deletes every trashed run for good; returns how many. */
  async function emptyTrash(): Promise<number> {
    const r = await act(() => service.emptyTrash({}))
    await refreshTrash()
    return r?.deleted ?? 0
  }
  /** Replaces a run's tags. */
  async function setTags(id: number, next: string[]): Promise<void> {
    const r = await act(() => service.setTags({ id, tags: next }))
    if (r) patch(id, { tags: r.tags })
    tags.value = await service.listTags({})
  }
  /** Sets or (with '') clears a run's label. */
  async function setLabel(id: number, label: string): Promise<void> {
    const r = await act(() => service.setLabel({ id, label }))
    if (r) patch(id, { label: r.label })
  }
  /** Replaces run `id`'s row with `fields` merged in; false when the list does not hold it. */
  function patch(id: number, fields: Partial<RunSummary>): boolean {
    const i = runs.value.findIndex((x) => x.id === id)
    if (i < 0) return false
    const next = runs.value.slice()
    next[i] = { ...next[i]!, ...fields }
    runs.value = next
    return true
  }
  // an action's failure shows as the list's error (a named ApiError message) instead of an unhandled rejection
  async function act<T>(f: () => Promise<T>): Promise<T | null> {
    try {
      const v = await f()
      error.value = null
      return v
    } catch (e) {
      error.value = (e as Error).message
      return null
    }
  }
  return {
    runs, progress, loading, error, tags, trashed, undo, q, matches,
    refresh, search, cancel, resume, remove, undoRemove, dismissUndo, restore, refreshTrash, emptyTrash, setTags, setLabel,
  }
})
