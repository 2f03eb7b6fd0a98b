// The trash, tags and labels (schema v4): trash → restore keeps metrics and checkpoints byte-equal, emptying the trash
// deletes for good, tags filter, labels set and clear, and a v3 database upgrades with its rows.
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate, openStore } from '../../src/store'
import { cleanupTmp, config, tmpDb } from './helpers'

afterAll(cleanupTmp)

const weights = () => ({ W: { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6.5]) } })
const raw = (file: string, id: number) => {
  const db = new Database(file, { readonly: true })
  try {
    return {
      metrics: db.prepare('SELECT * FROM metrics WHERE run_id = ? ORDER BY epoch').all(id),
      checkpoints: db.prepare('SELECT epoch, kind, tensors, created_at FROM checkpoints WHERE run_id = ? ORDER BY epoch').all(id),
      splits: db.prepare('SELECT * FROM splits WHERE run_id = ?').all(id),
    }
  } finally { db.close() }
}

function seeded(file: string) {
  const s = openStore(file)
  const id = s.createRun(config(), { status: 'finished' })
  s.appendMetrics(id, [{ epoch: 0, train_loss: 0.5, test_acc: 0.1 }, { epoch: 1, train_loss: 0.25, test_acc: 0.9 }])
  s.saveCheckpoint(id, 1, weights())
  s.saveSplit(id, { train: new Int32Array([0, 2]), test: new Int32Array([1]) })
  return { s, id }
}

describe('trash', () => {
  it('trash hides a run from the list, restore brings it back with metrics and checkpoints byte-equal', () => {
    const file = tmpDb()
    const { s, id } = seeded(file)
    const before = raw(file, id)
    expect(s.trashRun(id)).toBe(true)
    expect(s.trashRun(id)).toBe(false) // already there
    expect(s.listRuns().map((r) => r.id)).toEqual([])
    expect(s.listRuns({ trashed: true }).map((r) => r.id)).toEqual([id])
    expect(s.getRun(id)!.deletedAt).toBeGreaterThan(0)
    expect(raw(file, id)).toEqual(before)
    expect(s.restoreRun(id)).toBe(true)
    expect(s.restoreRun(id)).toBe(false)
    expect(s.getRun(id)!.deletedAt).toBeNull()
    expect(s.listRuns().map((r) => r.id)).toEqual([id])
    expect(raw(file, id)).toEqual(before)
    expect(Buffer.compare((raw(file, id).checkpoints[0] as { tensors: Buffer }).tensors, (before.checkpoints[0] as { tensors: Buffer }).tensors)).toBe(0)
    s.close()
  })

  it('emptying the trash deletes trashed runs and all they own, and leaves live runs alone', () => {
    const file = tmpDb()
    const { s, id } = seeded(file)
    const live = s.createRun(config({ seed: 2 }), { status: 'finished' })
    s.setTags(id, ['a'])
    s.trashRun(id)
    expect(s.emptyTrash()).toBe(1)
    expect(s.emptyTrash()).toBe(0)
    expect(s.getRun(id)).toBeNull()
    expect(raw(file, id)).toEqual({ metrics: [], checkpoints: [], splits: [] })
    expect(s.listRuns().map((r) => r.id)).toEqual([live])
    expect(s.listTags()).toEqual([])
    s.close()
  })
})

describe('tags and labels', () => {
  it('sets, trims, dedupes, removes and filters by tag', () => {
    const s = openStore(tmpDb())
    const a = s.createRun(config(), { status: 'finished' })
    const b = s.createRun(config({ seed: 1 }), { status: 'finished' })
    expect(s.setTags(a, [' grok ', 'z71', 'grok'])).toBe(true)
    s.setTags(b, ['z71'])
    expect(s.getRun(a)!.tags).toEqual(['grok', 'z71'])
    expect(s.listRuns({ tag: 'z71' }).map((r) => r.id)).toEqual([b, a])
    expect(s.listRuns({ tag: 'grok' }).map((r) => r.id)).toEqual([a])
    expect(s.listTags()).toEqual([{ tag: 'grok', runs: 1 }, { tag: 'z71', runs: 2 }])
    s.setTags(a, ['z71']) // remove one
    expect(s.listRuns({ tag: 'grok' })).toEqual([])
    expect(s.getRun(b)!.tags).toEqual(['z71'])
    expect(() => s.setTags(a, ['  '])).toThrow(/tags/)
    expect(s.setTags(999, ['x'])).toBe(false)
    s.close()
  })

  it('sets and clears a label, and q searches label and config', () => {
    const s = openStore(tmpDb())
    const a = s.createRun(config({ group: '71' }), { status: 'finished' })
    const b = s.createRun(config({ group: 'S3' }), { status: 'finished' })
    expect(s.setLabel(a, '  baseline 50% ')).toBe(true)
    expect(s.getRun(a)!.label).toBe('baseline 50%')
    expect(s.listRuns({ q: 'BASELINE' }).map((r) => r.id)).toEqual([a])
    expect(s.listRuns({ q: '50%' }).map((r) => r.id)).toEqual([a])
    expect(s.listRuns({ q: '0%x' })).toEqual([]) // % is literal
    expect(s.listRuns({ q: '"S3"' }).map((r) => r.id)).toEqual([b])
    s.setLabel(a, '')
    expect(s.getRun(a)!.label).toBeNull()
    s.close()
  })
})

describe('migration v4', () => {
  it('upgrades a v3 database and keeps its rows, live and untagged', () => {
    const file = tmpDb()
    const v3 = new Database(file)
    expect(migrate(v3, 3)).toBe(3)
    v3.prepare(`INSERT INTO runs (id, created_at, updated_at, status, config, group_name, seed, notes) VALUES (5, 1, 1, 'finished', ?, '71', 3, 'kept')`)
      .run(JSON.stringify(config({ seed: 3 })))
    v3.prepare('INSERT INTO metrics (run_id, epoch, train_loss, test_acc) VALUES (5, 0, 0.5, 0.25), (5, 1, 0.4, 0.5)').run()
    v3.close()
    const s = openStore(file)
    const r = s.getRun(5)!
    expect(r).toMatchObject({ status: 'finished', notes: 'kept', label: null, tags: [], deletedAt: null })
    expect(s.listRuns().map((x) => x.id)).toEqual([5])
    expect(s.getMetrics(5, { columns: ['train_loss'] })).toEqual({ epoch: [0, 1], train_loss: [0.5, 0.4] })
    expect(s.createRun(config())).toBe(6) // ids still never reused
    s.close()
  })
})
