// useRouter: a hash router for the lab's handful of views; the hash keeps the page's ?token= untouched.
import { computed, ref } from 'vue'

export type RouteName = 'runs' | 'run' | 'new' | 'compare' | 'energy' | 'phase'
export interface Route { name: RouteName; id?: number }

const STATIC: Record<string, RouteName> = { runs: 'runs', new: 'new', compare: 'compare', energy: 'energy', phase: 'phase' }

/** Parses "#/runs/12" → { name: 'run', id: 12 }; anything unknown is the runs list. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean)
  if (parts[0] === 'runs' && parts[1] && /^\d+$/.test(parts[1])) return { name: 'run', id: Number(parts[1]) }
  return { name: STATIC[parts[0] ?? ''] ?? 'runs' }
}

/** The hash for a route. */
export function hrefFor(r: Route): string {
  return r.name === 'run' ? `#/runs/${r.id}` : `#/${r.name}`
}

const hash = ref(typeof window === 'undefined' ? '' : window.location.hash)
if (typeof window !== 'undefined') window.addEventListener('hashchange', () => { hash.value = window.location.hash })

/** The current route and a navigate function. */
export function useRouter() {
  const route = computed(() => parseHash(hash.value))
  const navigate = (r: Route) => { window.location.hash = hrefFor(r) }
  return { route, navigate, hrefFor }
}
