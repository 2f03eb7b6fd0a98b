// listRuns reads a whole list's tags and derived summaries in batched queries; every run it lists must equal what the
// one-run path (getRun: withDerivedSummary over the run's whole series) says of it: stored and derived summaries,
// gaps in test metrics, no metrics at all, queued, tagged and untagged runs.
import { afterEach, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src/api/contract'
import { createService, type ServiceHandle } from '../../src/api/service'
import { resolveConfig } from '../../src/core/config'
import { summarizeRun } from '../../src/runner/summary'

let h: ServiceHandle | null = null
afterEach(async () => { await h?.close(); h = null })

const KEYS: (keyof RunSummary)[] = ['id', 'status', 'final', 'outcome', 'timeToGrok', 'tags', 'label', 'epochsDone', 'msPerStep']
const pick = (r: RunSummary) => Object.fromEntries(KEYS.map((k) => [k, r[k]]))

describe('listRuns batched', () => {
  it('lists each run as getRun describes it', async () => {
    h = await createService({ dbPath: ':memory:', workers: 0 })
    const s = h.store
    const make = (status: 'finished' | 'interrupted' | 'cancelled' | 'queued', rows: { epoch: number; train_acc?: number; test_acc?: number | null; train_loss?: number; test_loss?: number | null }[], summarize = false) => {
      const id = s.createRun(resolveConfig({ group: '5', hidden: 4, epochs: 40 }), { status })
      if (rows.length) s.appendMetrics(id, rows)
      if (summarize) s.updateRun(id, summarizeRun(s, id))
      return id
    }
    const series = (grokAt: number | null) => Array.from({ length: 5 }, (_, k) => ({
      epoch: k * 10, train_acc: k / 4, train_loss: 1 - k / 5,
      test_acc: k === 3 ? null : grokAt !== null && k * 10 >= grokAt ? 0.96 : 0.2 + k / 100, // a gap: test not evaluated at 30
      test_loss: k === 4 ? null : 0.5,
    }))
    const ids = [
      make('finished', series(20), true), // stored summary
      make('interrupted', series(20)), // derived: grokked at 20, last test acc from epoch 40
      make('cancelled', series(null)), // derived: never grokked
      make('interrupted', []), // no metrics: no summary
      make('queued', series(null)), // queued: never derived
      make('finished', series(0)), // finished without a summary (killed at the end): derived
    ]
    s.setTags(ids[1]!, ['b', 'a'])
    s.setTags(ids[5]!, ['z'])
    s.setLabel(ids[2]!, 'named')
    const listed = await h.service.listRuns({ limit: 100 })
    expect(listed.map((r) => r.id)).toEqual([...ids].reverse())
    for (const r of listed) expect(pick(r)).toEqual(pick(await h.service.getRun({ id: r.id })))
    const byId = new Map(listed.map((r) => [r.id, r]))
    expect(byId.get(ids[1]!)).toMatchObject({ timeToGrok: 20, tags: ['a', 'b'], final: { train_acc: 1, test_acc: 0.96, test_loss: 0.5 } })
    expect(byId.get(ids[2]!)).toMatchObject({ timeToGrok: null, label: 'named', tags: [] })
    expect(byId.get(ids[3]!)!.final).toBeNull()
    expect(byId.get(ids[5]!)).toMatchObject({ outcome: 'generalized', timeToGrok: 0, tags: ['z'] })
    expect((await h.service.listRuns({ tag: 'a' })).map((r) => r.tags)).toEqual([['a', 'b']])
    // the lean read the service lists with leaves the stage marks unread, and only them
    const full = s.listRuns({}), lean = s.listRuns({ lean: true })
    expect(full.find((r) => r.id === ids[0])!.stages).not.toBeNull()
    expect(lean.every((r) => r.stages === null)).toBe(true)
    expect(lean.map(({ stages: _, ...r }) => r)).toEqual(full.map(({ stages: _, ...r }) => r))
  })
})
