// The service methods every host shares (item 11.1): argument schemas refuse by name, a read-only service (workers: 0)
// starts no runner and may use an in-memory store, and each method answers as the CLI command that calls it prints.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, validateCall } from '../../src/api/contract'
import { createService, type ServiceHandle } from '../../src/api/service'
import { resolveConfig } from '../../src/core/config'

let h: ServiceHandle | null = null
afterEach(async () => { await h?.close(); h = null })

/** The ApiError a call rejects with. */
async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try { await p } catch (e) { return e as ApiError }
  throw new Error('expected a refusal')
}

describe('argument schemas of the new methods', () => {
  it('refuse bad arguments by name', () => {
    expect(() => validateCall('getTheory', { id: 1, pairs: 0 })).toThrow('pairs: must be ≥ 1')
    expect(() => validateCall('exportRun', { id: 1, format: 'xml' })).toThrow('format: must be one of csv, json')
    expect(() => validateCall('exportRun', { id: 1 })).toThrow('format: is required')
    expect(() => validateCall('energyCensus', { group: '5', act: 'tanh' })).toThrow('act: must be one of sqr, relu, silu, relusqr')
    expect(() => validateCall('getGroup', {})).toThrow('name: is required')
    expect(() => validateCall('getPhase', { sweep: 'x', use: 'best' })).toThrow('use: must be one of final, max')
    expect(validateCall('sweepStatus', { name: 'tiny' }).method).toBe('sweepStatus')
  })
})

describe('a read-only service (workers: 0)', () => {
  it('opens an in-memory store, starts no runner, and refuses to train by name', async () => {
    h = await createService({ dbPath: ':memory:', workers: 0 })
    expect(await h.service.listRuns({})).toEqual([])
    expect(await h.service.listSweeps({})).toEqual([])
    expect((await refusal(h.service.sweepStatus({}))).toJSON()).toMatchObject({ code: 'not_found', field: 'sweep' })
    expect((await refusal(h.service.startRun({ config: { group: '5', hidden: 8 } }))).toJSON()).toMatchObject({ code: 'invalid', field: 'workers' })
  })

  it('getGroup answers as li2 groups show, for a name and for a Cayley table', async () => {
    h = await createService({ dbPath: ':memory:', workers: 0 })
    const d7 = await h.service.getGroup({ name: 'D7' })
    expect(d7).toMatchObject({ name: 'D7', gap_name: 'D14', order: 14, abelian: false })
    expect(d7.irrep_degrees).toEqual([1, 1, 2, 2, 2])
    const z3 = await h.service.getGroup({ name: 'z3.json', table: '[[0,1,2],[1,2,0],[2,0,1]]' })
    expect(z3).toMatchObject({ order: 3, abelian: true })
    expect((await refusal(h.service.getGroup({ name: 'bad.json', table: '[[0,1],[0,1]]' }))).field).toBe('table')
  })

  it('energyCensus returns the li2 energy --json fields', async () => {
    h = await createService({ dbPath: ':memory:', workers: 0 })
    const c = await h.service.energyCensus({ group: '5', restarts: 2, maxSteps: 500 })
    expect(c).toMatchObject({ command: 'energy', group: expect.any(String), M: 5, act: 'sqr', train_frac: 1, restarts: 2, N: 25 })
    expect(c.maxima.reduce((a, m) => a + m.count, 0)).toBe(2)
    expect((await refusal(h.service.energyCensus({ group: '5', act: 'tanh' }))).field).toBe('act')
  })
})

describe('runs through the service', () => {
  it('getFeatures answers from the nearest stored epoch and says which was asked for; exportRun and getCheckpoint read the store', async () => {
    const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'li2-svc-')), 'lab.sqlite')
    h = await createService({ dbPath: db, workers: 0 })
    const id = h.store.createRun(resolveConfig({ group: '5', hidden: 2 }))
    expect((await refusal(h.service.getFeatures({ id }))).toJSON()).toMatchObject({ code: 'not_found', field: 'epoch' })
    h.store.saveSpectra(id, 0, { group: '5', K: 2 })
    h.store.saveSpectra(id, 10, { group: '5', K: 2 })
    expect(await h.service.getFeatures({ id, epoch: 8 })).toMatchObject({ epoch: 10, requested_epoch: 8, group: '5', K: 2 })
    expect(await h.service.getFeatures({ id, epoch: 0 })).toMatchObject({ epoch: 0, requested_epoch: null })
    expect(await h.service.getFeatures({ id })).toMatchObject({ epoch: 10, requested_epoch: null })
    expect((await h.service.exportRun({ id, format: 'csv' })).text).toMatch(/^epoch,/)
    expect(JSON.parse((await h.service.exportRun({ id, format: 'json' })).text).run.config.hidden).toBe(2)
    expect((await refusal(h.service.getCheckpoint({ id }))).message).toMatch(/^epoch: no checkpoint of run \d+ at latest \(stored: none\)/)
    const Wt = { shape: [10, 2], data: Float32Array.from({ length: 20 }, (_, i) => i / 7) }
    h.store.saveCheckpoint(id, 3, { Wt, V: { shape: [5, 2], data: new Float32Array(10) } })
    const ck = await h.service.getCheckpoint({ id })
    expect(ck).toMatchObject({ runId: id, epoch: 3, status: 'queued' })
    expect(Float32Array.from(ck.tensors.Wt.data)).toEqual(Wt.data) // exact through number[]
    const rec = await h.service.getRunRecord({ id })
    expect(rec).toMatchObject({ id, checkpoints: [3], spectra_epochs: [0, 10], unreadable: null })
    expect((await h.service.listRunRecords({})).map((r) => r.id)).toEqual([id])
    expect((await refusal(h.service.getTheory({ id: id + 1 }))).toJSON()).toMatchObject({ code: 'not_found', field: 'id' })
  })
})
