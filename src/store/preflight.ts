// What openStore checks before it writes a byte: that the file is ours (application_id, or a pre-application_id Li2
// store known by its tables), not newer than this code, and not damaged (quick_check). Reads only; a refusal leaves the file as it was.
import { ValidationError } from '../core/errors'
import type { Db } from './sql'

/** PRAGMA application_id of a Li2 Lab store: "Li2L" in ASCII (0x4C69324C), set by the first migration step that writes. */
export const LI2_APPLICATION_ID = 0x4c69324c

/** The tables a store had at each schema version before application_id was set (v1, v2), to adopt those files. */
const TABLES_AT: Record<number, readonly string[]> = {
  1: ['runs', 'metrics', 'splits', 'checkpoints', 'resume_states', 'spectra'],
  2: ['runs', 'metrics', 'splits', 'checkpoints', 'resume_states', 'spectra', 'sweeps', 'jobs'],
}

/** What preflight found: a new (empty) file or one of our stores at `version`; otherwise it threw. */
export interface Recognised {
  kind: 'empty' | 'li2'
  version: number
}

/** Recognises the file behind `db` without writing to it. Refuses, with ValidationError('db', …) naming the path, another
 *  application's database, a Li2 store whose schema is newer than `known`, and (with `check`) a damaged file: what
 *  quick_check reports (it reads every page). */
export function preflight(db: Db, known: number, check = true): Recognised {
  const found = recognise(db, known)
  if (found.version > known) {
    refuse(db, `has schema v${found.version}, newer than this Li2 Lab understands (v${known}); open it with a newer Li2 Lab`)
  }
  const problems = check ? quickCheck(db) : []
  if (problems.length) throw damagedError(db.name, `quick_check: ${problems.join('; ')}`)
  return found
}

function recognise(db: Db, known: number): Recognised {
  const appId = read(db, () => db.pragma('application_id', { simple: true }) as number)
  const version = read(db, () => db.pragma('user_version', { simple: true }) as number)
  if (appId === LI2_APPLICATION_ID) return { kind: 'li2', version }
  const hex = `0x${(appId >>> 0).toString(16).padStart(8, '0')}`
  if (appId !== 0) refuse(db, `is not a Li2 Lab database (it belongs to another application: application_id ${hex})`)
  const tables = read(db, () => db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`).pluck().all() as string[])
  if (tables.length === 0 && version === 0) return { kind: 'empty', version: 0 }
  // a store made before application_id was set: its version's tables are all there (a newer one is refused by the caller)
  const expected = TABLES_AT[Math.min(version, known)] ?? TABLES_AT[2]
  if (version >= 1 && expected.every((t) => tables.includes(t))) return { kind: 'li2', version }
  const shown = tables.length ? `tables ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}` : 'no tables'
  refuse(db, `is not a Li2 Lab database (${shown}, user_version ${version})`)
}

/** The problems PRAGMA quick_check reports (empty when the file is sound), at most 3. */
function quickCheck(db: Db): string[] {
  const rows = read(db, () => db.prepare('PRAGMA quick_check(3)').pluck().all() as string[])
  if (rows.length === 1 && rows[0] === 'ok') return []
  return rows.flatMap((r) => r.split('\n')).filter((l) => l && !l.startsWith('*** in database')).slice(0, 3)
}

/** Whether a SQLite error says the file is damaged ("malformed", "not a database"). */
export function isDamage(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'))
}

/** The error for a damaged file, saying what to do about it. */
export function damagedError(file: string, detail: string): ValidationError {
  return new ValidationError('db', `${file} is damaged (${detail}); nothing was changed. Restore it from a backup, or copy out ` +
    `what is readable with \`sqlite3 ${shellQuote(file)} .recover | sqlite3 ${shellQuote(file + '.recovered')}\` and open the recovered file`)
}

function refuse(db: Db, why: string): never {
  throw new ValidationError('db', `${db.name} ${why}; nothing was changed`)
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
}

/** Runs a read; SQLite's "malformed" or "not a database" errors become the damaged-file error. */
function read<T>(db: Db, f: () => T): T {
  try {
    return f()
  } catch (e) {
    if (isDamage(e)) throw damagedError(db.name, (e as Error).message)
    throw e
  }
}
