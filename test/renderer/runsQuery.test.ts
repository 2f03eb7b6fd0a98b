// The runs table's sort and filters as invariants over random run lists (fast-check): a sort is a permutation, ordered,
// nulls last, stable; the filters keep exactly the matching runs; the URL query round-trips the view.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RUN_OUTCOMES, RUN_STATUSES, type RunSummary } from '../../src/api/contract'
import {
  COLUMNS, COLUMN_KEYS, DEFAULT_HIDDEN, DEFAULT_SORT, FILTER_KEYS, NO_FILTER, filterRuns, filterValues, idRange, isFiltered, keepRun, nextSort, parseHidden,
  queryFromView, shownColumns, sortRuns, viewFromQuery, type ColumnKey, type RunsFilter, type RunsView, type SortValue,
} from '../../src/renderer/src/utils/runsQuery'

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 3 })
const acc = fc.double({ min: 0, max: 1, noNaN: true })
const runArb = (id: number): fc.Arbitrary<RunSummary> => fc.record({
  status: fc.constantFrom(...RUN_STATUSES), group: fc.constantFrom('11', '13', 'S3', 'D5', 'Z_7'), hidden: fc.constantFrom(8, 16, 64),
  optim: fc.constantFrom('adam', 'adamw', 'sgd'), lr: fc.constantFrom(1e-3, 3e-3, 0.01), wd: fc.constantFrom(0, 1e-4, 0.01),
  seed: fc.integer({ min: 0, max: 4 }), trainFrac: maybe(fc.constantFrom(0.3, 0.5, 0.9)), epochsDone: fc.integer({ min: 0, max: 100 }),
  createdAt: fc.integer({ min: 1, max: 1000 }), msPerStep: maybe(fc.double({ min: 0.1, max: 50, noNaN: true })),
  final: maybe(fc.record({ train_acc: acc, test_acc: acc, train_loss: acc, test_loss: acc })), sweepId: maybe(fc.constantFrom(1, 2, 10)),
  label: maybe(fc.constantFrom('a', 'B', 'run 10', 'run 9')), tags: fc.uniqueArray(fc.constantFrom('grok', 'base', 'x'), { maxLength: 2 }),
  outcome: fc.constantFrom(...RUN_OUTCOMES), timeToGrok: maybe(fc.integer({ min: 0, max: 100 })),
}).map((p) => ({ ...p, id, totalEpochs: 100, backend: null, finishedAt: null, deletedAt: null, act: 'relu', loss: 'mse', expression: '' }))
/** Runs with distinct ids (as the service returns them). */
const runsArb = fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 40 }).chain((ids) => fc.tuple(...ids.map(runArb)))
const keyArb = fc.constantFrom(...COLUMNS.map((c) => c.key))
const sortArb = fc.record({ key: keyArb, dir: fc.constantFrom('asc' as const, 'desc' as const) })
const value = (k: ColumnKey, r: RunSummary): SortValue => COLUMNS.find((c) => c.key === k)!.value(r)
const cmp = (a: SortValue, b: SortValue) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' }))

function run(over: Partial<RunSummary>): RunSummary {
  return { id: 1, status: 'finished', group: '11', hidden: 16, optim: 'adam', lr: 1e-3, wd: 0, seed: 0, trainFrac: 0.5, epochsDone: 10, totalEpochs: 10, backend: null, createdAt: 1, finishedAt: null, msPerStep: null, final: null, sweepId: null, label: null, tags: [], deletedAt: null, act: 'relu', loss: 'mse', expression: '', outcome: 'unfinished', timeToGrok: null, ...over }
}

describe('sortRuns', () => {
  it('is a permutation of its input and leaves the input alone', () => {
    fc.assert(fc.property(runsArb, sortArb, (runs, sort) => {
      const before = runs.map((r) => r.id)
      const out = sortRuns(runs, sort)
      expect(runs.map((r) => r.id)).toEqual(before)
      expect(out.map((r) => r.id).sort((a, b) => a - b)).toEqual([...before].sort((a, b) => a - b))
    }))
  })

  it('orders by the column in its direction, nulls last either way, ties in input order (stable)', () => {
    fc.assert(fc.property(runsArb, sortArb, (runs, sort) => {
      const out = sortRuns(runs, sort)
      const pos = new Map(runs.map((r, i) => [r.id, i]))
      for (let i = 1; i < out.length; i++) {
        const a = value(sort.key, out[i - 1]!), b = value(sort.key, out[i]!)
        if (a === null) expect(b).toBeNull() // once nulls start, only nulls
        if (a === null || b === null) { if (a === null && b === null) expect(pos.get(out[i - 1]!.id)!).toBeLessThan(pos.get(out[i]!.id)!); continue }
        const c = cmp(a, b) * (sort.dir === 'asc' ? 1 : -1)
        expect(c).toBeLessThanOrEqual(0)
        if (c === 0) expect(pos.get(out[i - 1]!.id)!).toBeLessThan(pos.get(out[i]!.id)!)
      }
    }))
  })

  it('sorts numbers numerically and text naturally (known values)', () => {
    const rs = [run({ id: 1, lr: 0.01 }), run({ id: 2, lr: 0.002 }), run({ id: 3, lr: 0.1 })]
    expect(sortRuns(rs, { key: 'lr', dir: 'asc' }).map((r) => r.id)).toEqual([2, 1, 3])
    const gs = [run({ id: 1, group: '13' }), run({ id: 2, group: '101' }), run({ id: 3, group: '7' })]
    expect(sortRuns(gs, { key: 'group', dir: 'asc' }).map((r) => r.id)).toEqual([3, 1, 2])
    const gr = [run({ id: 1, timeToGrok: null }), run({ id: 2, timeToGrok: 40 }), run({ id: 3, timeToGrok: 9 })]
    expect(sortRuns(gr, { key: 'grok', dir: 'asc' }).map((r) => r.id)).toEqual([3, 2, 1])
    expect(sortRuns(gr, { key: 'grok', dir: 'desc' }).map((r) => r.id)).toEqual([2, 3, 1])
  })

  it('a header click sorts ascending, the same header again reverses', () => {
    expect(nextSort(DEFAULT_SORT, 'testAcc')).toEqual({ key: 'testAcc', dir: 'asc' })
    expect(nextSort({ key: 'testAcc', dir: 'asc' }, 'testAcc')).toEqual({ key: 'testAcc', dir: 'desc' })
    expect(nextSort({ key: 'testAcc', dir: 'desc' }, 'testAcc')).toEqual({ key: 'testAcc', dir: 'asc' })
  })
})

const filterArb: fc.Arbitrary<RunsFilter> = fc.record({
  status: fc.constantFrom('', ...RUN_STATUSES), group: fc.constantFrom('', '11', 'S3'), optim: fc.constantFrom('', 'adam', 'sgd'),
  outcome: fc.constantFrom('', ...RUN_OUTCOMES), tag: fc.constantFrom('', 'grok', 'x'), sweep: fc.constantFrom('', '1', '10'),
})

describe('filters', () => {
  it('keep exactly the runs that match every set filter and the free-text hits, in their order', () => {
    fc.assert(fc.property(runsArb, filterArb, fc.option(fc.array(fc.integer({ min: 1, max: 10_000 })), { nil: null }), (runs, f, hits) => {
      const m = hits && new Set(hits)
      const out = filterRuns(runs, f, m)
      for (const r of out) {
        if (f.status) expect(r.status).toBe(f.status)
        if (f.group) expect(r.group).toBe(f.group)
        if (f.optim) expect(r.optim).toBe(f.optim)
        if (f.outcome) expect(r.outcome).toBe(f.outcome)
        if (f.tag) expect(r.tags).toContain(f.tag)
        if (f.sweep) expect(String(r.sweepId)).toBe(f.sweep)
        if (m) expect(m.has(r.id)).toBe(true)
      }
      expect(out).toEqual(runs.filter((r) => keepRun(r, f, m))) // nothing matching left out, order kept
      if (!isFiltered({ filter: f, q: '' }) && !m) expect(out).toEqual(runs)
    }))
  })

  it('offer each value present once, sorted naturally', () => {
    const rs = [run({ id: 1, group: '13', tags: ['b', 'a'], sweepId: 10 }), run({ id: 2, group: '7', tags: ['a'], sweepId: 2 }), run({ id: 3, group: '13' })]
    expect(filterValues(rs, 'group')).toEqual(['7', '13'])
    expect(filterValues(rs, 'tag')).toEqual(['a', 'b'])
    expect(filterValues(rs, 'sweep')).toEqual(['2', '10'])
    expect(filterValues(rs, 'optim')).toEqual(['adam'])
  })
})

describe('the view in the URL query', () => {
  const viewArb: fc.Arbitrary<RunsView> = fc.record({ filter: filterArb, q: fc.constantFrom('', 'adamw', 'group 11'), sort: sortArb })
  it('round-trips through the query', () => {
    fc.assert(fc.property(viewArb, (v) => { expect(viewFromQuery(queryFromView(v))).toEqual(v) }))
  })
  it('leaves defaults out, and reads junk as the defaults', () => {
    expect(queryFromView({ filter: NO_FILTER, q: '', sort: DEFAULT_SORT })).toEqual({})
    expect(queryFromView({ filter: { ...NO_FILTER, optim: 'sgd' }, q: 'x', sort: { key: 'lr', dir: 'asc' } })).toEqual({ optim: 'sgd', q: 'x', sort: 'lr', dir: 'asc' })
    expect(viewFromQuery({ sort: 'nope', dir: 'sideways', status: ['running', 'queued'] })).toEqual({ filter: { ...NO_FILTER, status: 'running' }, q: '', sort: DEFAULT_SORT })
    expect(FILTER_KEYS.every((k) => k in NO_FILTER)).toBe(true)
  })
})

describe('selection and columns', () => {
  it('a shift-click range runs from the anchor to the clicked row in the shown order, either way', () => {
    expect(idRange([9, 7, 5, 3, 1], 7, 3)).toEqual([7, 5, 3])
    expect(idRange([9, 7, 5, 3, 1], 3, 9)).toEqual([9, 7, 5, 3])
    expect(idRange([9, 7, 5], 4, 5)).toEqual([5]) // anchor filtered out
    expect(idRange([9, 7, 5], null, 7)).toEqual([7])
  })
  it('hidden columns read back from storage; the id column cannot be hidden; junk falls back to the defaults', () => {
    expect([...parseHidden(JSON.stringify(['lr', 'id', 'nope']))]).toEqual(['lr'])
    expect([...parseHidden(null)]).toEqual([...DEFAULT_HIDDEN])
    expect([...parseHidden('{oops')]).toEqual([...DEFAULT_HIDDEN])
    expect(COLUMNS.map((c) => c.key)).toEqual([...COLUMN_KEYS]) // one column per key, in display order
    expect(shownColumns(new Set(['lr', 'id'])).map((c) => c.key)).toContain('id')
    expect(shownColumns(new Set(['lr'])).map((c) => c.key)).not.toContain('lr')
  })
})
