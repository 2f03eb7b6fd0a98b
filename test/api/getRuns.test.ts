// getRuns: many runs' records in one call (Compare's 50 runs were 50 round trips): the order asked, each id once, a
// missing id left out, the same record getRun gives, and a named error for an empty or oversized list.
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, MAX_SERIES_RUNS, validateCall } from '../../src/api/contract'
import { createService, type ServiceHandle } from '../../src/api/service'
import { resolveConfig } from '../../src/core/config'

let h: ServiceHandle | null = null
afterEach(async () => { await h?.close(); h = null })

describe('getRuns', () => {
  it('answers in the order asked, each id once, leaving out ids with no run; each record is getRun’s', async () => {
    h = await createService({ dbPath: ':memory:', workers: 0 })
    const ids = [1, 2, 3].map((seed) => h!.store.createRun(resolveConfig({ group: '5', hidden: 4, epochs: 10, wd: seed * 1e-4, seed }), { status: 'finished' }))
    const got = await h.service.getRuns({ ids: [ids[2]!, 99, ids[0]!, ids[2]!] })
    expect(got.map((r) => r.id)).toEqual([ids[2], ids[0]])
    expect(got[0]).toEqual(await h.service.getRun({ id: ids[2]! }))
    expect(got[1]!.config).toMatchObject({ wd: 1e-4, seed: 1 })
  })
  it('refuses an empty, non-integer or oversized id list by name', () => {
    const msg = (args: unknown) => { try { validateCall('getRuns', args); return 'ok' } catch (e) { return `${(e as ApiError).field}: ${(e as ApiError).message}` } }
    expect(msg({ ids: [] })).toBe('ids: ids: must not be empty')
    expect(msg({})).toBe('ids: ids: is required')
    expect(msg({ ids: [1.5] })).toBe('ids: ids: must be a list of integers')
    expect(msg({ ids: Array.from({ length: MAX_SERIES_RUNS + 1 }, (_, i) => i + 1) })).toBe(`ids: ids: must have at most ${MAX_SERIES_RUNS} items`)
    expect(msg({ ids: [1, 2] })).toBe('ok')
  })
})
