// Where the database lives, and bad paths: ValidationError on 'db' with the path in the rule, and nothing created.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/core/errors'
import { DEFAULT_CONFIG } from '../../src/core/config'
import { defaultDbPath, MEMORY_DB, openStore, userDataDir } from '../../src/store'
import { cleanupTmp, tmpDir } from './helpers'

afterAll(cleanupTmp)

function dbError(fn: () => unknown): ValidationError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError)
    expect((e as ValidationError).field).toBe('db')
    return e as ValidationError
  }
  throw new Error('expected a ValidationError')
}

const listing = (d: string) => fs.readdirSync(d, { recursive: true }).sort()

describe('database location', () => {
  it('follows LI2_DB, then LI2_HOME, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(defaultDbPath({ LI2_DB: '/x/y.sqlite', LI2_HOME: '/h' })).toBe('/x/y.sqlite')
    expect(defaultDbPath({ LI2_HOME: '/h' })).toBe('/h/li2.sqlite')
    expect(userDataDir({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/li2-lab')
    expect(userDataDir({})).toBe(path.join(os.homedir(), '.config', 'li2-lab'))
  })

  it('creates the default folder when it is missing', () => {
    const home = path.join(tmpDir(), 'deep', 'li2home')
    const prev = process.env.LI2_HOME
    const prevDb = process.env.LI2_DB
    process.env.LI2_HOME = home
    delete process.env.LI2_DB
    try {
      const store = openStore()
      expect(store.path).toBe(path.join(home, 'li2.sqlite'))
      store.close()
      expect(fs.existsSync(path.join(home, 'li2.sqlite'))).toBe(true)
    } finally {
      if (prev === undefined) delete process.env.LI2_HOME
      else process.env.LI2_HOME = prev
      if (prevDb !== undefined) process.env.LI2_DB = prevDb
    }
  })
})

describe('in memory', () => {
  it('opens :memory: for throwaway sessions', () => {
    const store = openStore(MEMORY_DB)
    expect(store.getRun(store.createRun({ ...DEFAULT_CONFIG, lrMilestones: [1000] }))!.status).toBe('queued')
    store.close()
  })

  it('refuses :memory: where other threads must open the same database (shared)', () => {
    expect(dbError(() => openStore(MEMORY_DB, { shared: true })).rule).toMatch(/^:memory: cannot be shared with the training worker threads/)
  })
})

describe('bad paths', () => {
  it('an empty path', () => {
    expect(dbError(() => openStore('')).rule).toMatch(/non-empty/)
  })

  it('a missing folder (explicit paths never create folders)', () => {
    const d = tmpDir()
    const file = path.join(d, 'nope', 'li2.sqlite')
    expect(dbError(() => openStore(file)).rule).toContain(path.join(d, 'nope'))
    expect(listing(d)).toEqual([])
  })

  it('a directory', () => {
    const d = tmpDir()
    expect(dbError(() => openStore(d)).rule).toContain(d)
    expect(listing(d)).toEqual([])
  })

  it('a folder that is really a file', () => {
    const d = tmpDir()
    fs.writeFileSync(path.join(d, 'f'), 'x')
    expect(dbError(() => openStore(path.join(d, 'f', 'li2.sqlite'))).rule).toContain(path.join(d, 'f'))
    expect(listing(d)).toEqual(['f'])
  })

  it('a file that is not SQLite is left untouched', () => {
    const d = tmpDir()
    const file = path.join(d, 'notes.txt')
    fs.writeFileSync(file, 'my precious notes, not a database')
    expect(dbError(() => openStore(file)).rule).toContain(file)
    expect(fs.readFileSync(file, 'utf8')).toBe('my precious notes, not a database')
    expect(listing(d)).toEqual(['notes.txt'])
  })

  it.skipIf(process.getuid?.() === 0)('a read-only folder', () => {
    const d = tmpDir()
    fs.chmodSync(d, 0o500)
    try {
      expect(dbError(() => openStore(path.join(d, 'li2.sqlite'))).rule).toMatch(/writable/)
    } finally {
      fs.chmodSync(d, 0o700)
    }
    expect(listing(d)).toEqual([])
  })
})
