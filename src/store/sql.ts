// The database handle type and a per-connection cache of prepared statements, shared by the table modules.
import type Database from 'better-sqlite3'

/** An open better-sqlite3 connection. */
export type Db = Database.Database

const cache = new WeakMap<Db, Map<string, Database.Statement>>()

/** Prepares `text` once per connection and reuses it (appendMetrics runs every few epochs for hours). */
export function prep(db: Db, text: string): Database.Statement {
  let m = cache.get(db)
  if (!m) cache.set(db, (m = new Map()))
  let s = m.get(text)
  if (!s) m.set(text, (s = db.prepare(text)))
  return s
}

/** Parses a JSON column, keeping SQL NULL as null. */
export function parseJson<T>(text: unknown): T | null {
  return typeof text === 'string' ? (JSON.parse(text) as T) : null
}

/** Parses a JSON column without throwing: SQL NULL is null; a malformed cell gives `error` (for the row's `unreadable`). */
export function readJson<T>(text: unknown, column: string): { value: T | null; error: string | null } {
  if (text === null || text === undefined) return { value: null, error: null }
  if (typeof text !== 'string') return { value: null, error: `${column}: holds a ${typeof text}, not JSON text` }
  try {
    return { value: JSON.parse(text) as T, error: null }
  } catch (e) {
    return { value: null, error: `${column}: not valid JSON (${(e as Error).message})` }
  }
}

/** Serializes a value for a JSON column; undefined and null become SQL NULL. */
export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value)
}
