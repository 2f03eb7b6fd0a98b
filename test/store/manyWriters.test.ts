// Many processes writing one store at once (the CLI, the app's window, a sweep): WAL and the busy timeout make each wait
// for the write lock, so none sees SQLITE_BUSY, and every committed row is there exactly once.
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store'
import { cleanupTmp, config, exited, spawnFixture, tmpDb } from './helpers'

afterAll(cleanupTmp)

const WRITERS = 4
const BATCHES = 60 // 3 runs of 200 epochs per writer, one transaction per 10 epochs

describe('many writers', () => {
  it(`${WRITERS} writers and 2 job claimers at once: no SQLITE_BUSY, no row lost or doubled`, async () => {
    const file = tmpDb()
    const s = openStore(file)
    s.enqueueJobs(Array.from({ length: 300 }, (_, i) => ({ config: config({ seed: i }) })))
    s.close()
    const startAt = String(Date.now() + 1500)
    const kids = [
      ...Array.from({ length: WRITERS }, () => spawnFixture('writer', [file, String(BATCHES)])),
      ...Array.from({ length: 2 }, () => spawnFixture('claimer', [file, startAt])),
    ]
    const outs = kids.map((k) => { let o = ''; k.stdout!.on('data', (d) => (o += d)); return () => o })
    const codes = await Promise.all(kids.map(exited))
    const results = outs.map((o) => JSON.parse(o().trim().split('\n').at(-1)!))
    expect(codes.map((c) => c.code), JSON.stringify(results.filter((r) => r.error))).toEqual(kids.map(() => 0))

    const store = openStore(file)
    const writerRuns = results.slice(0, WRITERS).flatMap((r) => r.runs as number[])
    expect(writerRuns).toHaveLength(WRITERS * BATCHES / 20)
    expect(new Set(writerRuns).size).toBe(writerRuns.length)
    for (const id of writerRuns) {
      expect(store.getMetrics(id).epoch).toEqual(Array.from({ length: 200 }, (_, e) => e))
      expect(store.getRun(id)!.status).toBe('finished')
    }
    const claimed = results.slice(WRITERS).flatMap((r) => r.got as number[])
    expect(claimed.sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1)) // each job once
    expect(store.jobCounts().done).toBe(300)
    store.close()
  })
})
