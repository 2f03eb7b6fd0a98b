// A writer killed with SIGKILL loses nothing it committed, and its run reads back as 'interrupted'.
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store'
import { cleanupTmp, exited, spawnFixture, tmpDb } from './helpers'

afterAll(cleanupTmp)

describe('crash semantics', () => {
  it('keeps every committed metrics batch of a SIGKILLed writer and marks its run interrupted', async () => {
    const file = tmpDb()
    const child = spawnFixture('killedWriter', [file])
    let stderr = ''
    child.stderr!.on('data', (d) => (stderr += d))
    let runId = -1
    let committed = 0
    await new Promise<void>((resolve, reject) => {
      let buf = ''
      child.stdout!.on('data', (d: Buffer) => {
        buf += d.toString()
        let nl: number
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl)
          buf = buf.slice(nl + 1)
          const run = /^run (\d+)/.exec(line)
          if (run) runId = Number(run[1])
          const c = /^committed (\d+)/.exec(line)
          if (c) committed = Number(c[1])
          if (committed >= 40 && !child.killed) {
            child.kill('SIGKILL')
            resolve()
          }
        }
      })
      child.once('exit', () => (committed >= 40 ? resolve() : reject(new Error(`writer exited early: ${stderr}`))))
    })
    const { signal } = await exited(child) // reaped: its pid no longer answers kill(pid, 0)
    expect(signal).toBe('SIGKILL')

    const store = openStore(file)
    const run = store.getRun(runId)!
    expect(run.status).toBe('interrupted')
    expect(run.ownerPid).toBeNull()
    expect(run.finishedAt).not.toBeNull()
    const m = store.getMetrics(runId, { columns: ['train_loss', 'extra'] })
    expect(m.epoch.length).toBeGreaterThanOrEqual(committed) // it may have committed more after the last line we read
    expect(m.epoch.length % 2).toBe(0) // batches of two: whole transactions or nothing
    expect(m.epoch).toEqual(m.epoch.map((_, i) => i))
    expect(m.train_loss![5]).toBeCloseTo(1 / 6)
    expect(m.extra![3]).toEqual({ k: 1 })
    store.close()
  })
})
