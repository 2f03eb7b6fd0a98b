// The one route table: it drives vue-router and the navigation rail, so a new view is one entry here plus one file in
// views/ (vitesse's src/pages/, Elk's app/pages/). Hash history keeps the page's ?token= and works under file:// in Electron.
import { createRouter, createWebHashHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** Shown in the navigation rail under this label; `later` greys out a view that is a placeholder. */
    nav?: { label: string; later?: boolean }
    /** The nav entry that stays highlighted on this route (a run's page belongs to Runs). */
    section?: string
  }
}

// views load lazily: each is its own chunk, and this table stays importable without a .vue compiler (test/renderer)
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/runs' },
  { path: '/runs', name: 'runs', component: () => import('./views/RunsView.vue'), meta: { nav: { label: 'Runs' } } },
  {
    path: '/runs/:id(\\d+)', name: 'run', component: () => import('./views/RunView.vue'),
    props: (r) => ({ id: Number(r.params.id) }), meta: { section: 'runs' },
  },
  { path: '/new', name: 'new', component: () => import('./views/NewRunView.vue'), meta: { nav: { label: 'New run' } } },
  { path: '/compare', name: 'compare', component: () => import('./views/CompareView.vue'), meta: { nav: { label: 'Compare' } } },
  { path: '/energy', name: 'energy', component: () => import('./views/EnergyView.vue'), meta: { nav: { label: 'Energy' } } },
  { path: '/sweeps', name: 'sweeps', component: () => import('./views/SweepsView.vue'), meta: { nav: { label: 'Sweeps' } } },
  { path: '/phase', name: 'phase', component: () => import('./views/PhaseView.vue'), meta: { nav: { label: 'Phase' } } },
  { path: '/notebook', name: 'notebook', component: () => import('./views/NotebookView.vue'), meta: { nav: { label: 'Notebook' } } },
  {
    path: '/notebook/:id(\\d+)', name: 'notebook-entry', component: () => import('./views/NotebookView.vue'),
    props: (r) => ({ id: Number(r.params.id) }), meta: { section: 'notebook' },
  },
  { path: '/trash', name: 'trash', component: () => import('./views/TrashView.vue'), meta: { nav: { label: 'Trash' } } },
  { path: '/:unknown(.*)*', redirect: '/runs' }, // anything else is the runs list, as before
]

/** One entry of the navigation rail. */
export interface NavEntry { name: string; label: string; later: boolean }

/** The rail, in table order: every named route with a `meta.nav`. */
export const NAV: NavEntry[] = routes.flatMap((r) =>
  typeof r.name === 'string' && r.meta?.nav ? [{ name: r.name, label: r.meta.nav.label, later: r.meta.nav.later ?? false }] : [])

/** The lab's router over the table (hash history by default; tests pass a memory history). */
export function createLabRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({ history, routes })
}
