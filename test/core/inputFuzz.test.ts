// Property-based hostile input to the parsers every front door uses: run configs as `li2 train` flags and the app's form
// send them, sweep spec files, Cayley tables (JSON and CSV) and expressions. The answer is a valid result or a
// ValidationError naming a field — never another exception, and (bounded sizes) never a hang.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkedRunConfig } from '../../src/api/service'
import { ApiError } from '../../src/api/contract'
import { DEFAULT_CONFIG, flagName, type ConfigKey } from '../../src/core/config'
import { ValidationError } from '../../src/core/errors'
import { compileExpression } from '../../src/core/expression'
import { parseCayleyTable } from '../../src/core/groups/cayleyParse'
import { expandSpec, parseSpecJson } from '../../src/runner/sweepSpec'

const KEYS = Object.keys(DEFAULT_CONFIG) as ConfigKey[]
const RUNS = 150

/** Calls f; a named error (ValidationError or ApiError 'invalid' with a field) is a pass, anything else fails the property. */
function named<T>(f: () => T): T | null {
  try { return f() } catch (e) {
    if (e instanceof ValidationError) { expect(e.field).toBeTruthy(); expect(e.rule).toBeTruthy(); return null }
    if (e instanceof ApiError && e.code === 'invalid') { expect(e.field).toBeTruthy(); return null }
    throw e
  }
}

const odd = fc.constantFrom(NaN, Infinity, -Infinity, -0, -1, 0, 1e300, 2 ** 53, 0.5, '', ' ', 'NaN', '1e9', '0x10', '٣', '\u0000', null, true, [], {}, [1, 2], 'x'.repeat(2000))
const groupish = fc.constantFrom('5', '7', '13', '2x3', 'D5', 'Q8', 'S3', 'A4', 'SmallGroup(8,3)', 'SmallGroup(99999,1)', 'SmallGroup(-1,1)', '0', '1', '-5', '1e6', '1000000000', '71x71x71', 'D0', 'table:/nonexistent', 'Z_7', 'GL(2,3)', '')
const valueFor = (k: ConfigKey): fc.Arbitrary<unknown> => {
  const d = DEFAULT_CONFIG[k]
  if (k === 'group') return groupish
  if (k === 'expression') return fc.oneof(fc.constantFrom('x+y', 'x*y', 'x^2+y', ''), fc.string({ maxLength: 12 }))
  if (k === 'hidden') return fc.integer({ min: -2, max: 64 })
  if (k === 'epochs') return fc.integer({ min: -2, max: 10 })
  if (typeof d === 'number') return fc.oneof(fc.double({ min: -10, max: 10, noNaN: false }), fc.integer({ min: -3, max: 40 }), fc.string({ maxLength: 6 }))
  if (typeof d === 'string') return fc.string({ maxLength: 10 })
  if (Array.isArray(d)) return fc.array(fc.integer({ min: -5, max: 50 }), { maxLength: 4 })
  return fc.anything({ maxDepth: 1 })
}
const configInput = fc.array(fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...KEYS).chain((k) => fc.tuple(fc.constantFrom(k, flagName(k)), fc.oneof({ weight: 4, arbitrary: valueFor(k) }, { weight: 1, arbitrary: odd }))) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 12 }), odd) },
), { maxLength: 6 }).map((kv) => Object.fromEntries([['group', '7'], ['hidden', 8], ...kv]) as Record<string, unknown>)

describe('hostile input to the parsers', () => {
  it('run configs (the flags of li2 train, the New run form): a checked config or a named error', () => {
    fc.assert(fc.property(configInput, (input) => {
      const r = named(() => checkedRunConfig(input))
      if (r) {
        expect(r.train.length).toBeGreaterThan(0)
        expect(Number.isInteger(r.cfg.hidden) && r.cfg.hidden >= 1).toBe(true)
      }
    }), { numRuns: RUNS, seed: 20261203 })
  })

  it('sweep spec files: a list of valid configs or a named error', () => {
    const grid = fc.dictionary(fc.oneof(fc.constantFrom('group', 'seed', 'wd', 'train-frac', 'hidden', 'lr', 'epochs'), fc.string({ maxLength: 8 })),
      fc.oneof(fc.array(fc.oneof(fc.integer({ min: -3, max: 30 }), fc.double({ min: 0, max: 1 }), groupish), { maxLength: 4 }), odd), { maxKeys: 3 })
    const spec = fc.oneof(
      fc.record({ base: fc.constant({ group: '7', hidden: 8, epochs: 5 }), grid }, { requiredKeys: [] }),
      fc.record({ base: fc.constant({ group: '7', hidden: 8 }), random: fc.record({ n: fc.oneof(fc.integer({ min: -2, max: 20 }), odd), knobs: fc.anything({ maxDepth: 2 }) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      fc.anything({ maxDepth: 3 }),
    )
    fc.assert(fc.property(fc.oneof(spec.map((s) => JSON.stringify(s) ?? 'null'), fc.string({ maxLength: 60 })), (text) => {
      const items = named(() => expandSpec(parseSpecJson(text)))
      if (items) for (const it of items) expect(it.config.group).toBeTruthy()
    }), { numRuns: RUNS, seed: 20261203 })
  })

  it('Cayley tables: a group (every row a permutation) or a named error', () => {
    const cyclic = fc.integer({ min: 1, max: 9 }).map((n) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i + j) % n)))
    const mutated = fc.tuple(cyclic, fc.nat(), fc.nat(), fc.oneof(fc.integer({ min: -2, max: 12 }), odd)).map(([t, a, b, v]) => {
      const c = t.map((r) => [...r] as unknown[]); c[a % c.length]![b % c.length] = v; return c
    })
    const table = fc.oneof(cyclic, mutated, fc.array(fc.array(fc.integer({ min: -1, max: 6 }), { maxLength: 6 }), { maxLength: 6 }), fc.anything({ maxDepth: 2 }))
    const text = fc.oneof(
      table.map((t) => ({ fmt: 'json' as const, s: JSON.stringify(t) ?? '' })),
      fc.tuple(table, fc.constantFrom(0, 1)).map(([t, b]) => ({ fmt: 'json' as const, s: JSON.stringify({ table: t, index_base: b, name: 'g' }) })),
      table.map((t) => ({ fmt: 'csv' as const, s: Array.isArray(t) ? t.map((r) => (Array.isArray(r) ? r.join(',') : String(r))).join('\n') : String(t) })),
      fc.string({ maxLength: 80 }).map((s) => ({ fmt: 'csv' as const, s })),
    )
    fc.assert(fc.property(text, ({ fmt, s }) => {
      const g = named(() => parseCayleyTable(s, fmt))
      if (g) expect(g.order).toBeGreaterThanOrEqual(1)
    }), { numRuns: RUNS * 2, seed: 20261203 })
  })

  it('expressions: f(x, y) mod M in [0, M) for every x, y, or a named error', () => {
    const tok = fc.constantFrom('x', 'y', '1', '2', '97', '+', '-', '*', '^', '**', '(', ')', ' ', '^99999999', '0', '/', 'z', '9'.repeat(30))
    const src = fc.oneof(fc.array(tok, { maxLength: 14 }).map((t) => t.join('')), fc.string({ maxLength: 20 }), fc.constant('('.repeat(5000) + 'x' + ')'.repeat(5000)))
    fc.assert(fc.property(src, fc.oneof(fc.integer({ min: 2, max: 200 }), fc.constantFrom(0, 1, -3, 2.5, NaN, 2 ** 40)), (s, M) => {
      const f = named(() => compileExpression(s, M))
      if (f) for (const [x, y] of [[0, 0], [1, M - 1], [M - 1, M - 1], [3 % M, 5 % M]]) {
        const z = f(x!, y!)
        expect(Number.isInteger(z) && z >= 0 && z < M, `${s} mod ${M} at (${x}, ${y}) = ${z}`).toBe(true)
      }
    }), { numRuns: RUNS * 2, seed: 20261203 })
  })
})
