// Migrations: a fresh database reaches the latest schema; v1 and v2 databases upgrade with their data and ids intact;
// ids are never reused (v3); a newer one is refused.
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/core/errors'
import { encodeTensors, migrate, openStore, schemaVersion, SCHEMA_VERSION } from '../../src/store'
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
    expect(tables(db)).toEqual(['censuses', 'checkpoints', 'jobs', 'metrics', 'notes_entries', 'notes_fts', 'notes_fts_config', 'notes_fts_data', 'notes_fts_docsize',
      'notes_fts_idx', 'notes_run_refs', 'resume_states', 'run_tags', 'runs', 'spectra', 'splits', 'sqlite_sequence', 'sweeps']) // v6: the notebook and its FTS5 index
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

  it('refuses a database from a newer schema, naming the db and both versions', () => {
    const file = tmpDb()
    openStore(file).close()
    const db = new Database(file)
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    expect(() => openStore(file)).toThrow(ValidationError)
    try {
      openStore(file)
    } catch (e) {
      expect((e as ValidationError).field).toBe('db')
      expect((e as ValidationError).rule).toContain(file)
      expect((e as ValidationError).rule).toContain(`schema v${SCHEMA_VERSION + 1}, newer than this Li2 Lab understands (v${SCHEMA_VERSION})`)
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

  it('upgrades a v2 database to AUTOINCREMENT ids, keeping every row, id and reference', () => {
    const file = tmpDb()
    const v2 = new Database(file)
    v2.pragma('foreign_keys = ON')
    expect(migrate(v2, 2)).toBe(2)
    v2.pragma('application_id = 0') // as a v2 store was written, before application_id
    const cfg = JSON.stringify(config())
    v2.prepare(`INSERT INTO sweeps (id, name, spec, created_at) VALUES (4, 'sw', '{}', 1)`).run()
    for (const id of [2, 5, 9]) {
      v2.prepare(`INSERT INTO runs (id, created_at, updated_at, status, config, sweep_id) VALUES (?, 1, 1, 'finished', ?, ?)`).run(id, cfg, id === 5 ? 4 : null)
      v2.prepare('INSERT INTO metrics (run_id, epoch, train_loss) VALUES (?, 0, ?)').run(id, id / 10)
      v2.prepare('INSERT INTO splits (run_id, n_train, n_test, train, test) VALUES (?, 1, 1, ?, ?)').run(id, Buffer.alloc(4), Buffer.alloc(4))
      v2.prepare(`INSERT INTO checkpoints (run_id, epoch, tensors, created_at) VALUES (?, 0, ?, 1)`).run(id, encodeTensors({}))
      v2.prepare('INSERT INTO resume_states (run_id, epoch, state, updated_at) VALUES (?, 0, ?, 1)').run(id, encodeTensors({}, { step: id }))
      v2.prepare(`INSERT INTO spectra (run_id, epoch, data) VALUES (?, 0, '[1]')`).run(id)
    }
    v2.prepare(`INSERT INTO jobs (id, sweep_id, run_id, config, key, status, created_at) VALUES (7, 4, 5, ?, 'k5', 'done', 1), (8, 4, NULL, ?, 'k6', 'queued', 1)`).run(cfg, cfg)
    v2.close()

    const store = openStore(file)
    expect(store.listRuns().map((r) => [r.id, r.sweepId])).toEqual([[9, null], [5, 4], [2, null]])
    expect(store.listJobs().map((j) => [j.id, j.runId, j.sweepId])).toEqual([[7, 5, 4], [8, null, 4]])
    for (const id of [2, 5, 9]) {
      expect(store.getMetrics(id, { columns: ['train_loss'] })).toEqual({ epoch: [0], train_loss: [id / 10] })
      expect(store.getSplit(id)).not.toBeNull()
      expect(store.listCheckpoints(id)).toEqual([0])
      expect(store.getResumeState(id)!.meta).toEqual({ step: id })
      expect(store.listSpectraEpochs(id)).toEqual([0])
    }
    // references still act: deleting a run cascades and detaches its job; deleting a sweep detaches its runs
    store.deleteRun(5)
    expect(store.getMetrics(5).epoch).toEqual([])
    expect(store.getSplit(5)).toBeNull()
    expect(store.listJobs()[0].runId).toBeNull()
    expect(store.createRun(config())).toBe(10) // not 5, and never 9 again
    store.close()
    const db = new Database(file)
    expect(db.pragma('foreign_key_check')).toEqual([])
    expect(db.prepare(`SELECT sql FROM sqlite_schema WHERE name IN ('runs', 'jobs', 'sweeps')`).pluck().all().every((t) => /AUTOINCREMENT/.test(t as string))).toBe(true)
    expect(db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all())
      .toEqual(['censuses_status', 'jobs_status', 'jobs_sweep', 'notes_entries_topic', 'notes_entries_updated', 'notes_run_refs_run', 'run_tags_tag', 'runs_deleted', 'runs_status', 'runs_sweep']) // v4 adds run_tags_tag and runs_deleted, v5 censuses_status, v6 the notebook's
    db.close()
  })

  it('never reuses the id of a deleted run, sweep or job (the newest one included)', () => {
    const store = openStore(tmpDb())
    const a = store.createRun(config())
    const b = store.createRun(config())
    store.deleteRun(b)
    const c = store.createRun(config())
    expect(c).toBeGreaterThan(b)
    store.deleteRun(c)
    store.deleteRun(a)
    expect(store.createRun(config())).toBeGreaterThan(c)
    const s = store.createSweep('one', {})
    const [j] = store.enqueueJobs([{ config: config(), key: 'x' }], s).added
    store.deleteSweep(s)
    const s2 = store.createSweep('two', {})
    expect(s2).toBeGreaterThan(s)
    expect(store.enqueueJobs([{ config: config(), key: 'x' }], s2).added[0]).toBeGreaterThan(j)
    store.close()
  })
})
