/** The resolver registry: turns a group name into a FiniteGroup (cyclic specs here; the catalog plugs itself in). */
import { ValidationError } from '../errors'
import { cyclicProduct, parseCyclicSpec } from './cyclic'
import type { FiniteGroup } from './group'

export type { FiniteGroup } from './group'

type Resolver = (spec: string) => FiniteGroup | null
const resolvers: Resolver[] = []

/** Lets the catalog (named and SmallGroups) plug in without this module importing it. */
export function registerGroupResolver(r: Resolver): void {
  resolvers.push(r)
}

/** "71" → Z_71, "4x7" → Z_4 × Z_7, then any registered resolver ("D7", "Q8", "SmallGroup(24,3)", …). */
export function resolveGroup(spec: string): FiniteGroup {
  const cyc = parseCyclicSpec(spec)
  if (cyc) return cyclicProduct(cyc)
  for (const r of resolvers) {
    const g = r(spec)
    if (g) return g
  }
  throw new ValidationError('group', `unknown group ${JSON.stringify(spec)} (use M like 71, a product like 4x7, or a catalog name such as D7, Q8, S4, SmallGroup(24,3); see li2 groups)`)
}
