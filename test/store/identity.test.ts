// Which SQLite files are ours: a new file is initialised and stamped (application_id); an older Li2 store without the stamp
// is adopted; another application's database and a newer store are refused by name and left byte-identical.
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/core/errors'
import { migrate, openStore, SCHEMA_VERSION } from '../../src/store'
import { cleanupTmp, config, refusal, tmpDb, tmpDir } from './helpers'

afterAll(cleanupTmp)

const LI2_APPLICATION_ID = 0x4c69324c // "Li2L", as docs/STORE.md says


/** Everything in the file's folder, byte for byte (a refused open must not add -wal/-shm files either). */
const snapshot = (file: string) => Object.fromEntries(fs.readdirSync(path.dirname(file)).sort().map((n) => [n, fs.readFileSync(path.join(path.dirname(file), n)).toString('base64')]))

const pragma = (file: string, name: string) => {
  const db = new Database(file, { readonly: true })
  try { return db.pragma(name, { simple: true }) } finally { db.close() }
}

describe('recognising our store', () => {
  it('stamps a new file with application_id', () => {
    const file = tmpDb()
    openStore(file).close()
    expect(pragma(file, 'application_id')).toBe(LI2_APPLICATION_ID)
  })

  it('initialises an existing empty file', () => {
    const file = path.join(tmpDir(), 'empty.sqlite')
    fs.writeFileSync(file, '')
    const store = openStore(file)
    expect(store.createRun(config())).toBe(1)
    store.close()
    expect(pragma(file, 'application_id')).toBe(LI2_APPLICATION_ID)
  })

  it('adopts a Li2 store written before application_id, keeping its runs', () => {
    for (const version of [1, 2]) {
      const file = tmpDb()
      const old = new Database(file)
      migrate(old, version)
      old.pragma('application_id = 0')
      old.prepare(`INSERT INTO runs (id, created_at, updated_at, status, config) VALUES (3, 1, 1, 'finished', ?)`).run(JSON.stringify(config()))
      old.close()
      const store = openStore(file)
      expect(store.listRuns().map((r) => [r.id, r.status])).toEqual([[3, 'finished']])
      store.close()
      expect(pragma(file, 'application_id')).toBe(LI2_APPLICATION_ID)
      expect(pragma(file, 'user_version')).toBe(SCHEMA_VERSION)
    }
  })
})

describe('refusing files that are not ours, untouched', () => {
  it("another application's database (no application_id): named, byte-identical, still in its journal mode", () => {
    const file = path.join(tmpDir(), 'other-app.sqlite')
    const db = new Database(file)
    db.exec(`CREATE TABLE contacts (name TEXT, phone TEXT); INSERT INTO contacts VALUES ('ada', '123')`)
    db.close()
    const before = snapshot(file)
    const e = refusal(file)
    expect(e.rule).toMatch(/is not a Li2 Lab database \(tables contacts, user_version 0\); nothing was changed/)
    expect(snapshot(file)).toEqual(before)
    expect(pragma(file, 'journal_mode')).toBe('delete')
    expect(pragma(file, 'user_version')).toBe(0)
  })

  it('a database stamped with another application_id, even with tables named like ours', () => {
    const file = path.join(tmpDir(), 'stamped.sqlite')
    const db = new Database(file)
    db.pragma('application_id = 1234')
    db.exec('CREATE TABLE runs (id INTEGER PRIMARY KEY)')
    db.close()
    const before = snapshot(file)
    expect(refusal(file).rule).toMatch(/another application: application_id 0x000004d2/)
    expect(snapshot(file)).toEqual(before)
  })

  it('an empty database that another program numbered (user_version set, no tables)', () => {
    const file = path.join(tmpDir(), 'numbered.sqlite')
    const db = new Database(file)
    db.pragma('user_version = 7')
    db.close()
    const before = snapshot(file)
    expect(refusal(file).rule).toMatch(/not a Li2 Lab database \(no tables, user_version 7\)/)
    expect(snapshot(file)).toEqual(before)
  })

  it('a Li2 store of a newer schema: both versions named, refused before its journal mode is touched', () => {
    const file = tmpDb()
    const db = new Database(file)
    migrate(db)
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    expect(pragma(file, 'journal_mode')).toBe('delete') // written by a (future) Li2 that did not switch to WAL yet
    const before = snapshot(file)
    expect(refusal(file).rule).toContain(`has schema v${SCHEMA_VERSION + 1}, newer than this Li2 Lab understands (v${SCHEMA_VERSION})`)
    expect(snapshot(file)).toEqual(before)
    expect(pragma(file, 'journal_mode')).toBe('delete')
  })
})
