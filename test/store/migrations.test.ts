// Migrations: a fresh database reaches the latest schema; a v1 database upgrades with its data intact; a newer one is refused.
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/core/errors'
import { migrate, openStore, schemaVersion, SCHEMA_VERSION } from '../../src/store'
import { cleanupTmp, config, tmpDb } from './helpers'

afterAll(cleanupTmp)

const tables = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[])

describe('migrations', () => {
  it('builds the latest schema from an empty file, with WAL and foreign keys', () => {
    const file = tmpDb()
    openStore(file).close()
    const db = new Database(file)
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2)
    expect(tables(db)).toEqual(['checkpoints', 'jobs', 'metrics', 'resume_states', 'runs', 'spectra', 'splits', 'sweeps'])
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })

  it('upgrades a v1 database and keeps its runs and metrics', () => {
    const file = tmpDb()
    const v1 = new Database(file)
    expect(migrate(v1, 1)).toBe(1)
    expect(tables(v1)).not.toContain('jobs')
    v1.prepare(`INSERT INTO runs (id, created_at, updated_at, status, config, group_name, seed) VALUES (7, 1, 1, 'finished', ?, '71', 3)`)
      .run(JSON.stringify(config({ seed: 3 })))
    v1.prepare('INSERT INTO metrics (run_id, epoch, train_loss, test_acc) VALUES (7, 0, 0.5, 0.25), (7, 1, 0.4, 0.5)').run()
    v1.close()

    const store = openStore(file)
    const run = store.getRun(7)!
    expect(run.status).toBe('finished')
    expect(run.config.seed).toBe(3)
    expect(run.sweepId).toBeNull()
    expect(store.getMetrics(7, { columns: ['train_loss', 'test_acc'] })).toEqual({ epoch: [0, 1], train_loss: [0.5, 0.4], test_acc: [0.25, 0.5] })
    // the v2 tables work on the upgraded file
    const sweep = store.createSweep('s', { grid: {} })
    expect(store.enqueueJobs([{ config: config() }], sweep).added).toHaveLength(1)
    store.updateRun(7, { sweepId: sweep })
    expect(store.listRuns({ sweepId: sweep }).map((r) => r.id)).toEqual([7])
    store.close()
  })

  it('refuses a database from a newer schema, naming the db', () => {
    const file = tmpDb()
    const db = new Database(file)
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    expect(() => openStore(file)).toThrow(ValidationError)
    try {
      openStore(file)
    } catch (e) {
      expect((e as ValidationError).field).toBe('db')
      expect((e as ValidationError).rule).toMatch(/newer/)
    }
  })

  it('two openers migrating the same new file at once both succeed', async () => {
    const file = tmpDb()
    const [a, b] = [openStore(file), openStore(file)]
    expect(a.createRun(config())).toBe(1)
    expect(b.getRun(1)).not.toBeNull()
    a.close()
    b.close()
  })
})
