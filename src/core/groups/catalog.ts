/** The group catalog: names like D7, Q8, Dic3, Z7:Z3, S4, A5, SL(2,3), SmallGroup(24,3) resolved to tables, and its listing.
 *  Importing this module registers the resolver with resolveGroup (groups/index.ts). */
import { ValidationError } from '../errors'
import type { FiniteGroup } from './group'
import { registerGroupResolver } from './registry'
import { alternating, dicyclic, dihedral, semidirect, sl23, symmetric } from './named'
import { decodeSmallGroup, NAMED_REFERENCE, SMALL_GROUPS, smallGroupRecord } from './smallGroups'

/** One row of `listCatalog`. */
export interface CatalogEntry {
  /** Name accepted by resolveGroup. */
  name: string
  order: number
  /** GAP's IdGroup [order, id]. */
  smallgroupId?: [number, number]
  /** GAP's StructureDescription. */
  description: string
  /** Sorted irrep degrees (GAP's CharacterDegrees, expanded). */
  irrepDegrees?: number[]
  abelian: boolean
}

/** Filter for `listCatalog`: `maxDegree` keeps groups whose largest irrep degree equals it (as the reference's group_collection_max_dk). */
export interface CatalogFilter {
  order?: number
  maxDegree?: number
  abelian?: boolean
}

const cache = new Map<string, FiniteGroup>()

/** A parsed catalog name: its order (known before building) and how to build it. */
interface CatalogSpec {
  /** |G| from the parameters, or null when they are out of the family's range (build() then says why). */
  order: number | null
  build: () => FiniteGroup
}

function factorial(n: number): number {
  let f = 1
  for (let i = 2; i <= n; i++) f *= i
  return f
}

/** Parses a catalog name (case-insensitive); null when the spec is no catalog name. */
function parse(spec: string): CatalogSpec | null {
  const s = spec.trim().replace(/\s+/g, '')
  let m: RegExpExecArray | null
  if ((m = /^smallgroup\((\d+),(\d+)\)$/i.exec(s))) {
    const order = Number(m[1]), id = Number(m[2])
    const rec = smallGroupRecord(order, id)
    if (!rec) throw new ValidationError('group', `SmallGroup(${order},${id}) is not in the shipped catalog (non-Abelian groups of order ≤ 128 with largest irrep degree 2 or 3; see li2 groups)`)
    return { order, build: () => decodeSmallGroup(rec) }
  }
  if ((m = /^dic(\d+)$/i.exec(s))) { const n = Number(m[1]); return { order: 4 * n, build: () => dicyclic(n) } }
  if ((m = /^q(\d+)$/i.exec(s))) {
    const k = Number(m[1])
    if (k % 4 !== 0) throw new ValidationError('group', `Q${k}: a (generalised) quaternion / dicyclic group has order divisible by 4`)
    return { order: k, build: () => dicyclic(k / 4) }
  }
  if ((m = /^d(\d+)$/i.exec(s))) { const n = Number(m[1]); return { order: 2 * n, build: () => dihedral(n) } }
  if ((m = /^[zc](\d+)[:⋊][zc](\d+)$/i.exec(s))) { const p = Number(m[1]), q = Number(m[2]); return { order: p * q, build: () => semidirect(p, q) } }
  // S_n and A_n: n! grows past any limit at once, so out-of-range n is left to the builder's own message
  if ((m = /^s(\d+)$/i.exec(s))) { const n = Number(m[1]); return { order: n >= 3 && n <= 7 ? factorial(n) : null, build: () => symmetric(n) } }
  if ((m = /^a(\d+)$/i.exec(s))) { const n = Number(m[1]); return { order: n >= 4 && n <= 7 ? factorial(n) / 2 : null, build: () => alternating(n) } }
  if (/^sl\(2,3\)$/i.test(s)) return { order: 24, build: sl23 }
  return null
}

/** The catalog group for a name, built once and cached (so per-group caches such as the character table are shared). */
export function catalogGroup(spec: string): FiniteGroup | null {
  const key = spec.trim().replace(/\s+/g, '').toLowerCase()
  const hit = cache.get(key)
  if (hit) return hit
  const g = parse(spec)?.build() ?? null
  if (g) cache.set(key, g)
  return g
}

/** A catalog name's order without building it; null for non-catalog names. */
export function catalogOrder(spec: string): number | null {
  return parse(spec)?.order ?? null
}

registerGroupResolver(catalogGroup, catalogOrder)

/** Catalog entries: the named groups GAP checked (S3…S5, A4, A5, SL(2,3), Q8, Dic_n, D_n, Z_p:Z_q examples) and every shipped SmallGroup.
 *  Families D_n, Dic_n, Z_p:Z_q, S_n, A_n accept other parameters too; they are not enumerated here. */
export function listCatalog(filter: CatalogFilter = {}): CatalogEntry[] {
  const entries: CatalogEntry[] = [
    ...NAMED_REFERENCE.map((r) => ({
      name: r.name, order: r.order, smallgroupId: [r.smallgroupId[0], r.smallgroupId[1]] as [number, number],
      description: r.description, irrepDegrees: [...r.irrepDegrees], abelian: false,
    })),
    ...SMALL_GROUPS.map((r) => ({
      name: `SmallGroup(${r.order},${r.id})`, order: r.order, smallgroupId: [r.order, r.id] as [number, number],
      description: r.description, irrepDegrees: [...r.irrepDegrees], abelian: false,
    })),
  ]
  return entries.filter((e) =>
    (filter.order === undefined || e.order === filter.order) &&
    (filter.abelian === undefined || e.abelian === filter.abelian) &&
    (filter.maxDegree === undefined || (e.irrepDegrees !== undefined && Math.max(...e.irrepDegrees) === filter.maxDegree)))
}
