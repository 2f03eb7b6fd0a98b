// The route table drives both the router and the navigation rail: nav entries, paths, props and the fallback come from it.
// (the root tsconfig leaves src/renderer out, so this test brings the .vue module type along)
/// <reference path="../../src/renderer/src/env.d.ts" />
import { describe, expect, it } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { createLabRouter, NAV, routes } from '../../src/renderer/src/routes'

describe('route table', () => {
  const router = createLabRouter(createMemoryHistory())

  it('the rail is the named routes with a nav label, in table order', () => {
    expect(NAV.map((n) => [n.name, n.label, n.later])).toEqual([
      ['runs', 'Runs', false], ['new', 'New run', false], ['compare', 'Compare', false], ['energy', 'Energy', false], ['sweeps', 'Sweeps', false], ['phase', 'Phase', false], ['notebook', 'Notebook', false], ['trash', 'Trash', false],
    ])
    for (const n of NAV) {
      const r = routes.find((x) => x.name === n.name)!
      expect(r.component, n.name).toBeTypeOf('function') // a lazily loaded view file
      expect(router.resolve({ name: n.name }).path).toBe(`/${n.name}`)
    }
  })

  it('a run page is /runs/:id with a numeric id prop, and belongs to the Runs section', () => {
    const r = router.resolve('/runs/12')
    expect(r.name).toBe('run')
    expect(r.meta.section).toBe('runs')
    const props = r.matched[0]!.props.default as (route: typeof r) => unknown
    expect(props(r)).toEqual({ id: 12 })
    expect(router.resolve({ name: 'run', params: { id: 3 } }).path).toBe('/runs/3')
    expect(router.resolve('/runs/abc').name).not.toBe('run')
  })

  it('the root and unknown paths redirect to the runs list', () => {
    for (const p of ['/', '/nope/1']) expect(router.resolve(p).matched[0]!.redirect).toBe('/runs')
  })
})
