// Stored energy censuses through the service: a Z_11 census at p = 1 runs in a worker thread, finds only features at
// E/E* = 1, and reads back the same from the store; bad input names its field and stores nothing; a slice through a
// maximum peaks at its centre; cancel stops a census; a p-scan stores one point per p.
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, validateCall, type CensusProgress, type CensusStatus } from '../../src/api/contract'
import { createService, type ServiceHandle } from '../../src/api/service'

let h: ServiceHandle | null = null
afterEach(async () => { await h?.close(); h = null })

const err = async (p: Promise<unknown>) => { try { await p } catch (e) { return e as ApiError } throw new Error('did not throw') }

async function open() {
  h = await createService({ dbPath: ':memory:', workers: 0 })
  return h
}

/** Resolves with every progress event of census `id` once it leaves 'running'. */
function ended(sh: ServiceHandle, want: (id: number) => boolean = () => true): Promise<CensusProgress[]> {
  const seen: CensusProgress[] = []
  return new Promise((resolve) => {
    const off = sh.on('onCensusProgress', (p) => {
      if (!want(p.id)) return
      seen.push(p)
      if (p.status !== 'running') { off(); resolve(seen) }
    })
  })
}

describe('census methods', () => {
  it('Z_11 at p = 1: every maximum a feature at E/E* = 1, stored and read back without recomputing', async () => {
    const sh = await open()
    const events = ended(sh)
    const { id } = await sh.service.startCensus({ group: '11', trainFrac: 1, restarts: 8, seed: 1 })
    const seen = await events
    expect(seen.at(-1)).toMatchObject({ id, status: 'done', done: 8, total: 8 })
    expect(seen.map((e) => e.done)).toEqual([...seen.map((e) => e.done)].sort((a, b) => a - b)) // progress never goes back
    const c = await sh.service.getCensus({ id })
    expect(c).toMatchObject({ status: 'done', group: '11', done: 8, total: 8, error: null, scan: null })
    expect(c.inputs).toEqual({ group: '11', fromTable: false, trainFrac: 1, act: 'sqr', restarts: 8, seed: 1, maxSteps: 20000, pScan: null })
    const r = c.result!
    expect(r.feature_share).toBe(1)
    expect(r.maxima.length).toBeGreaterThan(0)
    for (const m of r.maxima) {
      expect(m.kind).toBe('feature')
      expect(m.E / m.E_star!).toBeCloseTo(1, 3) // Thm 2: E* = M/4 for a complex irrep of Z_M
    }
    expect(r.maxima.reduce((a, m) => a + m.count, 0)).toBe(8)
    expect(await sh.service.listCensuses({})).toEqual([c])
  })

  it('refuses bad input beside its field, every field at once, and stores nothing', async () => {
    const sh = await open()
    const bad = async (a: Parameters<typeof sh.service.startCensus>[0]) => err(sh.service.startCensus(a))
    expect(await bad({ group: 'Z_foo' })).toMatchObject({ code: 'invalid', field: 'group' })
    expect((await bad({ group: '11', trainFrac: 0 })).fields).toEqual([{ field: 'trainFrac', message: 'must be a number in (0, 1] (got 0)' }])
    expect((await bad({ group: '11', trainFrac: 1.5 })).field).toBe('trainFrac')
    expect((await bad({ group: '11', restarts: 0 })).fields).toEqual([{ field: 'restarts', message: 'must be an integer in 1..100000 (got 0)' }])
    const table = await bad({ group: 'mine.json', table: '[[0, 1], [1, 1]]' })
    expect(table.field).toBe('table')
    expect(table.message).toMatch(/^table: mine\.json: /)
    expect((await bad({ group: 'mine.json', table: '{ not json' })).field).toBe('table')
    expect((await bad({ group: '11', pScan: [0.5, 0] })).field).toBe('pScan')
    const all = await bad({ group: 'nope', trainFrac: 2, restarts: 0, act: 'tanh' })
    expect(all.fields!.map((f) => f.field).sort()).toEqual(['act', 'group', 'restarts', 'trainFrac'])
    // the hosts' schema check names the field too, before the service sees the call
    expect(() => validateCall('startCensus', { group: '11', restarts: 0 })).toThrow(expect.objectContaining({ field: 'restarts' }))
    expect(() => validateCall('startCensus', { group: '11', pScan: ['a'] })).toThrow(expect.objectContaining({ field: 'pScan' }))
    expect(await sh.service.listCensuses({})).toEqual([])
  })

  it('a slice through a maximum peaks at its centre, with the other maximum on the grid', async () => {
    const sh = await open()
    const events = ended(sh)
    const { id } = await sh.service.startCensus({ group: '11', restarts: 12, seed: 2 })
    await events
    const c = await sh.service.getCensus({ id })
    expect(c.result!.maxima.length).toBeGreaterThan(1)
    const s = await sh.service.energySlice({ id, maximum: 0, resolution: 31 })
    expect(s.a).toHaveLength(31)
    expect(s.E).toHaveLength(31)
    const k = 15
    expect(s.a[k]).toBe(0)
    expect(s.E_center).toBeCloseTo(c.result!.maxima[0].E, 6)
    for (let i = 0; i < 31; i++) for (let j = 0; j < 31; j++) expect(s.E[i][j]).toBeLessThanOrEqual(s.E_center + 1e-9) // a maximum of the whole slice: features are the global maxima at p = 1
    expect(s.E[k][k + 1]).toBeLessThan(s.E_center) // and strict along d1
    expect(s.directions.d1).toMatch(/^toward maximum #2 \(feature /)
    expect(s.other_at).toBeCloseTo(90, 3) // two frequencies of Z_11 are orthogonal
    expect(s.a.at(-1)!).toBeGreaterThan(s.other_at!) // the other maximum is on the grid
    expect([s.b[0], s.b.at(-1)]).toEqual([-90, 90]) // b never folds over the pole
    expect((await err(sh.service.energySlice({ id, maximum: 99 }))).field).toBe('maximum')
  })

  it('cancels a running census (kept as cancelled), refuses to delete a running one, deletes a stopped one', async () => {
    const sh = await open()
    const first = new Promise<void>((r) => { const off = sh.on('onCensusProgress', () => { off(); r() }) })
    const events = ended(sh)
    const { id } = await sh.service.startCensus({ group: '97', restarts: 100000, seed: 3 })
    await first
    expect((await err(sh.service.deleteCensus({ id }))).message).toMatch(/is running; cancel it first/)
    await sh.service.cancelCensus({ id })
    expect((await events).at(-1)!.status).toBe<CensusStatus>('cancelled')
    const c = await sh.service.getCensus({ id })
    expect(c.status).toBe('cancelled')
    expect(c.done).toBeLessThan(c.total)
    expect((await err(sh.service.cancelCensus({ id }))).message).toMatch(/is cancelled, not running/)
    await sh.service.deleteCensus({ id })
    expect((await err(sh.service.getCensus({ id }))).code).toBe('not_found')
  })

  it('runs on an uploaded Cayley table (Z_3 as text): stored from the table, sliced from the stored text', async () => {
    const sh = await open()
    const events = ended(sh)
    const { id } = await sh.service.startCensus({ group: 'z3.json', table: '[[0, 1, 2], [1, 2, 0], [2, 0, 1]]', restarts: 4 })
    expect((await events).at(-1)!.status).toBe('done')
    const c = await sh.service.getCensus({ id })
    expect(c.group).toBe('table:z3.json')
    expect(c.inputs).toMatchObject({ group: 'z3.json', fromTable: true })
    expect(JSON.stringify(c)).not.toContain('[[0, 1, 2]') // the table's text stays in the store
    for (const m of c.result!.maxima) expect(m.E / m.E_star!).toBeCloseTo(1, 3)
    const s = await sh.service.energySlice({ id, maximum: 0, resolution: 11 })
    expect(s.E_center).toBeCloseTo(c.result!.maxima[0].E, 6)
  })

  it('a p-scan stores the shares per p, largest p first, with p_c', async () => {
    const sh = await open()
    const events = ended(sh)
    const { id } = await sh.service.startCensus({ group: '11', restarts: 4, pScan: [0.5, 1, 0.8] })
    expect((await events).at(-1)).toMatchObject({ status: 'done', done: 12, total: 12 })
    const c = await sh.service.getCensus({ id })
    expect(c.result).toBeNull()
    expect(c.scan!.points.map((q) => q.p)).toEqual([1, 0.8, 0.5])
    expect(c.scan!.points[0].feature_share).toBe(1)
    expect(c.scan!.p_c).toBeCloseTo(2.7482 * Math.log(11) / 11, 6)
    for (const q of c.scan!.points) expect(q.feature_share + q.memorization_share + q.mixed_share).toBeCloseTo(1, 9)
  })
})
