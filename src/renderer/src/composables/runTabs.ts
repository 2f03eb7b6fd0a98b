// The run view's tab state in the URL (#/runs/7?tab=features&epoch=1200&node=42), so a tab, its checkpoint and its
// node can be reopened and bookmarked: pure parse and build, which RunView applies with the router.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'

/** The run view's tabs, in the order shown. */
export const RUN_TABS = ['overview', 'features', 'theory'] as const
export type RunTab = (typeof RUN_TABS)[number]

/** What the URL says about the run view: the tab, the checkpoint epoch and the node (null: none given). */
export interface RunViewState { tab: RunTab; epoch: number | null; node: number | null }

const int = (v: unknown): number | null => {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' && /^\d+$/.test(s) ? Number(s) : null
}

/** The state a route's query holds; anything unreadable falls back to the overview, no epoch, no node. */
export function parseRunQuery(q: LocationQuery): RunViewState {
  const t = Array.isArray(q.tab) ? q.tab[0] : q.tab
  const tab = (RUN_TABS as readonly string[]).includes(t ?? '') ? (t as RunTab) : 'overview'
  return { tab, epoch: int(q.epoch), node: int(q.node) }
}

/** The query for `s`: the overview is the bare URL; epoch and node only where they mean something (node: Features). */
export function runQuery(s: RunViewState): LocationQueryRaw {
  if (s.tab === 'overview') return {}
  return {
    tab: s.tab,
    ...(s.epoch !== null ? { epoch: String(s.epoch) } : {}),
    ...(s.tab === 'features' && s.node !== null ? { node: String(s.node) } : {}),
  }
}
