// The sweep form's model and its translation to a sweep spec (`li2 sweep run SPEC.json`'s shape), and back from a
// service error's field path (grid.train-frac[1], fixed.hidden, random.space.lr) to the form row that caused it.
import type { SweepSpecInput } from '../../../api/contract'

/** A knob fixed for every run. */
export interface FixedRow { key: number; flag: string; value: string }
/** A knob that varies: a grid of listed values, or a seeded random distribution. */
export type AxisKind = 'grid' | 'log' | 'uniform' | 'int' | 'choice'
export interface AxisRow { key: number; flag: string; kind: AxisKind; values: string; lo: string; hi: string }

export interface SweepFormModel {
  name: string
  description: string
  fixed: FixedRow[]
  axes: AxisRow[]
  /** Seeds as a list ("1, 2, 3") or a range ("1-8"). */
  seeds: string
  /** Random samples drawn from the random axes (ignored without one), and their seed. */
  samples: number
  sampleSeed: number
}

// knobs whose values are names, never numbers (a group "23" stays the string the catalog knows)
const TEXT_FLAGS = new Set(['group', 'expression', 'act', 'loss', 'optim', 'lr-schedule', 'backend'])

/** One value typed into the form: a name for text knobs, null for "null", a number where it parses, else the text as
 *  typed (so the service names the rule it breaks instead of the form guessing). */
export function parseValue(flag: string, text: string): unknown {
  const t = text.trim()
  if (TEXT_FLAGS.has(flag)) return t
  if (t === 'null') return null
  if (t.startsWith('[')) { try { return JSON.parse(t) } catch { return t } }
  const n = Number(t)
  return t !== '' && Number.isFinite(n) ? n : t
}

/** A comma-separated list of values (empty items dropped). */
export function parseList(flag: string, text: string): unknown[] {
  return text.split(',').map((x) => x.trim()).filter((x) => x !== '').map((x) => parseValue(flag, x))
}

/** Seeds from "1, 2, 5" or "1-8" (inclusive), or the text as typed when it is neither (the service names it). */
export function parseSeeds(text: string): unknown[] {
  const m = /^\s*(\d+)\s*[-–]\s*(\d+)\s*$/.exec(text)
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])]
    if (b >= a && b - a < 100000) return Array.from({ length: b - a + 1 }, (_, i) => a + i)
  }
  return parseList('seed', text)
}

/** The spec the form describes. */
export function formSpec(f: SweepFormModel): SweepSpecInput {
  const spec: Record<string, unknown> = {}
  if (f.name.trim()) spec.name = f.name.trim()
  if (f.description.trim()) spec.description = f.description.trim()
  const fixed = Object.fromEntries(f.fixed.filter((r) => r.flag).map((r) => [r.flag, parseValue(r.flag, r.value)]))
  if (Object.keys(fixed).length) spec.fixed = fixed
  const grid: Record<string, unknown[]> = {}
  for (const a of f.axes) if (a.flag && a.kind === 'grid') grid[a.flag] = parseList(a.flag, a.values)
  if (f.seeds.trim()) grid.seed = parseSeeds(f.seeds)
  if (Object.keys(grid).length) spec.grid = grid
  const space: Record<string, unknown> = {}
  for (const a of f.axes) {
    if (!a.flag || a.kind === 'grid') continue
    space[a.flag] = a.kind === 'choice' ? { choice: parseList(a.flag, a.values) } : { [a.kind]: [parseValue(a.flag, a.lo), parseValue(a.flag, a.hi)] }
  }
  if (Object.keys(space).length) spec.random = { n: f.samples, seed: f.sampleSeed, space }
  return spec
}

/** Where an error with `field` belongs: a fixed row or an axis row (by key), the seeds, the name, or the form as a whole. */
export type ErrorPlace = { row: 'fixed' | 'axis'; key: number } | { row: 'seeds' | 'name' | 'samples' | 'form' }

export function errorPlace(f: SweepFormModel, field: string | undefined): ErrorPlace {
  if (!field) return { row: 'form' }
  if (field === 'name') return { row: 'name' }
  if (/^grid\.seed\b/.test(field)) return { row: 'seeds' }
  if (/^random\.n\b/.test(field)) return { row: 'samples' }
  const m = /^(fixed|grid|random\.space)\.([a-z0-9-]+)/i.exec(field)
  if (m) {
    const flag = m[2]
    if (m[1] === 'fixed') {
      const r = f.fixed.find((x) => x.flag === flag)
      if (r) return { row: 'fixed', key: r.key }
    } else {
      const r = f.axes.find((x) => x.flag === flag)
      if (r) return { row: 'axis', key: r.key }
    }
  }
  return { row: 'form' }
}
