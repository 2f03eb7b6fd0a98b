/** Sweeps behind the contract: a spec or preset checked and expanded (planSweep), queued as jobs (enqueueSweep), and
 *  the count of its runs already queued by another sweep, which run there (a config is one job store-wide). */
import { ValidationError } from '../core/errors'
import { estimateCost, presetSpec, type Scale } from '../runner/presets'
import { enqueueSweep } from '../runner/sweepRunner'
import { expandSpec, type SweepSpec } from '../runner/sweepSpec'
import { configHash, type Store } from '../store'
import type { SweepEnqueued, SweepPlan, SweepSpecInput } from './contract'

/** Where a sweep comes from: a spec object or a preset at a scale (exactly one). */
export interface SweepSource { spec?: SweepSpecInput; preset?: string; scale?: Scale }

/** The spec a source names; a preset's name and scale are checked by presetSpec. */
export function sweepSpec(a: SweepSource): SweepSpec {
  if (a.preset !== undefined && a.spec !== undefined) throw new ValidationError('preset', 'give a spec or a preset, not both')
  if (a.scale !== undefined && a.preset === undefined) throw new ValidationError('scale', 'applies to a preset only (a spec sets its own knobs)')
  if (a.preset !== undefined) return presetSpec(a.preset, a.scale ?? 'quick')
  if (a.spec === undefined) throw new ValidationError('spec', 'give a spec (SPEC.json) or a preset')
  return a.spec as unknown as SweepSpec
}

/** Checks and expands a sweep without touching any store; the estimate is the cost model's for `workers` workers. */
export function planSweep(a: SweepSource, workers: number): SweepPlan {
  const spec = sweepSpec(a)
  const items = expandSpec(spec) // validates every knob and run before anything is stored
  const est = estimateCost(items.map((i) => i.config), workers)
  return { spec: spec as unknown as SweepSpecInput, runs: items.length, steps: est.steps, estimateMs: est.ms, workers }
}

/** Queues a sweep; refuses (naming the other sweeps) when every run left is queued in another sweep. */
export function enqueue(store: Store, a: SweepSource): SweepEnqueued {
  const spec = sweepSpec(a)
  const items = expandSpec(spec)
  const q = enqueueSweep(store, spec)
  const c = store.jobCounts(q.sweepId)
  const elsewhere = queuedElsewhere(store, items.map((i) => configHash(i.config)), q.sweepId)
  const nElsewhere = elsewhere.reduce((n, e) => n + e.count, 0)
  if (nElsewhere && c.queued + c.running === 0) {
    const where = elsewhere.map((e) => `${e.count} in ${e.label}`).join(', ')
    throw new ValidationError('spec', `nothing to run in sweep ${q.name}: ${nElsewhere} of its ${q.total} runs are queued in another sweep (${where}) and run only with it (re-run that sweep's SPEC.json or --preset; li2 sweep status lists sweeps)`)
  }
  return { ...q, elsewhere }
}

/** Jobs among `keys` queued or running in another sweep (or outside any), counted per sweep label. */
function queuedElsewhere(store: Store, keys: string[], sweepId: number): { label: string; count: number }[] {
  const want = new Set(keys)
  const out = new Map<string, number>()
  for (const status of ['queued', 'running'] as const) {
    for (const j of store.listJobs({ status })) {
      if (!want.has(j.key) || j.sweepId === sweepId) continue
      const s = j.sweepId === null ? null : store.getSweep(j.sweepId)
      const label = s ? `${JSON.stringify(s.name)} (#${s.id})` : 'no sweep (single queued runs)'
      out.set(label, (out.get(label) ?? 0) + 1)
    }
  }
  return [...out].map(([label, count]) => ({ label, count }))
}
