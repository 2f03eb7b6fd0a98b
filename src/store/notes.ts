// The lab notebook's tables: dated markdown entries with a topic and tags, their full-text index (FTS5, kept in step
// by the v6 triggers) and the runs each entry embeds (so deleting a run can say which entries show it).
import { type Db, prep } from './sql'

/** One notebook entry as stored (tags parsed, the runs it embeds listed). */
export interface NoteRow {
  id: number
  createdAt: number
  updatedAt: number
  title: string
  topic: string
  body: string
  tags: string[]
  runIds: number[]
}

/** What a writer gives: the text, and the runs its embeds name (the service parses them from the body). */
export interface NoteInput { title: string; topic: string; body: string; tags: string[]; runIds: number[] }

/** A search hit: the entry and a snippet of where it matched, the match between \u0001 and \u0002 (the renderer
 *  highlights between them as text, so a snippet never reaches the page as HTML). */
export interface NoteHit extends NoteRow { snippet: string | null }

/** Marks around a match in a snippet. */
export const HIT_OPEN = '\u0001'
export const HIT_CLOSE = '\u0002'

// the embedded runs come in the same row (one query for a list of 500, not 501)
const COLUMNS = `e.id, e.created_at, e.updated_at, e.title, e.topic, e.body, e.tags,
  (SELECT group_concat(run_id) FROM (SELECT run_id FROM notes_run_refs WHERE entry_id = e.id ORDER BY run_id)) AS run_ids`

function toNote(r: Record<string, unknown>): NoteRow {
  let tags: string[] = []
  try { tags = JSON.parse(r.tags as string) as string[] } catch { tags = [] } // a damaged cell reads as untagged
  const runIds = typeof r.run_ids === 'string' ? r.run_ids.split(',').map(Number) : []
  return {
    id: r.id as number, createdAt: r.created_at as number, updatedAt: r.updated_at as number, title: r.title as string,
    topic: r.topic as string, body: r.body as string, tags, runIds,
  }
}

function writeRefs(db: Db, id: number, runIds: readonly number[]): void {
  prep(db, 'DELETE FROM notes_run_refs WHERE entry_id = ?').run(id)
  for (const r of new Set(runIds)) prep(db, 'INSERT INTO notes_run_refs (entry_id, run_id) VALUES (?, ?)').run(id, r)
}

/** Stores a new entry; returns its id. */
export function createNote(db: Db, n: NoteInput, now = Date.now()): number {
  return db.transaction(() => {
    const info = prep(db, 'INSERT INTO notes_entries (created_at, updated_at, title, topic, body, tags) VALUES (?, ?, ?, ?, ?, ?)')
      .run(now, now, n.title, n.topic, n.body, JSON.stringify(n.tags))
    const id = Number(info.lastInsertRowid)
    writeRefs(db, id, n.runIds)
    return id
  })()
}

/** Replaces an entry's text, topic, tags and run references; false when there is no such entry. */
export function updateNote(db: Db, id: number, n: NoteInput, now = Date.now()): boolean {
  return db.transaction(() => {
    const changed = prep(db, 'UPDATE notes_entries SET updated_at = ?, title = ?, topic = ?, body = ?, tags = ? WHERE id = ?')
      .run(now, n.title, n.topic, n.body, JSON.stringify(n.tags), id).changes > 0
    if (changed) writeRefs(db, id, n.runIds)
    return changed
  })()
}

/** Deletes an entry (its run references go with it); false when there was none. */
export function deleteNote(db: Db, id: number): boolean {
  return prep(db, 'DELETE FROM notes_entries WHERE id = ?').run(id).changes > 0
}

/** One entry, or null. */
export function getNote(db: Db, id: number): NoteRow | null {
  const r = prep(db, `SELECT ${COLUMNS} FROM notes_entries e WHERE e.id = ?`).get(id) as Record<string, unknown> | undefined
  return r ? toNote(r) : null
}

/** A user's search text as an FTS5 query: each word a quoted prefix term, all required, so that punctuation or FTS
 *  syntax in the box ("wd=1e-3", AND, a stray quote) searches for the words instead of failing. */
export function ftsQuery(q: string): string | null {
  const words = q.match(/[\p{L}\p{N}_]+/gu) ?? []
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null
}

/** Entries newest first (by last edit), narrowed by a full-text query (best match first), a topic and a tag. */
export function listNotes(db: Db, f: { q?: string; topic?: string; tag?: string; limit?: number } = {}): NoteHit[] {
  const where: string[] = []
  const args: unknown[] = []
  const fts = f.q === undefined ? null : ftsQuery(f.q)
  if (f.topic !== undefined && f.topic !== '') { where.push('e.topic = ?'); args.push(f.topic) }
  if (f.tag !== undefined && f.tag !== '') { where.push('EXISTS (SELECT 1 FROM json_each(e.tags) WHERE value = ?)'); args.push(f.tag) }
  const limit = f.limit ?? 500
  let rows: Record<string, unknown>[]
  if (fts) {
    // snippet over the body (column 2), up to 14 tokens around the match
    rows = prep(db, `SELECT ${COLUMNS}, snippet(notes_fts, 2, '${HIT_OPEN}', '${HIT_CLOSE}', '…', 14) AS snip, bm25(notes_fts) AS rank
      FROM notes_fts JOIN notes_entries e ON e.id = notes_fts.rowid
      WHERE notes_fts MATCH ?${where.length ? ' AND ' + where.join(' AND ') : ''} ORDER BY rank, e.id DESC LIMIT ?`).all(fts, ...args, limit) as Record<string, unknown>[]
  } else if (f.q !== undefined && f.q.trim() !== '') {
    rows = [] // a query with no words in it matches nothing
  } else {
    rows = prep(db, `SELECT ${COLUMNS}, NULL AS snip FROM notes_entries e${where.length ? ' WHERE ' + where.join(' AND ') : ''}
      ORDER BY e.updated_at DESC, e.id DESC LIMIT ?`).all(...args, limit) as Record<string, unknown>[]
  }
  return rows.map((r) => ({ ...toNote(r), snippet: (r.snip as string | null) ?? null }))
}

/** The entries that embed run `runId`, newest first: id and title. */
export function notesOfRun(db: Db, runId: number): { id: number; title: string }[] {
  return prep(db, `SELECT e.id, e.title FROM notes_run_refs r JOIN notes_entries e ON e.id = r.entry_id WHERE r.run_id = ?
    ORDER BY e.id DESC`).all(runId) as { id: number; title: string }[]
}

/** Every topic and tag in use, with how many entries carry it (the list's filters). */
export function noteFacets(db: Db): { topics: { topic: string; entries: number }[]; tags: { tag: string; entries: number }[] } {
  const topics = prep(db, "SELECT topic, COUNT(*) AS entries FROM notes_entries WHERE topic <> '' GROUP BY topic ORDER BY topic").all() as { topic: string; entries: number }[]
  const tags = prep(db, 'SELECT j.value AS tag, COUNT(*) AS entries FROM notes_entries e, json_each(e.tags) j GROUP BY j.value ORDER BY j.value').all() as { tag: string; entries: number }[]
  return { topics, tags }
}
