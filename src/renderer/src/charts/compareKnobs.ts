// Which config knobs tell a set of runs apart, and the short names Compare draws from them: legend text that names only
// the knobs that differ ("wd=0 · optim=muon", MLflow's run-diff idea), the config diff table, and the seed-free grouping
// key. Pure (configs) → strings, tested without a browser (test/renderer/compareKnobs.test.ts).
import { fmt } from '../utils/format'

/** A run as Compare needs it for naming: its id and stored config (core's TrainConfig keys, camelCase). */
export interface KnobRun { id: number; config: Record<string, unknown> }

/** Bookkeeping knobs that do not change what is trained (where and how often it is saved, which backend computes it):
 *  shown in the diff table under "all", never in a legend or a grouping key. */
export const BOOKKEEPING_KNOBS: readonly string[] = ['backend', 'checkpoints', 'resumeEvery']
/** Knobs that name a run when no knob differs (a seed group of one config): the ones a reader asks for first. */
export const HEADLINE_KNOBS: readonly string[] = ['group', 'hidden', 'optim', 'lr', 'wd']

/** A knob's display name: the `li2 train` flag ("trainFrac" → "train-frac"), so a legend reads like a command line. */
export const knobName = (key: string): string => key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())

/** A knob value as text: integers exactly, other numbers to 6 significant digits ("1e-4", "0.001"), null as "—", lists
 *  and objects as JSON. */
export function knobValue(v: unknown): string {
  if (v === null || v === undefined) return '—'
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e6 ? String(v) : fmt(v, 6)
  if (typeof v === 'string') return v
  return JSON.stringify(v)
}

/** Every knob any run has, in the first run's config order (core's DEFAULT_CONFIG order), then the rest. */
export function allKnobs(runs: readonly KnobRun[]): string[] {
  const keys: string[] = []
  for (const r of runs) for (const k of Object.keys(r.config)) if (!keys.includes(k)) keys.push(k)
  return keys
}

/** A knob value compared exactly (display rounds; 1e-3 and 1.0000001e-3 are still different runs). */
const exact = (v: unknown): string => JSON.stringify(v ?? null)

/** The knobs whose value is not the same in every run, excluding `skip`; one run differs in nothing. */
export function differingKnobs(runs: readonly KnobRun[], skip: readonly string[] = BOOKKEEPING_KNOBS): string[] {
  if (runs.length < 2) return []
  return allKnobs(runs).filter((k) => !skip.includes(k) && new Set(runs.map((r) => exact(r.config[k]))).size > 1)
}

/** "wd=0 · optim=muon": the `knobs` of `config` joined, or `fallback` when there are none. */
export function knobLabel(config: Record<string, unknown>, knobs: readonly string[], fallback = ''): string {
  return knobs.length ? knobs.map((k) => `${knobName(k)}=${knobValue(config[k])}`).join(' · ') : fallback
}

/** Legend names of `runs`, by id: the knobs that differ between them; a lone run, or runs that differ in nothing Compare
 *  names, by their headline knobs and id ("#3 group=11 · hidden=16 …"), so two entries never read the same. */
export function runLegendNames(runs: readonly KnobRun[]): Map<number, string> {
  const knobs = differingKnobs(runs)
  return new Map(runs.map((r) => [r.id, knobs.length ? knobLabel(r.config, knobs) : `#${r.id} ${knobLabel(r.config, HEADLINE_KNOBS.filter((k) => k in r.config))}`]))
}

/** One group of runs that share every knob but the seed (and bookkeeping): its key, member ids and legend name. */
export interface RunGroup { key: string; ids: number[]; name: string; config: Record<string, unknown> }

/** Groups `runs` by every knob except the seed and the bookkeeping ones, in order of first appearance; each group is named
 *  by the knobs that differ between groups (headline knobs when there is one group) and its seed count, "wd=1e-4 (n=3)". */
export function groupBySeed(runs: readonly KnobRun[]): RunGroup[] {
  const skip = [...BOOKKEEPING_KNOBS, 'seed']
  const keyed = new Map<string, { ids: number[]; config: Record<string, unknown> }>()
  for (const r of runs) {
    const key = allKnobs([r]).filter((k) => !skip.includes(k)).map((k) => `${k}=${exact(r.config[k])}`).join('|')
    const g = keyed.get(key)
    if (g) g.ids.push(r.id)
    else keyed.set(key, { ids: [r.id], config: r.config })
  }
  const groups = [...keyed.entries()]
  const knobs = differingKnobs(groups.map(([, g], i) => ({ id: i, config: g.config })), skip)
  return groups.map(([key, g]) => {
    const base = knobs.length ? knobLabel(g.config, knobs) : knobLabel(g.config, HEADLINE_KNOBS.filter((k) => k in g.config))
    return { key, ids: g.ids, config: g.config, name: g.ids.length > 1 ? `${base} (n=${g.ids.length})` : base }
  })
}

/** One row of the config diff table: a knob and its value in each run (in `runs` order), and whether they differ. */
export interface DiffRow { knob: string; name: string; values: string[]; differs: boolean }

/** The config diff table: one row per knob (rows = knobs, columns = runs); only the differing ones unless `all`. */
export function configDiffRows(runs: readonly KnobRun[], all = false): DiffRow[] {
  return allKnobs(runs).map((k) => {
    const values = runs.map((r) => knobValue(r.config[k]))
    return { knob: k, name: knobName(k), values, differs: new Set(runs.map((r) => exact(r.config[k]))).size > 1 }
  }).filter((row) => all || row.differs)
}
