/** The resolver registry: turns a group name into a FiniteGroup (cyclic specs here; the catalog plugs itself in), and
 *  says a name's order before anything is built, so a too-large group is refused in microseconds, not after an n² table. */
import { ValidationError } from '../errors'
import { LIMITS } from '../limits'
import { cyclicProduct, parseCyclicSpec } from './cyclic'
import type { FiniteGroup } from './group'

export type { FiniteGroup } from './group'

type Resolver = (spec: string) => FiniteGroup | null
/** The order a spec names without building it; null when this source does not know the spec (or cannot tell cheaply). */
type OrderOf = (spec: string) => number | null
const resolvers: { resolve: Resolver; order?: OrderOf }[] = []

/** Lets the catalog (named and SmallGroups) plug in without this module importing it; `order` answers without building. */
export function registerGroupResolver(r: Resolver, order?: OrderOf): void {
  resolvers.push({ resolve: r, order })
}

/** |G| for a spec, computed from the name alone ("4x7" → 28, "D7" → 14); null when unknown without building (e.g. a
 *  table file). Throws ValidationError for a malformed catalog name, as resolveGroup would. */
export function groupOrder(spec: string): number | null {
  const cyc = parseCyclicSpec(spec)
  if (cyc) return cyc.reduce((a, b) => a * b, 1)
  for (const r of resolvers) {
    const n = r.order?.(spec)
    if (n !== null && n !== undefined) return n
  }
  return null
}

/** "71" → Z_71, "4x7" → Z_4 × Z_7, then any registered resolver ("D7", "Q8", "SmallGroup(24,3)", …). Refuses an order
 *  above LIMITS.maxGroupOrder before building its table. */
export function resolveGroup(spec: string): FiniteGroup {
  const n = groupOrder(spec)
  if (n !== null && n > LIMITS.maxGroupOrder) {
    throw new ValidationError('group', `${spec.trim()} has order ${n}; groups are limited to order ≤ ${LIMITS.maxGroupOrder} (a Cayley table has order² entries)`)
  }
  const cyc = parseCyclicSpec(spec)
  if (cyc) return cyclicProduct(cyc)
  for (const r of resolvers) {
    const g = r.resolve(spec)
    if (g) return g
  }
  throw new ValidationError('group', `unknown group ${JSON.stringify(spec)} (use M like 71, a product like 4x7, or a catalog name such as D7, Q8, S4, SmallGroup(24,3); see li2 groups)`)
}
