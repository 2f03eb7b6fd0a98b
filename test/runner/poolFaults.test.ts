// A worker thread that throws, exits by itself or runs out of memory fails its run with the reason, exactly once, and the
// pool carries on with the next job on a fresh worker.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { FromWorker } from '../../src/runner/messages'
import { WorkerPool } from '../../src/runner/pool'

const ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/faultWorker.mjs')

describe('worker faults', () => {
  it('throw, exit and out-of-memory each fail their run with the reason; the next runs still finish', async () => {
    const got: FromWorker[] = []
    let wake = () => {}
    const pool = new WorkerPool({
      size: 1, entry: ENTRY, resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 },
      onMessage: (m) => { got.push(m); wake() },
    })
    const ended = (runId: number) => new Promise<FromWorker>((resolve) => {
      const look = () => { const m = got.find((x) => (x.type === 'done' || x.type === 'error') && x.runId === runId); if (m) resolve(m); else wake = look }
      look()
    })
    try {
      for (const [bad, why] of [[1, /^worker crashed: boom in the worker$/], [2, /^worker exited \(code 7\) while training$/], [3, /^worker ran out of memory/]] as const) {
        expect(pool.start(bad, '/nowhere')).toBe(true)
        expect(await ended(bad)).toMatchObject({ type: 'error', runId: bad, message: expect.stringMatching(why) })
        expect(pool.hasFree()).toBe(true)
        const next = 100 + bad
        expect(pool.start(next, '/nowhere')).toBe(true)
        expect(await ended(next)).toMatchObject({ type: 'done', runId: next, status: 'finished' })
      }
      await new Promise((r) => setTimeout(r, 50)) // an 'exit' after an 'error' must not report the run again
      const ends = got.filter((m) => m.type === 'done' || m.type === 'error').map((m) => (m as { runId: number }).runId)
      expect(ends).toEqual([1, 101, 2, 102, 3, 103])
    } finally { await pool.close() }
  })
})
