// Sweeps and the job queue: dedupe by key, ordered claims, atomic claims across processes, done/failed, requeue of dead claimants.
import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/core/errors'
import { configHash, HOST, openStore } from '../../src/store'
import { cleanupTmp, config, exited, spawnFixture, tmpDb } from './helpers'

afterAll(cleanupTmp)

/** The pid of a process that has already exited (and been reaped). */
const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString())

describe('sweeps and jobs', () => {
  it('hashes configs canonically and skips keys already enqueued', () => {
    expect(configHash({ a: 1, b: [1, { y: 2, x: 1 }] })).toBe(configHash({ b: [1, { x: 1, y: 2 }], a: 1 }))
    const store = openStore(tmpDb())
    const sweep = store.createSweep('lr-grid', { lr: [1e-3, 1e-2] })
    expect(() => store.createSweep('lr-grid', {})).toThrow(ValidationError)
    expect(store.getSweep('lr-grid')).toMatchObject({ id: sweep, spec: { lr: [1e-3, 1e-2] } })
    const first = store.enqueueJobs([{ config: config({ lr: 1e-3 }) }, { config: config({ lr: 1e-2 }) }], sweep)
    expect(first.added).toHaveLength(2)
    const again = store.enqueueJobs([{ config: config({ lr: 1e-2 }) }, { config: config({ lr: 3e-2 }) }], sweep)
    expect(again.added).toHaveLength(1)
    expect(again.skipped).toEqual([configHash(config({ lr: 1e-2 }))])
    expect(store.jobCounts(sweep)).toEqual({ queued: 3, running: 0, done: 0, failed: 0, cancelled: 0 })
    store.close()
  })

  it('claims in order, marks done and failed, cancels the rest', () => {
    const store = openStore(tmpDb())
    const { added } = store.enqueueJobs([1, 2, 3, 4].map((s) => ({ config: config({ seed: s }) })))
    const a = store.claimJob('me:1')!
    expect(a).toMatchObject({ id: added[0], status: 'running', claimedBy: 'me:1', attempts: 1 })
    expect(a.config.seed).toBe(1)
    const runId = store.createRun(a.config, { status: 'running' })
    store.finishJob(a.id, runId)
    const b = store.claimJob()!
    store.failJob(b.id, 'boom')
    expect(store.cancelQueuedJobs()).toBe(2)
    expect(store.claimJob()).toBeNull()
    expect(store.listJobs().map((j) => [j.status, j.runId, j.error])).toEqual([
      ['done', runId, null], ['failed', null, 'boom'], ['cancelled', null, null], ['cancelled', null, null],
    ])
    store.close()
  })

  it('hands each job to exactly one of several racing processes', async () => {
    const file = tmpDb()
    const store = openStore(file)
    const n = 400
    store.enqueueJobs(Array.from({ length: n }, (_, i) => ({ config: config({ seed: i }) })))
    const startAt = String(Date.now() + 2500) // after every child has loaded tsx, so they really contend
    const kids = [0, 1, 2, 3].map(() => spawnFixture('claimer', [file, startAt]))
    const outs = await Promise.all(kids.map(async (c) => {
      let out = ''
      let err = ''
      c.stdout!.on('data', (d) => (out += d))
      c.stderr!.on('data', (d) => (err += d))
      const { code } = await exited(c)
      expect(code, err).toBe(0)
      return JSON.parse(out) as { got: number[] }
    }))
    const all = outs.flatMap((o) => o.got)
    expect(all).toHaveLength(n)
    expect(new Set(all).size).toBe(n)
    expect(outs.filter((o) => o.got.length > 0).length).toBeGreaterThan(1) // the race happened
    expect(store.jobCounts()).toMatchObject({ queued: 0, running: 0, done: n })
    expect(store.listJobs().every((j) => j.attempts === 1)).toBe(true)
    store.close()
  })

  it('requeues jobs whose claimant is dead, keeping their run', () => {
    const store = openStore(tmpDb(), { staleMs: 60_000 })
    store.enqueueJobs([1, 2, 3].map((s) => ({ config: config({ seed: s }) })))
    const live = store.claimJob()!
    const dead = store.claimJob('nohost:1')! // another host, never heartbeat: stale once staleMs passes
    const deadRun = store.createRun(dead.config)
    store.setJobRun(dead.id, deadRun)
    expect(store.requeueDeadJobs()).toEqual([]) // just claimed: not stale yet
    store.updateRun(deadRun, { heartbeatAt: Date.now() - 3_600_000 })
    expect(store.requeueDeadJobs()).toEqual([dead.id])
    const again = store.claimJob()!
    expect(again).toMatchObject({ id: dead.id, runId: deadRun, attempts: 2 })
    expect(store.listJobs({ status: 'running' }).map((j) => j.id).sort()).toEqual([live.id, dead.id].sort())
    store.close()
  })

  it('on open, a dead claimant\'s job is back in the queue and its run interrupted (not left running or queued)', () => {
    const file = tmpDb()
    const store = openStore(file)
    store.enqueueJobs([{ config: config() }])
    const gone = deadPid()
    const job = store.claimJob(`${HOST}:${gone}:sweep`)!
    const run = store.createRun(job.config)
    store.setJobRun(job.id, run)
    store.updateRun(run, { ownerPid: gone })
    store.close()
    const again = openStore(file)
    expect(again.listJobs().map((j) => [j.id, j.status, j.runId])).toEqual([[job.id, 'queued', run]])
    expect(again.getRun(run)!.status).toBe('interrupted')
    again.close()
  })
})
