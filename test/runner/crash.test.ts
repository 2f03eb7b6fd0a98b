// kill -9 of a runner mid-sweep, then a restart: dead claimants' jobs are requeued, interrupted runs resume from their
// resume state, and every config ends with exactly one finished run.
import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { configHash, openStore } from '../../src/store'
import { cleanupTmp, exited, spawnSweep, tmpDir, until } from './helpers'

afterAll(cleanupTmp)

const SPEC = {
  name: 'crash',
  fixed: { group: '23', hidden: 256, lr: 1e-2, wd: 1e-3, epochs: 1500, 'resume-every': 50, 'eval-every': 10, 'diag-every': 1000, checkpoints: 0, backend: 'wasm' },
  grid: { 'train-frac': [0.4, 0.5, 0.6], seed: [1, 2] },
}

describe('runner killed with SIGKILL mid-sweep', () => {
  it('restarts and finishes with every run exactly once', async () => {
    const dir = tmpDir()
    const db = path.join(dir, 'li2.sqlite'), specFile = path.join(dir, 'spec.json')
    fs.writeFileSync(specFile, JSON.stringify(SPEC))
    const args = ['run', specFile, '--workers', '2', '--db', db]

    const first = spawnSweep(args)
    const firstExit = exited(first)
    // wait until one job is done and another run is part-way (past a resume state), then kill -9
    await until(() => fs.existsSync(db), 30_000)
    let victim = -1, victimEpoch = 0
    await until(() => {
      const s = openStore(db)
      try {
        const c = s.jobCounts()
        const part = s.listRuns({ status: 'running' }).find((r) => r.epochsDone >= 200 && r.epochsDone < 1300)
        if (c.done >= 1 && part) { victim = part.id; victimEpoch = part.epochsDone; return true }
        return false
      } finally { s.close() }
    }, 90_000)
    first.kill('SIGKILL')
    const killed = await firstExit
    expect(killed.signal).toBe('SIGKILL')

    const mid = openStore(db)
    const left = mid.jobCounts()
    expect(left.done).toBeGreaterThanOrEqual(1)
    expect(left.done).toBeLessThan(6)
    expect(mid.getRun(victim)!.status).toBe('interrupted') // its owner pid is gone
    const resumeEpoch = mid.getResumeState(victim)!.epoch
    expect(resumeEpoch).toBeGreaterThanOrEqual(50)
    expect(resumeEpoch).toBeLessThanOrEqual(victimEpoch + 50)
    mid.close()

    const second = await exited(spawnSweep(args))
    expect(second.err).toMatch(/sweep crash/)
    expect(second.code).toBe(0)

    const s = openStore(db)
    const jobs = s.listJobs()
    expect(jobs).toHaveLength(6)
    expect(jobs.every((j) => j.status === 'done')).toBe(true)
    expect(jobs.some((j) => j.attempts === 2)).toBe(true) // requeued after the kill
    const runs = s.listRuns()
    expect(runs).toHaveLength(6) // no duplicate run for any config
    expect(runs.every((r) => r.status === 'finished' && r.epochsDone === 1500)).toBe(true)
    expect(new Set(runs.map((r) => configHash(r.config)))).toEqual(new Set(jobs.map((j) => j.key)))
    // the interrupted run resumed (same id) with one metrics row per epoch and no gap
    const m = s.getMetrics(victim, { columns: ['train_loss'] })
    expect(m.epoch).toEqual(Array.from({ length: 1501 }, (_, i) => i))
    expect(s.getRun(victim)!.summary).not.toBeNull()
    s.close()
  })
})
