// getTheory on a host that trains runs in a worker thread: the same report as computed in-process, named errors come
// back with their field, and the host answers other calls while it computes.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createService, type ServiceHandle } from '../../src/api/service'
import { theoryReport } from '../../src/runner/theoryJob'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-theory-worker-'))
let h: ServiceHandle
let id = 0
beforeAll(async () => {
  h = await createService({ dbPath: path.join(dir, 'lab.sqlite'), workers: 1 })
  const done = new Promise<void>((r) => { const off = h.on('onRunFinished', () => { off(); r() }) })
  id = (await h.service.startRun({ config: { group: '11', hidden: 32, epochs: 40, 'train-frac': 0.6, backend: 'wasm' } })).id
  await done
}, 120_000)
afterAll(async () => { await h?.close(); fs.rmSync(dir, { recursive: true, force: true }) })

describe('getTheory in a worker thread', () => {
  it('equals the in-process report, and the host answers meanwhile', async () => {
    const pending = h.service.getTheory({ id, epoch: 0 })
    const runs = await h.service.listRuns({}) // answered while the worker computes
    expect(runs.map((r) => r.id)).toEqual([id])
    const viaWorker = await pending
    const inProcess = await theoryReport(h.store, id, { epoch: 0 })
    expect(viaWorker.epoch).toBe(0)
    expect(JSON.parse(JSON.stringify(viaWorker))).toEqual(JSON.parse(JSON.stringify(inProcess)))
  }, 120_000)

  it('names a bad run id', async () => {
    await expect(h.service.getTheory({ id: 999 })).rejects.toMatchObject({ code: 'not_found', field: 'id' })
  })
})
