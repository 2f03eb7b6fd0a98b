// Hostile input over every contract method, generated from SCHEMAS (a method added later is fuzzed with no edit here):
// random, wrong-typed, out-of-range and extra arguments go through validateCall and then a real service on a seeded store.
// Every answer must be a valid result or a named ApiError (invalid, not_found, forbidden) — never 'internal', a crash or
// a hang. Methods that start long work meet a read-only store (they are refused before anything starts) and bounded sizes.
import fc from 'fast-check'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError, METHODS, SCHEMAS, toApiError, validateCall, type ArgSchema, type MethodName } from '../../src/api/contract'
import { createService, type ServiceHandle } from '../../src/api/service'
import { DEFAULT_CONFIG } from '../../src/core/config'
import { openStore } from '../../src/store'

/** Work a fuzzed call could start: such calls run on the read-only service only, where they are refused. */
const LONG = new Set<string>(['startRun', 'resumeRun', 'runSweep', 'controlSweep', 'startCensus', 'energyCensus', 'enqueueSweep'])
/** Methods with four required fields: random arguments pass the validator rarely, so they get more tries. */
const MANY_REQUIRED = new Set<string>(['exportFigure'])
/** Per-field bounds that keep a call that is allowed to compute (energyCensus, getTheory …) to a tiny job. */
const BOUNDS: Record<string, number> = { restarts: 2, maxSteps: 30, pairs: 20, maxSamples: 50, maxNodes: 16, resolution: 7, points: 50, limit: 50 }
const GROUPS = ['5', '7', '2x3', 'D3', 'Q8', 'S3', '', ' ', 'Z_0', '0', '-1', '1e9', 'SmallGroup(6,1)', 'SmallGroup(99999,1)', 'x'.repeat(300), '<script>', '71']

type Rule = ArgSchema[string]

function valid(key: string, r: Rule): fc.Arbitrary<unknown> {
  const cap = BOUNDS[key]
  switch (r.type) {
    case 'int': return fc.integer({ min: r.min ?? -5, max: Math.max(r.min ?? -5, Math.min(r.max ?? 10, cap ?? 10)) })
    case 'number': return fc.double({ min: r.min ?? -2, max: r.max ?? 2, noNaN: true })
    case 'string':
      if (r.oneOf) return fc.constantFrom(...r.oneOf)
      if (key === 'group' || key === 'name' || key === 'sweep') return fc.constantFrom(...GROUPS)
      return fc.string({ maxLength: 40 })
    case 'boolean': return fc.boolean()
    case 'object': return fc.oneof(fc.object({ maxDepth: 2 }), fc.constant({ epochs: 1, group: '5', hidden: 4 }))
    case 'string[]': return fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 })
    case 'int[]': return fc.array(fc.integer({ min: r.min ?? 1, max: 6 }), { minLength: 1, maxLength: 5 })
    case 'number[]': return fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 })
  }
}

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 2 ** 53, -1, 1e308, '', '1', 'NaN', null, true, [], {}, [NaN], ['__proto__'], { __proto__: null }, '\u0000', '\uD800', 'a'.repeat(5000)),
  fc.anything({ maxDepth: 2 }),
)

function argsFor(method: MethodName): fc.Arbitrary<unknown> {
  const schema = SCHEMAS[method]
  const fields = Object.fromEntries(Object.entries(schema).map(([k, r]) => [k, fc.option(fc.oneof({ weight: 3, arbitrary: valid(k, r) }, { weight: 1, arbitrary: hostile }), { nil: undefined })]))
  const shaped = fc.record(fields, { requiredKeys: [] }).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)))
  return fc.oneof(
    { weight: 6, arbitrary: shaped },
    { weight: 1, arbitrary: fc.tuple(shaped, fc.string({ minLength: 1, maxLength: 8 }), hostile).map(([o, k, v]) => ({ ...o, [k]: v })) },
    { weight: 1, arbitrary: hostile },
  )
}

/** Calls per method that passed validateCall and reached the service: a fuzz that only meets the validator tests little. */
const reached = new Map<string, number>()
let dir = ''
let writable: ServiceHandle
let readOnly: ServiceHandle

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-fuzz-'))
  const file = path.join(dir, 'li2.sqlite')
  const s = openStore(file)
  for (let r = 0; r < 3; r++) {
    const id = s.createRun({ ...DEFAULT_CONFIG, group: '5', hidden: 4, epochs: 20, seed: r, lrMilestones: [] })
    s.appendMetrics(id, Array.from({ length: 20 }, (_, e) => ({ epoch: e, train_loss: 1 / (e + 1), test_acc: e / 20, train_acc: e / 20 })))
    s.setStatus(id, 'finished')
  }
  s.createSweep('s1', { grid: {} })
  s.close()
  fs.copyFileSync(file, path.join(dir, 'ro.sqlite'))
  writable = await createService({ dbPath: file, workers: 0 })
  readOnly = await createService({ dbPath: path.join(dir, 'ro.sqlite'), readOnly: true })
})

afterAll(async () => {
  await writable?.close()
  await readOnly?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** One call as a host makes it: validateCall, then the service; returns what went wrong, or null for a good answer. */
async function call(h: ServiceHandle, method: string, args: unknown): Promise<string | null> {
  try {
    const v = validateCall(method, args)
    reached.set(method, (reached.get(method) ?? 0) + 1)
    await (h.service[v.method] as (a: unknown) => Promise<unknown>)(v.args)
    return null
  } catch (e) {
    if (!(e instanceof ApiError)) return `${method}: threw a non-ApiError ${String(e)}`
    const body = toApiError(e).toJSON()
    if (body.code === 'internal') return `${method}(${safe(args)}): internal: ${body.message}`
    if (!body.message) return `${method}: an error with no message`
    return null
  }
}

function safe(a: unknown): string {
  try { return JSON.stringify(a)?.slice(0, 300) ?? String(a) } catch { return String(a) }
}

describe('every contract method under hostile arguments', () => {
  it('covers every method in SCHEMAS', () => { expect(METHODS.length).toBeGreaterThan(30) })

  it.each(METHODS.map((m) => [m]))('%s: a valid result or a named error, never internal', async (method) => {
    const h = LONG.has(method) ? readOnly : writable
    await fc.assert(fc.asyncProperty(argsFor(method), async (args) => {
      const problem = await call(h, method, args)
      expect(problem).toBeNull()
    }), { numRuns: LONG.has(method) ? 40 : MANY_REQUIRED.has(method) ? 240 : 60, seed: 20261203, endOnFailure: true })
  })

  it('most methods are reached past the validator', () => {
    const thin = METHODS.filter((m) => (reached.get(m) ?? 0) < 5)
    expect(thin, JSON.stringify(Object.fromEntries(reached))).toEqual([])
  })

  it('unknown method names and non-object arguments are named errors', () => {
    fc.assert(fc.property(fc.anything(), fc.anything(), (m, a) => {
      try { validateCall(m, a) } catch (e) { expect(e).toBeInstanceOf(ApiError); expect((e as ApiError).code).toBe('invalid') }
    }), { numRuns: 300 })
  })
})
