/** `table:PATH` groups (TrainConfig.group): a Cayley table file, CSV by extension else JSON, read here because core has
 *  no file system, and checked by core's parser. Importing this module registers the name with resolveGroup, so the
 *  service, its workers and the CLI all accept it (trainJob.ts imports it). */
import { readFileSync, statSync, type Stats } from 'node:fs'
import path from 'node:path'
import { ValidationError } from '../core/errors'
import { parseCayleyTable } from '../core/groups/cayleyParse'
import type { FiniteGroup } from '../core/groups/group'
import { registerGroupResolver } from '../core/groups/registry'

/** The group-name prefix of an imported table. */
export const TABLE_PREFIX = 'table:'
/** parseCayleyTable refuses more text than this anyway; checking the size first avoids reading a huge file. */
const MAX_FILE_BYTES = 16 * 1024 * 1024

const cache = new Map<string, { mtimeMs: number; size: number; group: FiniteGroup }>()

/** Reads and checks a Cayley table file; errors name `field` ('group' for table:PATH, 'table' for --table FILE).
 *  The group is named `table:PATH` as given, so its name resolves back to it; it is cached per file version so that
 *  per-group caches (the character table) are shared. */
export function loadTableGroup(file: string, field = 'group'): FiniteGroup {
  const abs = path.resolve(file)
  let st: Stats
  try { st = statSync(abs) } catch (e) { throw new ValidationError(field, `cannot read table ${abs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) }
  if (!st.isFile()) throw new ValidationError(field, `table ${abs} is not a file`)
  if (st.size > MAX_FILE_BYTES) throw new ValidationError(field, `table ${abs} is ${st.size} bytes; a table of order ≤ 1024 fits in ${MAX_FILE_BYTES}`)
  const hit = cache.get(abs)
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.group
  let text: string
  try { text = readFileSync(abs, 'utf8') } catch (e) { throw new ValidationError(field, `cannot read table ${abs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) }
  let group: FiniteGroup
  try {
    group = parseCayleyTable(text, abs.toLowerCase().endsWith('.csv') ? 'csv' : 'json', TABLE_PREFIX + file)
  } catch (e) {
    if (e instanceof ValidationError) throw new ValidationError(field, `table ${abs}: ${e.rule}`)
    throw e
  }
  cache.set(abs, { mtimeMs: st.mtimeMs, size: st.size, group })
  return group
}

registerGroupResolver((spec) => {
  const s = spec.trim()
  return s.startsWith(TABLE_PREFIX) ? loadTableGroup(s.slice(TABLE_PREFIX.length)) : null
})
