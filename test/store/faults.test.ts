// The store under faults: a truncated file, a full disk, a read-only store, the online backup (while another process
// writes), the rolling copy kept before each migration, and `li2 db check|backup`. (A newer schema: identity.test.ts;
// damaged pages: corruption.test.ts.)
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createService } from '../../src/api/service'
import { failureMessage, runTrainJob } from '../../src/runner/trainJob'
import { checkDatabase, migrate, openStore, SCHEMA_VERSION } from '../../src/store'
import { cleanupTmp, config, exited, refusal, spawnFixture, tmpDb } from './helpers'

afterAll(cleanupTmp)

const LI2 = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/li2.mjs')
const li2 = (args: string[]) => spawnSync(process.execPath, [LI2, ...args], { encoding: 'utf8', timeout: 60_000 })

function storeWithRuns(runs = 3, epochs = 400): string {
  const file = tmpDb()
  const s = openStore(file)
  for (let r = 0; r < runs; r++) {
    const id = s.createRun(config({ seed: r }))
    s.appendMetrics(id, Array.from({ length: epochs }, (_, e) => ({ epoch: e, train_loss: 1 / (e + 1), test_acc: e / epochs })))
    s.setStatus(id, 'finished')
  }
  s.close()
  return file
}

describe('store faults', () => {
  it('a truncated file is refused at open with its path and the way out, and left as it was', () => {
    const file = storeWithRuns()
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2))
    const before = fs.readFileSync(file)
    const e = refusal(file)
    expect(e.rule).toContain(`${file} is damaged (`)
    expect(e.rule).toContain('Restore it from a backup')
    expect(fs.readFileSync(file).equals(before)).toBe(true)
    expect(fs.existsSync(file + '-wal')).toBe(false)
    // li2 db check says so too, exit 1, and writes nothing
    const r = li2(['db', 'check', '--db', file])
    expect(r.status, r.stderr).toBe(1)
    expect(r.stdout).toContain(`${file}: damaged`)
    expect(fs.readFileSync(file).equals(before)).toBe(true)
  })

  it('a full disk fails the write that did not fit with SQLITE_FULL; every committed row stays readable', () => {
    const file = storeWithRuns(1, 10)
    const s = openStore(file, { maxPages: 0 })
    const pages = (new Database(file, { readonly: true })).pragma('page_count', { simple: true }) as number
    s.close()
    const full = openStore(file, { maxPages: pages + 2 })
    const id = full.createRun(config({ seed: 9 }))
    let committed = 0
    let err: unknown = null
    for (let b = 0; b < 200 && !err; b++) {
      try {
        full.appendMetrics(id, Array.from({ length: 50 }, (_, i) => ({ epoch: b * 50 + i, train_loss: 0.5, test_acc: 0.1 })))
        committed += 50
      } catch (e) { err = e }
    }
    expect((err as { code?: string }).code).toBe('SQLITE_FULL')
    expect(committed).toBeGreaterThan(0)
    // the run that could not write is failed with the reason (an in-place update fits on a full disk)
    expect(full.setStatus(id, 'failed', `disk full: ${(err as Error).message}`)).toBe(true)
    full.close()
    const again = openStore(file)
    expect(again.getRun(id)).toMatchObject({ status: 'failed', error: 'disk full: database or disk is full' })
    expect(again.getMetrics(id).epoch).toHaveLength(committed) // the failed batch left nothing half-written
    expect(again.getMetrics(1).epoch).toHaveLength(10)
    again.close()
    expect(checkDatabase(file).ok).toBe(true)
  })

  it('a run whose store fills up mid-training fails with the reason; the epochs it stored are whole and readable', async () => {
    const file = storeWithRuns(1, 10)
    const probe = new Database(file, { readonly: true })
    const pages = probe.pragma('page_count', { simple: true }) as number
    probe.close()
    const s = openStore(file, { maxPages: pages + 40 })
    const id = s.createRun(config({ group: '7', hidden: 16, epochs: 3000, checkpoints: 60, diagEvery: 1000, resumeEvery: 20, backend: 'cpu' }))
    const err = await runTrainJob(s, id).then(() => null, (e: unknown) => e)
    expect((err as { code?: string })?.code).toBe('SQLITE_FULL')
    const why = failureMessage(err, id)
    expect(why).toBe(`the disk is full (database or disk is full): run ${id} stopped; every epoch stored before is kept. Free some space, then resume it (li2 resume ${id})`)
    expect(s.setStatus(id, 'failed', why)).toBe(true) // what the training worker does with it
    s.close()
    const again = openStore(file)
    expect(again.getRun(id)).toMatchObject({ status: 'failed', error: why })
    const epochs = again.getMetrics(id).epoch!
    expect(epochs.length).toBeGreaterThan(0)
    expect(epochs.length).toBeLessThan(3000)
    expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, e) => e)) // no gap, no half batch
    again.close()
    expect(checkDatabase(file).ok).toBe(true)
  })

  it('a read-only store opens for browsing, writes nothing, and every start says why', async () => {
    const file = storeWithRuns(2, 20)
    const before = fs.readFileSync(file)
    const s = openStore(file, { readOnly: true })
    expect(s.readOnly).toBe(`${file} was opened read-only`)
    expect(s.listRuns().map((r) => r.id)).toEqual([2, 1])
    expect(() => s.createRun(config())).toThrow(/readonly/)
    s.close()
    const h = await createService({ dbPath: file, readOnly: true })
    try {
      expect((await h.service.listRuns({})).length).toBe(2)
      expect((await h.service.getMetrics({ id: 1 })).epoch).toHaveLength(20)
      await expect(h.service.startRun({ config: { group: '5', epochs: 1 } })).rejects.toMatchObject({ code: 'forbidden', field: 'db', message: expect.stringContaining(`${file} was opened read-only: it can be browsed, but nothing can be started`) })
      await expect(h.service.deleteRun({ id: 1 })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('nothing can be started or changed') })
    } finally { await h.close() }
    expect(fs.readFileSync(file).equals(before)).toBe(true)
  })

  it('a read-only store of an older schema is refused (it cannot be upgraded), unchanged', () => {
    const file = tmpDb()
    const db = new Database(file)
    migrate(db, SCHEMA_VERSION - 1)
    db.close()
    const before = fs.readFileSync(file)
    expect(() => openStore(file, { readOnly: true })).toThrow(`has schema v${SCHEMA_VERSION - 1}, older than this Li2 Lab's (v${SCHEMA_VERSION})`)
    expect(fs.readFileSync(file).equals(before)).toBe(true)
  })
})

describe('backups', () => {
  it('each migration first keeps a copy of the store as it was (the newest two)', () => {
    const file = tmpDb()
    const db = new Database(file)
    migrate(db, SCHEMA_VERSION - 2)
    db.prepare(`INSERT INTO runs (created_at, updated_at, status, config) VALUES (1, 1, 'finished', '{}')`).run()
    db.close()
    openStore(file).close() // v(N-2) → vN in one open: one copy, of v(N-2)
    const bak = `${file}.v${SCHEMA_VERSION - 2}.bak`
    const copy = new Database(bak, { readonly: true })
    expect(copy.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION - 2)
    expect(copy.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1)
    copy.close()
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.endsWith('.bak'))).toEqual([path.basename(bak)])
    openStore(file).close() // no migration, no new copy
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.endsWith('.bak'))).toHaveLength(1)
    // older copies roll off: at most two are kept
    for (const v of [0, 1]) fs.writeFileSync(`${file}.v${v}.bak`, 'old')
    const d2 = new Database(file); d2.pragma(`user_version = ${SCHEMA_VERSION - 1}`); d2.close() // pretend the last step is pending again
    try { openStore(file).close() } catch { /* re-running a released step on its own tables may fail; the copy is made first */ }
    const left = fs.readdirSync(path.dirname(file)).filter((n) => n.endsWith('.bak')).sort()
    expect(left).toEqual([`li2.sqlite.v${SCHEMA_VERSION - 2}.bak`, `li2.sqlite.v${SCHEMA_VERSION - 1}.bak`])
  })

  it('li2 db backup copies a consistent store while another process writes to it; li2 db check passes on the copy', async () => {
    const file = storeWithRuns(1, 10)
    const writer = spawnFixture('writer', [file, '100000']) // appends metrics batch after batch, committing each
    let out = ''
    await new Promise<void>((resolve) => writer.stdout!.on('data', (d) => { out += d; if (/batch \d+/.test(out)) resolve() }))
    const dest = path.join(path.dirname(file), 'copy.sqlite')
    const r = li2(['db', 'backup', dest, '--db', file])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/backed up .* to .*copy\.sqlite \(\d+ pages, \d+ bytes, \d+ runs, \d+ metric rows; checked\)/)
    writer.kill('SIGKILL')
    await exited(writer)
    const c = checkDatabase(dest)
    expect(c).toMatchObject({ ok: true, version: SCHEMA_VERSION })
    expect(c.runs).toBeGreaterThanOrEqual(2)
    expect(c.metrics % 10).toBe(0) // whole batches only (10 in the first run, 10 per batch): a snapshot between commits
    expect(li2(['db', 'check', '--db', dest]).stdout).toMatch(/: ok \(schema v\d+, \d+ runs/)
    const again = li2(['db', 'backup', dest, '--db', file])
    expect(again.status).toBe(2)
    expect(again.stderr).toMatch(/copy\.sqlite exists; pass --force to replace it/)
  })
})
