// A damaged store is refused at open (quick_check), by path and with what to do, and left as it was; one malformed JSON
// cell makes that run unreadable with a reason while the others still list, in the store and in `li2 runs`.
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/core/errors'
import { openStore } from '../../src/store'
import { cleanupTmp, config, refusal, tmpDb } from './helpers'

afterAll(cleanupTmp)

const LI2 = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/li2.mjs')
const li2 = (args: string[]) => spawnSync(process.execPath, [LI2, ...args], { encoding: 'utf8', timeout: 60_000 })

/** A closed store (WAL checkpointed into the file) with three finished runs of 400 epochs each. */
function storeWithRuns(): string {
  const file = tmpDb()
  const s = openStore(file)
  for (let r = 0; r < 3; r++) {
    const id = s.createRun(config({ seed: r }))
    s.appendMetrics(id, Array.from({ length: 400 }, (_, e) => ({ epoch: e, train_loss: 1 / (e + 1), test_acc: e / 400 })))
    s.setStatus(id, 'finished')
  }
  s.close()
  expect(fs.existsSync(file + '-wal')).toBe(false)
  return file
}

/** Overwrites `len` bytes at `offset` of page `page` (1-based), as a bad disk sector or a stray write would. */
function damage(file: string, page: number, offset: number, len: number): void {
  const db = new Database(file, { readonly: true })
  const size = db.pragma('page_size', { simple: true }) as number
  db.close()
  const fd = fs.openSync(file, 'r+')
  fs.writeSync(fd, Buffer.alloc(len, 0xa5), 0, len, (page - 1) * size + offset)
  fs.closeSync(fd)
}

function pageOf(file: string, query: string, ...args: unknown[]): number {
  const db = new Database(file, { readonly: true })
  try { return db.prepare(query).pluck().get(...args) as number } finally { db.close() }
}


describe('a damaged store', () => {
  it('a damaged data page is refused at open, naming the path, the damage and the way out; nothing is written', () => {
    const file = storeWithRuns()
    damage(file, pageOf(file, `SELECT pageno FROM dbstat WHERE name = 'metrics' AND pagetype = 'leaf' LIMIT 1 OFFSET 2`), 8, 40)
    const before = fs.readFileSync(file)
    const e = refusal(file)
    expect(e.rule).toContain(`${file} is damaged (quick_check: Tree `)
    expect(e.rule).toMatch(/Restore it from a backup, or copy out what is readable with `sqlite3 .* \.recover \| sqlite3 /)
    expect(fs.readFileSync(file).equals(before)).toBe(true)
  })

  it('a damaged root page is refused the same way, and `li2 runs` says so without a stack trace (exit 2)', () => {
    const file = storeWithRuns()
    damage(file, pageOf(file, `SELECT rootpage FROM sqlite_schema WHERE name = 'runs'`), 0, 16)
    expect(refusal(file).rule).toContain(`${file} is damaged (quick_check: `)
    const r = li2(['runs', '--db', file])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^li2: db: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged`))
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('a file whose first page is garbage is refused as damaged', () => {
    const file = storeWithRuns()
    damage(file, 1, 100, 200) // past the 100-byte header: the schema page itself
    expect(refusal(file).rule).toMatch(/is damaged \(/)
  })
})

describe('a malformed JSON cell', () => {
  it('makes that one run unreadable with a reason; the others list, in the store and in `li2 runs`', () => {
    const file = storeWithRuns()
    const db = new Database(file)
    db.prepare(`UPDATE runs SET config = '{"group": "23", "hid' WHERE id = 2`).run()
    db.prepare(`UPDATE runs SET summary = 'nope' WHERE id = 3`).run()
    db.prepare(`INSERT INTO metrics (run_id, epoch, extra) VALUES (1, 400, '{bad')`).run()
    db.close()

    const store = openStore(file)
    const runs = store.listRuns()
    expect(runs.map((r) => r.id)).toEqual([3, 2, 1])
    const [r3, r2, r1] = runs
    expect(r2.unreadable).toMatch(/^config: not valid JSON \(/)
    expect(r2.config).toMatchObject({ group: r2.groupName, seed: 1 }) // what its own columns say
    expect(r3.unreadable).toMatch(/^summary: not valid JSON/)
    expect(r3.config.seed).toBe(2)
    expect(r1.unreadable).toBeNull()
    expect(store.getRun(2)!.unreadable).toBe(r2.unreadable)
    expect(store.getMetrics(1, { columns: ['extra'] }).extra!.at(-1)).toBeNull()
    store.close()

    const r = li2(['runs', '--db', file])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toBe('')
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(5) // header, rule, three runs
    expect(lines.find((l) => /^\s*2 /.test(l))).toMatch(/finished, unreadable: config: not valid JSON/)
    expect(lines.find((l) => /^\s*1 /.test(l))).toMatch(/finished\s+71\s/)
  })
})
