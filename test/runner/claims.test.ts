// A run is claimed in the store by the process that will train it: two `li2 resume` at once train it once; a run that
// never reached a worker (kill -9 right after "run 1 →", a host closed with runs waiting, a cancel) never stays 'queued'.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createService } from '../../src/api/service'
import { resolveConfig } from '../../src/core/config'
import { openStore } from '../../src/store'
import { cleanupTmp, exited, tmpDir, until } from './helpers'

afterAll(cleanupTmp)

const LI2 = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/li2.mjs')
const li2 = (args: string[]) => spawn(process.execPath, [LI2, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
const fixed = { group: '23', hidden: 128, 'resume-every': 50, 'diag-every': 1000, checkpoints: 0, backend: 'wasm' }

describe('claims on runs', () => {
  it('two `li2 resume 1` at once: one trains it, the other is refused naming the pid (exit 2)', async () => {
    const db = path.join(tmpDir(), 'li2.sqlite')
    const store = openStore(db)
    const id = store.createRun(resolveConfig({ ...fixed, epochs: 1500 }))
    store.setStatus(id, 'interrupted')
    store.close()
    const [a, b] = await Promise.all([li2(['resume', String(id), '--db', db, '--quiet']), li2(['resume', String(id), '--db', db, '--quiet'])].map(exited))
    const [won, lost] = a.code === 0 ? [a, b] : [b, a]
    expect(won.code, won.err).toBe(0)
    expect(won.out).toMatch(new RegExp(`^run ${id} finished`))
    expect(lost.code, lost.out).toBe(2)
    expect(lost.err).toMatch(new RegExp(`^li2: id: run ${id} is already (training|queued to train) \\(pid \\d+\\)\\n$`))
    const after = openStore(db)
    expect(after.getRun(id)).toMatchObject({ status: 'finished', epochsDone: 1500 })
    expect(after.getMetrics(id, { columns: [] }).epoch).toEqual(Array.from({ length: 1501 }, (_, i) => i)) // trained once: no gap, no duplicate
    after.close()
  })

  it('kill -9 right after "run 1 →": the run reads back interrupted (resumable), not queued forever', async () => {
    const db = path.join(tmpDir(), 'li2.sqlite')
    const child = li2(['train', '--group', '23', '--hidden', '128', '--epochs', '100000', '--backend', 'wasm', '--db', db])
    await new Promise<void>((resolve, reject) => {
      let err = ''
      child.stderr!.on('data', (d) => {
        err += d
        if (/run 1 →/.test(err)) { child.kill('SIGKILL'); resolve() }
      })
      child.once('exit', () => reject(new Error(`li2 train exited before "run 1 →": ${err}`)))
    })
    expect((await exited(child)).signal).toBe('SIGKILL')
    const store = openStore(db)
    expect(store.getRun(1)).toMatchObject({ status: 'interrupted', ownerPid: null })
    store.close()
  })

  it('a host that closes with runs waiting (SIGTERM of li2 serve) marks them interrupted; a cancelled waiting run is cancelled', async () => {
    const db = path.join(tmpDir(), 'li2.sqlite')
    const h = await createService({ dbPath: db, workers: 1 })
    const { id: a } = await h.service.startRun({ config: { ...fixed, epochs: 100_000 } })
    const { id: b } = await h.service.startRun({ config: { ...fixed, epochs: 100 } })
    const { id: c } = await h.service.startRun({ config: { ...fixed, epochs: 100 } })
    await until(() => h.store.getRun(a)!.status === 'running')
    expect(h.runner.state().queued).toEqual([b, c])
    await h.service.cancelRun({ id: c })
    expect(h.store.getRun(c)).toMatchObject({ status: 'cancelled', ownerPid: null })
    await h.close()
    const store = openStore(db)
    expect(store.getRun(a)).toMatchObject({ status: 'interrupted', ownerPid: null })
    expect(store.getRun(b)).toMatchObject({ status: 'interrupted', ownerPid: null })
    expect(store.getRun(c)!.status).toBe('cancelled')
    store.close()
  })

  it('a run whose worker crashed is failed with the crash, not left queued', async () => {
    const db = path.join(tmpDir(), 'li2.sqlite')
    const h = await createService({ dbPath: db, workers: 1, workerEntry: path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/crashWorker.mjs') })
    try {
      const { id } = await h.service.startRun({ config: { ...fixed, epochs: 100 } })
      expect(await h.runner.waitFor(id)).toMatchObject({ status: 'failed', error: 'worker crashed: boom' })
      expect(h.store.getRun(id)).toMatchObject({ status: 'failed', error: 'worker crashed: boom', ownerPid: null })
    } finally {
      await h.close()
    }
  })
})
