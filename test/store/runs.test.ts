// Runs: create/read/list/patch, status ownership and claims, notes, interrupted detection, and cascade delete.
import { spawn, spawnSync } from 'node:child_process'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/core/errors'
import { HOST, openStore } from '../../src/store'
import { cleanupTmp, config, exited, spawnFixture, tmpDb } from './helpers'

afterAll(cleanupTmp)

/** The pid of a process that has already exited (and been reaped). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString())
}

describe('runs', () => {
  it('creates, reads, lists, patches and annotates runs', () => {
    const store = openStore(tmpDb())
    const a = store.createRun(config({ group: 'D7', seed: 4, epochs: 500 }))
    const b = store.createRun(config(), { status: 'running', groupName: 'custom', seed: 9 })
    const ra = store.getRun(a)!
    expect(ra).toMatchObject({ status: 'queued', groupName: 'D7', seed: 4, totalEpochs: 500, epochsDone: 0, ownerPid: process.pid, ownerHost: HOST, startedAt: null })
    expect(ra.config.group).toBe('D7')
    const rb = store.getRun(b)!
    expect(rb).toMatchObject({ status: 'running', groupName: 'custom', seed: 9, ownerPid: process.pid, ownerHost: HOST })
    expect(rb.startedAt).not.toBeNull()
    expect(store.listRuns().map((r) => r.id)).toEqual([b, a])
    expect(store.listRuns({ status: 'queued' }).map((r) => r.id)).toEqual([a])
    expect(store.listRuns({ status: ['queued', 'running'], limit: 1 }).map((r) => r.id)).toEqual([b])

    expect(store.updateRun(b, { epochsDone: 120, msPerStep: 3.5, stages: { II: 40 }, summary: { test_acc: 1 }, backendVersion: '4.22.0' })).toBe(true)
    expect(store.getRun(b)).toMatchObject({ epochsDone: 120, msPerStep: 3.5, stages: { II: 40 }, summary: { test_acc: 1 }, backendVersion: '4.22.0' })
    expect(store.updateRun(999, { notes: 'x' })).toBe(false)
    store.setNotes(a, 'grokked late')
    expect(store.getRun(a)!.notes).toBe('grokked late')
    expect(() => store.updateRun(a, { status: 'exploded' as never })).toThrow(ValidationError)

    store.setStatus(b, 'diverged', 'loss became NaN')
    expect(store.getRun(b)).toMatchObject({ status: 'diverged', error: 'loss became NaN', ownerPid: null })
    expect(store.getRun(b)!.finishedAt).not.toBeNull()
    store.setStatus(a, 'running')
    expect(store.getRun(a)).toMatchObject({ status: 'running', ownerPid: process.pid })
    store.close()
  })

  it('flips running runs of dead owners to interrupted, and leaves live ones', () => {
    const store = openStore(tmpDb(), { staleMs: 60_000 })
    const mine = store.createRun(config(), { status: 'running' })
    const deadLocal = store.createRun(config(), { status: 'running' })
    store.updateRun(deadLocal, { ownerPid: deadPid() })
    const staleRemote = store.createRun(config(), { status: 'running' })
    store.updateRun(staleRemote, { ownerHost: 'elsewhere', ownerPid: 1, heartbeatAt: Date.now() - 3_600_000 })
    const freshRemote = store.createRun(config(), { status: 'running' })
    store.updateRun(freshRemote, { ownerHost: 'elsewhere', ownerPid: 1, heartbeatAt: Date.now() })
    const byId = new Map(store.listRuns().map((r) => [r.id, r.status]))
    expect(byId.get(mine)).toBe('running')
    expect(byId.get(deadLocal)).toBe('interrupted')
    expect(byId.get(staleRemote)).toBe('interrupted')
    expect(byId.get(freshRemote)).toBe('running')
    expect(store.markInterrupted()).toEqual([])
    store.close()
  })

  it('flips queued runs of dead owners to interrupted too (nobody else would ever train them)', () => {
    const store = openStore(tmpDb(), { staleMs: 60_000 })
    const mine = store.createRun(config())
    const deadLocal = store.createRun(config())
    store.updateRun(deadLocal, { ownerPid: deadPid() })
    const legacy = store.createRun(config()) // queued by code that named no owner, an hour ago
    store.updateRun(legacy, { ownerPid: null, ownerHost: null, heartbeatAt: null })
    const db = new Database(store.path)
    db.prepare('UPDATE runs SET updated_at = ? WHERE id = ?').run(Date.now() - 3_600_000, legacy)
    db.close()
    const byId = new Map(store.listRuns().map((r) => [r.id, r]))
    expect(byId.get(mine)!.status).toBe('queued')
    expect(byId.get(deadLocal)).toMatchObject({ status: 'interrupted', ownerPid: null })
    expect(byId.get(legacy)!.status).toBe('interrupted')
    store.close()
  })

  it('claims a run: refused while a live process holds it (naming its pid), taken over from a dead one', async () => {
    const store = openStore(tmpDb(), { staleMs: 60_000 })
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    try {
      const claimError = (id: number) => {
        try { store.claimRun(id) } catch (e) { expect(e).toBeInstanceOf(ValidationError); expect((e as ValidationError).field).toBe('id'); return (e as ValidationError).rule }
        throw new Error(`run ${id} was claimed`)
      }
      const training = store.createRun(config(), { status: 'running' })
      store.updateRun(training, { ownerPid: other.pid! })
      expect(claimError(training)).toBe(`run ${training} is already training (pid ${other.pid})`)
      const waiting = store.createRun(config())
      store.updateRun(waiting, { ownerPid: other.pid! })
      expect(claimError(waiting)).toBe(`run ${waiting} is already queued to train (pid ${other.pid})`)
      const remote = store.createRun(config(), { status: 'running' })
      store.updateRun(remote, { ownerHost: 'elsewhere', ownerPid: 7, heartbeatAt: Date.now() })
      expect(claimError(remote)).toBe(`run ${remote} is already training (pid 7 on elsewhere)`)
      const mineRunning = store.createRun(config(), { status: 'running' })
      expect(claimError(mineRunning)).toBe(`run ${mineRunning} is already training (pid ${process.pid})`)
      const done = store.createRun(config())
      store.setStatus(done, 'finished')
      expect(claimError(done)).toBe(`run ${done} already finished`)
      expect(claimError(9999)).toBe('no run 9999')

      // taken over: a dead pid here, a silent owner elsewhere, an ended run, and this process's own queued run
      const dead = store.createRun(config(), { status: 'running' })
      store.updateRun(dead, { ownerPid: deadPid() })
      const stale = store.createRun(config(), { status: 'running' })
      store.updateRun(stale, { ownerHost: 'elsewhere', ownerPid: 7, heartbeatAt: Date.now() - 3_600_000 })
      const ended = store.createRun(config())
      store.setStatus(ended, 'interrupted')
      const mineQueued = store.createRun(config())
      for (const id of [dead, stale, ended, mineQueued]) {
        expect(store.claimRun(id)).toMatchObject({ id, status: 'queued', ownerPid: process.pid, ownerHost: HOST, finishedAt: null })
      }
      // and let go: only this process's own queued or running claims
      expect(store.releaseRun(ended, 'cancelled')).toBe(true)
      expect(store.getRun(ended)).toMatchObject({ status: 'cancelled', ownerPid: null })
      expect(store.releaseRun(ended, 'interrupted')).toBe(false)
      expect(store.releaseRun(training, 'interrupted')).toBe(false)
      expect(store.getRun(training)!.status).toBe('running')
    } finally {
      other.kill()
      await exited(other)
      store.close()
    }
  })

  it('two processes claiming one run at the same moment: exactly one wins, the other is told who', async () => {
    const file = tmpDb()
    const store = openStore(file)
    const id = store.createRun(config())
    store.setStatus(id, 'interrupted')
    const startAt = String(Date.now() + 2500) // after both children have loaded tsx
    const kids = [0, 1, 2].map(() => spawnFixture('runClaimer', [file, String(id), startAt]))
    const outs = await Promise.all(kids.map(async (c) => {
      let out = ''
      c.stdout!.on('data', (d) => (out += d))
      expect((await exited(c)).code).toBe(0)
      return JSON.parse(out) as { pid: number; won: boolean; error?: string }
    }))
    const winners = outs.filter((o) => o.won)
    expect(winners).toHaveLength(1)
    for (const o of outs.filter((o) => !o.won)) expect(o.error).toBe(`id: run ${id} is already queued to train (pid ${winners[0].pid})`)
    store.close()
  })

  it('deleting a run cascades to everything it owns', () => {
    const store = openStore(tmpDb())
    const id = store.createRun(config())
    const keep = store.createRun(config())
    for (const r of [id, keep]) {
      store.appendMetrics(r, [{ epoch: 0, train_loss: 1 }])
      store.saveSplit(r, { train: new Int32Array([0, 1]), test: new Int32Array([2]) })
      store.saveCheckpoint(r, 0, { W: { shape: [1], data: new Float32Array([1]) } })
      store.saveResumeState(r, 0, {}, { step: 0 })
      store.saveSpectra(r, 0, [1, 2])
    }
    const [job] = store.enqueueJobs([{ config: config(), key: 'k' }]).added
    store.setJobRun(job, id)
    expect(store.deleteRun(id)).toBe(true)
    expect(store.getRun(id)).toBeNull()
    expect(store.getMetrics(id).epoch).toEqual([])
    expect(store.getSplit(id)).toBeNull()
    expect(store.listCheckpoints(id)).toEqual([])
    expect(store.getResumeState(id)).toBeNull()
    expect(store.listSpectraEpochs(id)).toEqual([])
    expect(store.listJobs()[0].runId).toBeNull()
    expect(store.getMetrics(keep).epoch).toEqual([0])
    expect(store.getSplit(keep)).not.toBeNull()
    expect(store.deleteRun(id)).toBe(false)
    store.close()
  })
})
