/** GAP SmallGroups data (resources/groups/smallgroups.json, made by smallgroups.g): decoding generator columns into Cayley tables. */
import data from '../../../resources/groups/smallgroups.json'
import type { FiniteGroup } from './group'

/** One record of the shipped data: a non-Abelian SmallGroup of order ≤ 128 with largest irrep degree 2 or 3. */
export interface SmallGroupRecord {
  readonly order: number
  readonly id: number
  /** GAP's StructureDescription. */
  readonly description: string
  /** GAP's CharacterDegrees expanded to a sorted list. */
  readonly irrepDegrees: readonly number[]
  /** Per generator g: hex string, two digits per element x, of the index of x·g (elements in GAP's Elements order). */
  readonly gens: readonly string[]
}

/** GAP's data for the groups built in TypeScript (S5, A5, Q8, …): the tests compare against it. */
export interface NamedGroupReference {
  readonly name: string
  readonly order: number
  readonly smallgroupId: readonly number[]
  readonly description: string
  readonly irrepDegrees: readonly number[]
}

/** All SmallGroup records, in (order, id) order. */
export const SMALL_GROUPS: readonly SmallGroupRecord[] = data.groups
/** GAP's reference data for the named families. */
export const NAMED_REFERENCE: readonly NamedGroupReference[] = data.named

const byKey = new Map<string, SmallGroupRecord>(SMALL_GROUPS.map((r) => [`${r.order},${r.id}`, r]))

/** The record for SmallGroup(order, id), or undefined when it is not in the shipped catalog. */
export function smallGroupRecord(order: number, id: number): SmallGroupRecord | undefined {
  return byKey.get(`${order},${id}`)
}

/** Rebuilds the Cayley table from the right-multiplication columns: every element is a word a = g_i1·…·g_ik, found by BFS
 *  from the identity (index 0), and x·a = (…(x·g_i1)…)·g_ik, so column a is column b followed by generator g when a = b·g. */
export function decodeSmallGroup(rec: SmallGroupRecord): FiniteGroup {
  const n = rec.order
  const cols = rec.gens.map((hex) => {
    const c = new Int32Array(n)
    for (let x = 0; x < n; x++) c[x] = parseInt(hex.slice(2 * x, 2 * x + 2), 16)
    return c
  })
  const table = new Int32Array(n * n)
  const done = new Uint8Array(n)
  for (let x = 0; x < n; x++) table[x * n] = x // column of the identity
  done[0] = 1
  const queue = [0]
  for (let qi = 0; qi < queue.length; qi++) {
    const b = queue[qi]
    for (const c of cols) {
      const a = c[b] // a = b·g
      if (done[a]) continue
      done[a] = 1
      queue.push(a)
      for (let x = 0; x < n; x++) table[x * n + a] = c[table[x * n + b]]
    }
  }
  if (queue.length !== n) throw new Error(`SmallGroup(${n},${rec.id}): generators reach ${queue.length} of ${n} elements`)
  let abelian = true
  for (let a = 0; a < n && abelian; a++) for (let b = a + 1; b < n; b++) if (table[a * n + b] !== table[b * n + a]) { abelian = false; break }
  return { name: `SmallGroup(${n},${rec.id})`, order: n, table, identity: 0, abelian, description: rec.description }
}
