// Copies of the store: an online backup a user asks for (`li2 db backup`), the automatic copy kept before every schema
// migration, and a full check (`li2 db check`). A copy is written beside its target and renamed into place, so a reader
// of the target never sees half a database.
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { ValidationError } from '../core/errors'
import type { Db } from './sql'

/** How many pre-migration copies (`<db>.v<N>.bak`) are kept; older ones are removed once a newer one is written. */
export const MIGRATION_BACKUPS_KEPT = 2

/** What a backup wrote. */
export interface BackupResult {
  path: string
  bytes: number
  pages: number
}

/** What `checkDatabase` found: `ok` when integrity_check and foreign_key_check report nothing. */
export interface CheckResult {
  path: string
  ok: boolean
  /** The schema version (PRAGMA user_version). */
  version: number
  /** Every problem found, at most 20: integrity_check's lines, then broken references. */
  problems: string[]
  runs: number
  metrics: number
  bytes: number
}

/** Refuses a backup target that exists (unless `force`) or lies in a missing folder; returns it absolute. */
function checkTarget(source: string, dest: string, force: boolean): string {
  if (typeof dest !== 'string' || dest.trim() === '') throw new ValidationError('PATH', 'must be the file to write the backup to')
  const abs = path.resolve(dest)
  if (abs === path.resolve(source)) throw new ValidationError('PATH', `${abs} is the database itself; give another file`)
  if (!fs.existsSync(path.dirname(abs))) throw new ValidationError('PATH', `folder ${path.dirname(abs)} does not exist`)
  if (fs.existsSync(abs)) {
    if (fs.statSync(abs).isDirectory()) throw new ValidationError('PATH', `${abs} is a folder; give a file name`)
    if (!force) throw new ValidationError('PATH', `${abs} exists; pass --force to replace it`)
  }
  return abs
}

/** SQLite's online backup of `db` into `dest`: it copies a consistent snapshot page by page while other connections
 *  keep writing (a page written meanwhile restarts the copy of that page), so it is safe during runs and sweeps. */
export async function backupDatabase(db: Db, dest: string, force = false): Promise<BackupResult> {
  const abs = checkTarget(db.name, dest, force)
  const partial = `${abs}.partial-${process.pid}`
  try {
    const { totalPages } = await db.backup(partial)
    fs.renameSync(partial, abs)
    return { path: abs, bytes: fs.statSync(abs).size, pages: totalPages }
  } finally {
    fs.rmSync(partial, { force: true })
  }
}

/** Writes `<file>.v<version>.bak`, a copy of the store as it is before a migration from `version`, and keeps only the
 *  newest MIGRATION_BACKUPS_KEPT such copies. VACUUM INTO reads the source only; it needs no lock the writers hold. */
export function backupBeforeMigration(db: Db, file: string, version: number): string {
  const dest = `${file}.v${version}.bak`
  const partial = `${dest}.partial-${process.pid}`
  fs.rmSync(partial, { force: true })
  try {
    db.prepare('VACUUM INTO ?').run(partial)
    fs.renameSync(partial, dest)
  } finally {
    fs.rmSync(partial, { force: true })
  }
  const base = path.basename(file)
  const re = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.v(\\d+)\\.bak$`)
  const old = fs.readdirSync(path.dirname(file)).flatMap((n) => { const m = re.exec(n); return m ? [{ n, v: Number(m[1]) }] : [] })
    .sort((a, b) => b.v - a.v).slice(MIGRATION_BACKUPS_KEPT)
  for (const o of old) fs.rmSync(path.join(path.dirname(file), o.n), { force: true })
  return dest
}

/** A full check of the database at `file` (PRAGMA integrity_check: every page, index and constraint; then
 *  foreign_key_check), read-only: it writes nothing to the file. */
export function checkDatabase(file: string): CheckResult {
  const abs = path.resolve(file)
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new ValidationError('db', `${abs} does not exist or is not a file`)
  let db: Db
  try {
    db = new Database(abs, { readonly: true, fileMustExist: true, timeout: 5000 })
  } catch (e) {
    throw new ValidationError('db', `cannot open ${abs}: ${(e as Error).message}`)
  }
  const problems: string[] = []
  let version = 0, runs = 0, metrics = 0
  try {
    version = db.pragma('user_version', { simple: true }) as number
    const lines = db.prepare('PRAGMA integrity_check(20)').pluck().all() as string[]
    if (!(lines.length === 1 && lines[0] === 'ok')) problems.push(...lines.flatMap((l) => l.split('\n')).filter(Boolean))
    if (problems.length === 0) {
      const refs = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
      for (const r of refs.slice(0, 20 - problems.length)) problems.push(`${r.table} row ${r.rowid} refers to a missing ${r.parent}`)
      const has = (t: string) => db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(t) !== undefined
      if (has('runs')) runs = db.prepare('SELECT count(*) FROM runs').pluck().get() as number
      if (has('metrics')) metrics = db.prepare('SELECT count(*) FROM metrics').pluck().get() as number
    }
  } catch (e) {
    problems.push((e as Error).message)
  } finally {
    db.close()
  }
  return { path: abs, ok: problems.length === 0, version, problems: problems.slice(0, 20), runs, metrics, bytes: fs.statSync(abs).size }
}
