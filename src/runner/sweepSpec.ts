/** Sweep specs: a grid (or union of grids) and/or seeded random samples over any `li2 train` knob, expanded to validated
 *  TrainConfigs; errors name the field path (`grid.train-frac[1]`). Hydra's `-m` Cartesian product, as reference §8. */
import { configKey, DEFAULT_CONFIG, flagName, resolveConfig, type ConfigKey, type TrainConfig } from '../core/config'
import { ValidationError } from '../core/errors'
import { LIMITS } from '../core/limits'
import { Rng } from '../core/rng'
import { trainSize } from '../core/split'
import type { Task } from '../core/task'
import { buildTask } from '../core/taskFactory'
import { splitRule } from './trainJob'

/** A distribution for one knob of a random sweep. */
export type Distribution =
  | { log: [number, number] }
  | { uniform: [number, number] }
  | { int: [number, number] }
  | { choice: unknown[] }

/** A sweep spec, as JSON or the same object from code. Keys are `li2 train` flag names ("train-frac") or config names. */
export interface SweepSpec {
  /** Stored under this name; re-running a named spec skips configs already run. */
  name?: string
  description?: string
  /** Knobs set for every run. */
  fixed?: Record<string, unknown>
  /** Cartesian product of value lists; an array of grids is their union (e.g. a different p range per group). */
  grid?: Record<string, unknown[]> | Record<string, unknown[]>[]
  /** n seeded random samples; combined with the grid as a product when both are given. */
  random?: { n: number; seed?: number; space: Record<string, Distribution> }
}

/** One expanded run of a sweep. */
export interface SweepItem {
  config: TrainConfig
  /** The knobs that vary in this item (flag names), for labels. */
  knobs: Record<string, unknown>
}

const NULLABLE = new Set<ConfigKey>(['trainFrac', 'trainCount', 'criticalDelta', 'ridgeEta', 'expression'])
const SPEC_KEYS = new Set(['name', 'description', 'fixed', 'grid', 'random'])
/** Cap on expanded runs, so a typo (a 1e6-point grid) is refused instead of filling the queue. */
export const MAX_SWEEP_RUNS = 100_000

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function knob(path: string, name: string): ConfigKey {
  const key = configKey(name)
  if (!key) throw new ValidationError(`${path}.${name}`, 'unknown knob (use `li2 train` flag names such as train-frac, hidden, wd, group, seed)')
  return key
}

/** The defaults on Z_2, so a single knob's value is judged alone (hidden 16384 fits a sweep over Z_11, not over Z_71). */
const SMALLEST: Readonly<TrainConfig> = Object.freeze({ ...DEFAULT_CONFIG, group: '2', lrMilestones: [...DEFAULT_CONFIG.lrMilestones] })

/** Checks one value's JSON type against the knob's (numbers must be finite numbers, not strings); ranges are resolveConfig's. */
function checkValue(path: string, key: ConfigKey, v: unknown): void {
  if (v === null && NULLABLE.has(key)) return
  const def = DEFAULT_CONFIG[key]
  if (Array.isArray(def)) {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw new ValidationError(path, 'must be a list of finite numbers')
  } else if (typeof def === 'number' || NULLABLE.has(key) && key !== 'expression') {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError(path, `must be a finite number (got ${JSON.stringify(v)})`)
  } else if (key === 'group') {
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)))) throw new ValidationError(path, `must be a group name such as "23", "4x7" or "D7" (got ${JSON.stringify(v)})`)
  } else if (typeof v !== 'string') {
    throw new ValidationError(path, `must be a string (got ${JSON.stringify(v)})`)
  }
  // enum and range rules: resolve the value alone over the defaults, keep only errors about this knob. The size rules
  // couple knobs (K with the group), so other knobs sit over the smallest group: the run's own check is in expandSpec
  try {
    resolveConfig({ [key]: v }, key === 'group' || key === 'expression' ? DEFAULT_CONFIG : SMALLEST)
  } catch (e) {
    if (e instanceof ValidationError && e.field === flagName(key)) throw new ValidationError(path, e.rule)
  }
}

/** A value list: non-empty array, each value type-checked with its index in the path. */
function checkList(path: string, key: ConfigKey, v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new ValidationError(path, 'must be a list of values')
  if (v.length === 0) throw new ValidationError(path, 'must list at least one value')
  v.forEach((x, i) => checkValue(`${path}[${i}]`, key, x))
  return v
}

function checkDistribution(path: string, key: ConfigKey, d: unknown): Distribution {
  if (!isObject(d) || Object.keys(d).length !== 1) throw new ValidationError(path, 'must be one of {"log": [lo, hi]}, {"uniform": [lo, hi]}, {"int": [lo, hi]}, {"choice": [...]}')
  const [kind, arg] = Object.entries(d)[0]
  if (kind === 'choice') return { choice: checkList(`${path}.choice`, key, arg) }
  if (kind !== 'log' && kind !== 'uniform' && kind !== 'int') throw new ValidationError(`${path}.${kind}`, 'unknown distribution (log, uniform, int, choice)')
  if (!Array.isArray(arg) || arg.length !== 2) throw new ValidationError(`${path}.${kind}`, 'must be [lo, hi]')
  arg.forEach((x, i) => { if (typeof x !== 'number' || !Number.isFinite(x)) throw new ValidationError(`${path}.${kind}[${i}]`, `must be a finite number (got ${JSON.stringify(x)})`) })
  const [lo, hi] = arg as [number, number]
  if (!(lo <= hi)) throw new ValidationError(`${path}.${kind}`, `needs lo ≤ hi (got [${lo}, ${hi}])`)
  if (kind === 'log' && !(lo > 0)) throw new ValidationError(`${path}.${kind}[0]`, 'a log range must be > 0')
  if (kind === 'int' && !(Number.isInteger(lo) && Number.isInteger(hi))) throw new ValidationError(`${path}.${kind}`, 'an int range needs integer bounds')
  checkValue(`${path}.${kind}[0]`, key, lo)
  checkValue(`${path}.${kind}[1]`, key, hi)
  return { [kind]: [lo, hi] } as Distribution
}

function sample(d: Distribution, rng: Rng): unknown {
  const u = rng.next()
  if ('log' in d) return Math.exp(Math.log(d.log[0]) + u * (Math.log(d.log[1]) - Math.log(d.log[0])))
  if ('uniform' in d) return d.uniform[0] + u * (d.uniform[1] - d.uniform[0])
  if ('int' in d) return Math.min(d.int[1], d.int[0] + Math.floor(u * (d.int[1] - d.int[0] + 1)))
  return d.choice[Math.min(d.choice.length - 1, Math.floor(u * d.choice.length))]
}

/** Cartesian product of named lists, with each value's path for error messages. */
function product(lists: { name: string; values: unknown[]; path: string }[]): { knobs: Record<string, unknown>; paths: Record<string, string> }[] {
  let out: { knobs: Record<string, unknown>; paths: Record<string, string> }[] = [{ knobs: {}, paths: {} }]
  for (const l of lists) {
    out = out.flatMap((o) => l.values.map((v, i) => ({ knobs: { ...o.knobs, [l.name]: v }, paths: { ...o.paths, [l.name]: `${l.path}[${i}]` } })))
    if (out.length > MAX_SWEEP_RUNS) throw new ValidationError(l.path, `the grid expands to more than ${MAX_SWEEP_RUNS} runs`)
  }
  return out
}

/** Validates a spec and expands it to configs, each checked by resolveConfig and by building its task and split, so
 *  nothing is queued unless every run can start. Throws ValidationError naming the field path. */
export function expandSpec(spec: unknown): SweepItem[] {
  if (!isObject(spec)) throw new ValidationError('spec', 'must be a JSON object with fixed, grid and/or random')
  for (const k of Object.keys(spec)) if (!SPEC_KEYS.has(k)) throw new ValidationError(k.trim() === '' ? 'spec' : k, `unknown spec field ${JSON.stringify(k)} (known: ${[...SPEC_KEYS].join(', ')})`)
  if (spec.name !== undefined && (typeof spec.name !== 'string' || spec.name.trim() === '')) throw new ValidationError('name', 'must be a non-empty string')
  const fixed = spec.fixed ?? {}
  if (!isObject(fixed)) throw new ValidationError('fixed', 'must be an object of knob: value')
  const where: Record<string, string> = {}
  for (const [name, v] of Object.entries(fixed)) { checkValue(`fixed.${name}`, knob('fixed', name), v); where[name] = `fixed.${name}` }

  // grid: one object or a list of objects (union)
  let combos: { knobs: Record<string, unknown>; paths: Record<string, string> }[] = [{ knobs: {}, paths: {} }]
  if (spec.grid !== undefined) {
    const grids = Array.isArray(spec.grid) ? spec.grid : [spec.grid]
    if (grids.length === 0) throw new ValidationError('grid', 'must list at least one grid')
    combos = grids.flatMap((g, gi) => {
      const base = Array.isArray(spec.grid) ? `grid[${gi}]` : 'grid'
      if (!isObject(g)) throw new ValidationError(base, 'must be an object of knob: [values]')
      if (Object.keys(g).length === 0) throw new ValidationError(base, 'must vary at least one knob')
      return product(Object.entries(g).map(([name, vs]) => ({ name, values: checkList(`${base}.${name}`, knob(base, name), vs), path: `${base}.${name}` })))
    })
  }

  // random: n seeded samples over the space
  if (spec.random !== undefined) {
    const r = spec.random
    if (!isObject(r)) throw new ValidationError('random', 'must be {"n": N, "seed": S, "space": {...}}')
    if (typeof r.n !== 'number' || !Number.isInteger(r.n) || r.n < 1) throw new ValidationError('random.n', `must be an integer ≥ 1 (got ${JSON.stringify(r.n)})`)
    if (r.seed !== undefined && (typeof r.seed !== 'number' || !Number.isInteger(r.seed) || r.seed < 0 || r.seed > LIMITS.maxSeed)) throw new ValidationError('random.seed', `must be an integer in 0..${LIMITS.maxSeed} (got ${JSON.stringify(r.seed)})`)
    if (!isObject(r.space) || Object.keys(r.space).length === 0) throw new ValidationError('random.space', 'must map at least one knob to a distribution')
    const space = Object.entries(r.space).map(([name, d]) => ({ name, key: knob('random.space', name), d: checkDistribution(`random.space.${name}`, knob('random.space', name), d) }))
    const rng = new Rng((r.seed as number | undefined) ?? 0)
    const draws = Array.from({ length: r.n as number }, () => Object.fromEntries(space.map((s) => [s.name, sample(s.d, rng)])))
    if (combos.length * draws.length > MAX_SWEEP_RUNS) throw new ValidationError('random.n', `grid × samples exceeds ${MAX_SWEEP_RUNS} runs`)
    const rPaths = Object.fromEntries(space.map((s) => [s.name, `random.space.${s.name}`]))
    combos = combos.flatMap((c) => draws.map((d) => ({ knobs: { ...c.knobs, ...d }, paths: { ...c.paths, ...rPaths } })))
  }
  if (spec.grid === undefined && spec.random === undefined && Object.keys(fixed).length === 0) throw new ValidationError('grid', 'a spec needs a grid, random samples or at least fixed knobs')

  const tasks = new Map<string, Task>()
  const seen = new Set<string>()
  const items: SweepItem[] = []
  for (const c of combos) {
    const input = { ...fixed, ...c.knobs }
    const paths = { ...where, ...c.paths }
    const pathOf = (field: string): string => {
      const name = Object.keys(input).find((n) => n === field || flagName(configKey(n)!) === field)
      return name ? paths[name] : field
    }
    let config: TrainConfig
    try {
      config = resolveConfig(input)
      const tk = `${config.group}|${config.expression}|${config.ops}`
      let task = tasks.get(tk)
      if (!task) { task = buildTask(config); tasks.set(tk, task) }
      trainSize(task.numSamples, splitRule(config), task.M, task.criticalC)
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError(pathOf(e.field), `${e.rule} (in run ${JSON.stringify(c.knobs)})`)
      throw e
    }
    const id = JSON.stringify(config)
    if (seen.has(id)) continue // a grid listing the same value twice runs it once
    seen.add(id)
    items.push({ config, knobs: c.knobs })
  }
  return items
}

/** Parses JSON text into a spec object (syntax errors name the 'spec' field). */
export function parseSpecJson(text: string): SweepSpec {
  try {
    return JSON.parse(text) as SweepSpec
  } catch (e) {
    throw new ValidationError('spec', `not valid JSON: ${(e as Error).message}`)
  }
}
