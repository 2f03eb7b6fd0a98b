// The trash, tags and labels through the contract: deleteRun moves to the trash, restoreRun brings a run back with its
// metrics, emptyTrash and purgeRun delete for good, a queued run is refused, and bad arguments are named.
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, MAX_TAG, validateCall } from '../../src/api/contract'
import { createService, type ServiceHandle } from '../../src/api/service'
import { resolveConfig } from '../../src/core/config'
import { MAX_TAG as STORED_MAX_TAG } from '../../src/store/runs'

let h: ServiceHandle | null = null
afterEach(async () => { await h?.close(); h = null })

async function withRun() {
  h = await createService({ dbPath: ':memory:', workers: 0 })
  const id = h.store.createRun(resolveConfig({ group: '5', hidden: 4, epochs: 2 }), { status: 'finished' })
  h.store.appendMetrics(id, [{ epoch: 0, train_acc: 0.5 }, { epoch: 1, train_acc: 1 }])
  return { svc: h.service, id }
}
const err = async (p: Promise<unknown>) => { try { await p } catch (e) { return e as ApiError } throw new Error('did not throw') }

describe('trash through the service', () => {
  it('delete → listed only in the trash → restore with every metric → delete → emptyTrash', async () => {
    const { svc, id } = await withRun()
    const before = await svc.getMetrics({ id })
    await svc.deleteRun({ id })
    expect(await svc.listRuns({})).toEqual([])
    const [t] = await svc.listRuns({ trashed: true })
    expect(t.id).toBe(id)
    expect(t.deletedAt).toBeGreaterThan(0)
    expect((await err(svc.deleteRun({ id }))).message).toMatch(/already in the trash/)
    expect((await err(svc.resumeRun({ id }))).message).toMatch(/in the trash; restore it first/)
    await svc.restoreRun({ id })
    expect((await svc.listRuns({})).map((r) => r.id)).toEqual([id])
    expect(await svc.getMetrics({ id })).toEqual(before)
    expect((await err(svc.restoreRun({ id }))).message).toMatch(/not in the trash/)
    expect((await err(svc.purgeRun({ id }))).message).toMatch(/not in the trash/)
    await svc.deleteRun({ id })
    expect(await svc.emptyTrash({})).toEqual({ deleted: 1 })
    expect((await err(svc.getRun({ id }))).code).toBe('not_found')
  })

  it('refuses to trash a queued or training run', async () => {
    const { svc, id } = await withRun()
    h!.store.setStatus(id, 'queued') // owned by this live process
    const e = await err(svc.deleteRun({ id }))
    expect(e).toMatchObject({ code: 'invalid', field: 'id' })
    expect(e.message).toMatch(/cancel it first/)
  })

  it('tags, labels and the filters', async () => {
    const { svc, id } = await withRun()
    expect(await svc.setTags({ id, tags: [' grok', 'z5', 'grok'] })).toEqual({ tags: ['grok', 'z5'] })
    expect(await svc.setLabel({ id, label: 'first try' })).toEqual({ label: 'first try' })
    expect((await svc.listRuns({ tag: 'grok' }))[0]).toMatchObject({ id, label: 'first try', tags: ['grok', 'z5'], deletedAt: null })
    expect(await svc.listRuns({ tag: 'nope' })).toEqual([])
    expect((await svc.listRuns({ q: 'FIRST' })).map((r) => r.id)).toEqual([id])
    expect(await svc.listTags({})).toEqual([{ tag: 'grok', runs: 1 }, { tag: 'z5', runs: 1 }])
    expect(await svc.setLabel({ id, label: '' })).toEqual({ label: null })
    expect((await err(svc.setTags({ id, tags: [''] })))).toMatchObject({ code: 'invalid', field: 'tags' })
  })

  it('the contract\'s tag limit is the store\'s', () => { expect(MAX_TAG).toBe(STORED_MAX_TAG) })

  it('validates the new methods by name', () => {
    const field = (m: string, a: unknown) => { try { validateCall(m, a); return null } catch (e) { return (e as ApiError).field } }
    expect(field('setTags', { id: 1 })).toBe('tags')
    expect(field('setTags', { id: 1, tags: [1] })).toBe('tags')
    expect(field('setTags', { id: 1, tags: Array(101).fill('a') })).toBe('tags')
    expect(field('setLabel', { id: 1, label: 'x'.repeat(201) })).toBe('label')
    expect(field('listRuns', { trashed: 'yes' })).toBe('trashed')
    expect(field('emptyTrash', { all: true })).toBe('all')
    expect(field('restoreRun', {})).toBe('id')
    expect(field('listRuns', { tag: 'a', trashed: true, q: 'x' })).toBeNull()
  })
})
