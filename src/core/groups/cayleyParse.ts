/** User groups: a Cayley table from JSON or CSV text, checked against the group axioms with a witness for any failure. */
import { ValidationError } from '../errors'
import type { FiniteGroup } from './group'
import { fromTable } from './group'

const MAX_ORDER = 1024 // the associativity check is O(n³)
/** Order 1024 is ≤ 1M entries of ≤ 5 characters plus separators and indentation. */
const MAX_TEXT = 16 * 1024 * 1024
/** {"table": [[…]]} is three levels of brackets; a plain [[…]] two. */
const MAX_DEPTH = 3

/** Deepest bracket nesting of JSON text outside strings, scanned in one loop: JSON.parse, a recursive walk or
 *  JSON.stringify of 100k nested arrays would overflow the stack. Stops counting past `limit`. */
function jsonDepth(text: string, limit: number): number {
  let depth = 0, max = 0, inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) { if (++depth > max) { max = depth; if (max > limit) return max } }
    else if (c === 0x5d || c === 0x7d) depth--
  }
  return max
}

/** A value for an error message, never serialised whole (it may be huge or deep). */
function describe(v: unknown): string {
  if (Array.isArray(v)) return `a list of ${v.length}`
  if (typeof v === 'string') return JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)
  if (v !== null && typeof v === 'object') return 'an object'
  return String(v)
}

/** Parses a Cayley table (JSON: rows of indices, or {table, index_base?, name?}; CSV: one row per line) into a checked group.
 *  Entries are 0-based unless `index_base` is 1 (the reference jsonl default is 1; plain arrays and CSV are 0-based). */
export function parseCayleyTable(text: string, format: 'json' | 'csv', name = 'table'): FiniteGroup {
  let rows: unknown[][]
  let base = 0
  if (text.length > MAX_TEXT) throw new ValidationError('table', `is ${text.length} characters; a table of order ≤ ${MAX_ORDER} fits in ${MAX_TEXT}`)
  if (format === 'json') {
    const depth = jsonDepth(text, MAX_DEPTH)
    if (depth > MAX_DEPTH) throw new ValidationError('table', `nests lists more than ${MAX_DEPTH} deep; a Cayley table is rows of integers ([[0, 1], [1, 0]] or {"table": [[…]]})`)
    let parsed: unknown
    try { parsed = JSON.parse(text) } catch (e) { throw new ValidationError('table', `not valid JSON (${(e as Error).message})`) }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const o = parsed as Record<string, unknown>
      if (!Array.isArray(o.table)) throw new ValidationError('table', 'a JSON object must have a `table` field holding the rows')
      if (o.index_base !== undefined && o.index_base !== 0 && o.index_base !== 1) throw new ValidationError('table', `index_base must be 0 or 1 (got ${describe(o.index_base)})`)
      base = (o.index_base as number | undefined) ?? 0
      if (typeof o.name === 'string' && name === 'table') name = o.name
      parsed = o.table
    }
    if (!Array.isArray(parsed) || !parsed.every(Array.isArray)) throw new ValidationError('table', 'must be an array of rows, each an array of element indices')
    rows = parsed as unknown[][]
  } else {
    rows = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.split(/\s*[,;\t]\s*|\s+/).map((c) => (c.trim() === '' ? NaN : Number(c))))
  }
  const n = rows.length
  if (n === 0) throw new ValidationError('table', 'is empty')
  if (n > MAX_ORDER) throw new ValidationError('table', `order must be ≤ ${MAX_ORDER} (got ${n})`)
  const table = new Int32Array(n * n)
  rows.forEach((row, a) => {
    if (row.length !== n) throw new ValidationError('table', `not square: row ${a + base} has ${row.length} entries, expected ${n}`)
    row.forEach((v, b) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v - base < 0 || v - base >= n) {
        throw new ValidationError('table', `entry at row ${a + base}, column ${b + base} is ${describe(v)}: entries must be integers in ${base}..${n - 1 + base}`)
      }
      table[a * n + b] = v - base
    })
  })
  checkGroupAxioms(table, n, base)
  return fromTable(name, n, table)
}

/** Throws ValidationError('table', …) naming the first broken axiom (identity, inverses, associativity) with a witness.
 *  Element labels in messages use `base` (0 or 1) so they match the user's file. */
export function checkGroupAxioms(table: Int32Array, n: number, base = 0): void {
  const L = (x: number): number => x + base
  let e = -1
  for (let c = 0; c < n && e < 0; c++) {
    let ok = true
    for (let a = 0; a < n && ok; a++) ok = table[c * n + a] === a && table[a * n + c] === a
    if (ok) e = c
  }
  if (e < 0) throw new ValidationError('table', 'no identity: no element e with e∘a = a∘e = a for every a')
  for (let a = 0; a < n; a++) {
    let inv = -1
    for (let b = 0; b < n && inv < 0; b++) if (table[a * n + b] === e && table[b * n + a] === e) inv = b
    if (inv < 0) throw new ValidationError('table', `no inverse: no b with a∘b = b∘a = e for a=${L(a)} (e=${L(e)})`)
  }
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const ab = table[a * n + b]
      for (let c = 0; c < n; c++) {
        if (table[ab * n + c] !== table[a * n + table[b * n + c]]) {
          throw new ValidationError('table', `not associative: (a∘b)∘c ≠ a∘(b∘c) for a=${L(a)}, b=${L(b)}, c=${L(c)}`)
        }
      }
    }
  }
}
