// The censuses table: a census round-trips with its inputs, result, scan and maximisers; only a running census takes
// progress or an outcome; one whose process died reads as failed; the v5 migration keeps an older store's runs.
import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { CENSUS_STATUSES as CONTRACT_STATUSES } from '../../src/api/contract'
import { CENSUS_STATUSES, migrate, openStore, SCHEMA_VERSION } from '../../src/store'
import { cleanupTmp, tmpDb } from './helpers'

afterEach(cleanupTmp)

describe('censuses', () => {
  it('has the statuses the contract lists', () => { expect([...CONTRACT_STATUSES]).toEqual([...CENSUS_STATUSES]) })

  it('round-trips inputs, result, scan and weights; lists newest first', () => {
    const store = openStore(tmpDb())
    const inputs = { group: '11', trainFrac: 1, act: 'sqr', restarts: 4, seed: 3, maxSteps: 500 }
    const a = store.createCensus({ groupName: 'Z_11', inputs, total: 4 })
    const b = store.createCensus({ groupName: 'Z_13', inputs: { ...inputs, group: '13' }, total: 4 })
    expect(b).toBeGreaterThan(a)
    store.setCensusProgress(a, 2)
    expect(store.getCensus(a)).toMatchObject({ status: 'running', done: 2, total: 4, inputs, groupName: 'Z_11', result: null })
    const result = { group: 'Z_11', maxima: [{ E: 2.75, irrep: 'k=1' }], feature_share: 1 }
    const weights = [[0.5, -0.25, 0.125]]
    expect(store.finishCensus(a, { result, scan: null, weights })).toBe(true)
    const got = store.getCensus(a)!
    expect(got).toMatchObject({ status: 'done', done: 4, result, scan: null, error: null })
    expect(got.finishedAt).toBeGreaterThan(0)
    expect(store.getCensusWeights(a)).toEqual(weights)
    expect(store.listCensuses().map((c) => c.id)).toEqual([b, a])
    // a finished census takes no more progress or outcome
    store.setCensusProgress(a, 1)
    expect(store.getCensus(a)!.done).toBe(4)
    expect(store.endCensus(a, 'cancelled')).toBe(false)
    expect(store.endCensus(b, 'cancelled')).toBe(true)
    expect(store.finishCensus(b, { result, scan: null, weights })).toBe(false)
    expect(store.getCensus(b)).toMatchObject({ status: 'cancelled', result: null })
    expect(store.deleteCensus(b)).toBe(true)
    expect(store.getCensus(b)).toBeNull()
    store.close()
  })

  it('marks a running census of a dead process failed on the next read', () => {
    const file = tmpDb()
    const store = openStore(file)
    const id = store.createCensus({ groupName: 'Z_5', inputs: { group: '5' }, total: 2 })
    store.close()
    const db = new Database(file)
    db.prepare('UPDATE censuses SET owner_pid = 2147483646 WHERE id = ?').run(id) // no such process
    db.close()
    const again = openStore(file)
    expect(again.getCensus(id)).toMatchObject({ status: 'failed', error: 'interrupted: the process running it exited' })
    again.close()
  })

  it('v5 adds the table to a v4 store and keeps its runs', () => {
    const file = tmpDb()
    const db = new Database(file)
    migrate(db, 4)
    db.prepare(`INSERT INTO runs (created_at, updated_at, status, config) VALUES (1, 1, 'finished', '{"group":"5"}')`).run()
    db.close()
    const store = openStore(file)
    expect(store.listCensuses()).toEqual([])
    expect(store.createCensus({ groupName: 'Z_5', inputs: {}, total: 1 })).toBe(1)
    store.close()
    const raw = new Database(file)
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(raw.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(1)
    raw.close()
  })
})
