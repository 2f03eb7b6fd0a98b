/** Group names → groups, with the catalog (D7, Q8, S4, SmallGroup(…), …) always registered. */
import './catalog'

export type { FiniteGroup } from './group'
export { resolveGroup } from './registry'
