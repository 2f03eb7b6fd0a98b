// The run view's tab state round-trips through the URL query, and anything unreadable falls back to the overview.
import { describe, expect, it } from 'vitest'
import { parseRunQuery, RUN_TABS, runQuery } from '../../src/renderer/src/composables/runTabs'

describe('run view query', () => {
  it('round-trips tab, epoch and node', () => {
    for (const s of [{ tab: 'features', epoch: 1200, node: 42 }, { tab: 'theory', epoch: 0, node: null }, { tab: 'features', epoch: null, node: null }] as const) {
      const q = runQuery(s) as Record<string, string>
      expect(parseRunQuery(q)).toEqual(s)
    }
    expect(runQuery({ tab: 'features', epoch: 1200, node: 7 })).toEqual({ tab: 'features', epoch: '1200', node: '7' })
  })
  it('keeps the overview bare and the node to Features', () => {
    expect(runQuery({ tab: 'overview', epoch: 5, node: 3 })).toEqual({})
    expect(runQuery({ tab: 'theory', epoch: 5, node: 3 })).toEqual({ tab: 'theory', epoch: '5' })
  })
  it('reads an unknown tab or a non-integer as absent', () => {
    expect(parseRunQuery({ tab: 'energy', epoch: '-1', node: 'x' })).toEqual({ tab: 'overview', epoch: null, node: null })
    expect(parseRunQuery({ tab: ['theory', 'features'], epoch: ['12'] })).toEqual({ tab: 'theory', epoch: 12, node: null })
    expect(RUN_TABS).toEqual(['overview', 'features', 'theory'])
  })
})
