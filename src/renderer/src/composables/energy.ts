// useEnergy: the Energy page's state: the census form (values, every field's error from the service), the census in
// view (live progress from onCensusProgress, then its stored record), its slice, and the stored censuses to reopen.
import { onBeforeUnmount, reactive, ref } from 'vue'
import { ApiError, type CensusRecord, type EnergySlice, type GroupEntry } from '../../../api/contract'
import { ruleOf } from '../api/client'
import { useService } from './service'

/** The form's fields, named as startCensus's arguments (so an ApiError's field lands beside its input). */
export const CENSUS_FIELDS = ['group', 'table', 'trainFrac', 'pScan', 'act', 'restarts', 'seed', 'maxSteps'] as const
export type CensusField = (typeof CENSUS_FIELDS)[number]

/** The p values a new p-scan starts from: the full table down past p_c of a small group. */
export const DEFAULT_SCAN = '1, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2'

/** A number field's text as sent: blank → left to the default; not a number → sent as typed, so the service's
 *  type check names the field ("must be a finite number") rather than this page guessing. */
function numeric(raw: string): number | string | undefined {
  const t = raw.trim()
  if (t === '') return undefined
  return Number.isFinite(Number(t)) ? Number(t) : t
}

/** Form, census in view, slice and stored list, with start, cancel, open and slice actions. */
export function useEnergy() {
  const { service, on } = useService()
  const values = reactive({ mode: 'census' as 'census' | 'scan', group: '11', trainFrac: '1', pScan: DEFAULT_SCAN, act: 'sqr', restarts: '20', seed: '0', maxSteps: '' })
  const table = ref<{ name: string; text: string } | null>(null)
  const errors = reactive<Partial<Record<string, string>>>({})
  const formError = ref<string | null>(null)
  const groups = ref<GroupEntry[]>([])
  const list = ref<CensusRecord[]>([])
  const current = ref<CensusRecord | null>(null)
  const progress = ref<{ done: number; total: number } | null>(null)
  const slice = ref<EnergySlice | null>(null)
  const sliceOf = ref<number>(0)
  const sliceError = ref<string | null>(null)
  const starting = ref(false)

  // ends heard for any census: one may end between startCensus's answer and the page knowing its id
  const ended = new Set<number>()
  const off = on('onCensusProgress', (p) => {
    if (p.status !== 'running') ended.add(p.id)
    if (current.value?.id !== p.id) return
    progress.value = { done: p.done, total: p.total }
    if (p.status !== 'running') void open(p.id)
  })
  onBeforeUnmount(off)

  async function load(): Promise<void> {
    groups.value = await service.listGroups({}).catch(() => [])
    await refresh()
  }

  async function refresh(): Promise<void> {
    list.value = await service.listCensuses({ limit: 200 })
  }

  function clearErrors(): void {
    for (const k of Object.keys(errors)) delete errors[k]
    formError.value = null
  }

  /** startCensus's arguments from the form. */
  function args(): Record<string, unknown> {
    const a: Record<string, unknown> = { group: table.value ? table.value.name : values.group.trim(), act: values.act }
    if (table.value) a.table = table.value.text
    if (values.mode === 'scan') {
      const parts = values.pScan.split(/[\s,;]+/).filter(Boolean)
      a.pScan = parts.map((x) => (Number.isFinite(Number(x)) ? Number(x) : x))
    } else a.trainFrac = numeric(values.trainFrac)
    for (const k of ['restarts', 'seed', 'maxSteps'] as const) a[k] = numeric(values[k])
    return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined))
  }

  /** Starts a census; on a refusal every broken field gets its rule beside it and nothing else changes. */
  async function start(): Promise<void> {
    clearErrors()
    starting.value = true
    try {
      const { id } = await service.startCensus(args() as never)
      slice.value = null
      current.value = await service.getCensus({ id })
      progress.value = { done: current.value.done, total: current.value.total }
      if (current.value.status !== 'running' || ended.has(id)) await open(id) // it ended before the page knew its id
      await refresh()
    } catch (e) {
      const field = e instanceof ApiError ? e.field : undefined
      const all = e instanceof ApiError && e.fields?.length ? e.fields : [{ field, message: ruleOf((e as Error).message, field) }]
      const elsewhere: string[] = []
      for (const f of all) {
        if (f.field && (CENSUS_FIELDS as readonly string[]).includes(f.field)) errors[f.field] = f.message
        else elsewhere.push(f.field ? `${f.field}: ${f.message}` : f.message)
      }
      formError.value = elsewhere.length ? elsewhere.join('; ') : null
    } finally {
      starting.value = false
    }
  }

  async function cancel(): Promise<void> {
    if (current.value) await service.cancelCensus({ id: current.value.id }).catch((e: Error) => { formError.value = e.message })
  }

  /** Shows a stored census as stored (no recompute), and the slice through its most frequent maximum. */
  async function open(id: number): Promise<void> {
    const c = await service.getCensus({ id })
    current.value = c
    progress.value = { done: c.done, total: c.total }
    slice.value = null
    sliceError.value = null
    await refresh()
    if (c.status === 'done' && c.result?.maxima.length) await loadSlice(0)
  }

  async function loadSlice(maximum: number): Promise<void> {
    if (!current.value) return
    sliceOf.value = maximum
    sliceError.value = null
    try {
      slice.value = await service.energySlice({ id: current.value.id, maximum, resolution: 41 })
    } catch (e) {
      slice.value = null
      sliceError.value = (e as Error).message
    }
  }

  async function remove(id: number): Promise<void> {
    await service.deleteCensus({ id }).catch((e: Error) => { formError.value = e.message })
    if (current.value?.id === id) { current.value = null; slice.value = null; progress.value = null }
    await refresh()
  }

  return { values, table, errors, formError, groups, list, current, progress, slice, sliceOf, sliceError, starting, load, refresh, start, cancel, open, loadSlice, remove, clearErrors }
}
