// getFeatures({ power: true }) and getNode on a trained Z_11 run: the power table agrees with the stored spectra and
// with one node's detail, and bad input (a node ≥ K, an epoch without a checkpoint, a missing argument) is refused by name.
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError, validateCall } from '../../src/api/contract'
import { createService, type ServiceHandle } from '../../src/api/service'
import { resolveConfig } from '../../src/core/config'
import { openStore } from '../../src/store'
import { runTrainJob } from '../../src/runner/trainJob'

const dir = mkdtempSync(path.join(os.tmpdir(), 'li2-node-'))
const db = path.join(dir, 'lab.sqlite')
/** S3 as a user's Cayley table: the six permutations of {0, 1, 2}, composed. */
function s3Table(): number[][] {
  const P = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [1, 0, 2], [0, 2, 1], [2, 1, 0]]
  const idx = (p: number[]) => P.findIndex((x) => x.every((v, i) => v === p[i]))
  return P.map((a) => P.map((b) => idx(b.map((i) => a[i]))))
}
let h: ServiceHandle

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try { await p } catch (e) { return e as ApiError }
  throw new Error('expected a refusal')
}

beforeAll(async () => {
  const store = openStore(db)
  const id = store.createRun(resolveConfig({ group: '11', hidden: 32, 'train-frac': 0.6, lr: 1e-2, wd: 1e-3, epochs: 60, backend: 'wasm' }))
  await runTrainJob(store, id)
  const table = path.join(dir, 's3.json')
  writeFileSync(table, JSON.stringify(s3Table()))
  await runTrainJob(store, store.createRun(resolveConfig({ group: `table:${table}`, hidden: 12, 'train-frac': 0.8, epochs: 10, backend: 'wasm' })))
  store.close()
  h = await createService({ dbPath: db, workers: 0 })
}, 120_000)
afterAll(async () => { await h?.close() })

describe('getFeatures with power', () => {
  it('adds a K × irreps power table that agrees with the stored spectra', async () => {
    const stored = await h.service.getFeatures({ id: 1, epoch: 60 })
    const f = await h.service.getFeatures({ id: 1, epoch: 60, power: true })
    expect(stored.power).toBeUndefined()
    expect(f.epoch).toBe(60)
    expect(f.power).toHaveLength(32)
    expect(f.power![0]).toHaveLength(f.irreps.length) // trivial + 5 frequency pairs of Z_11
    expect(f.irreps.length).toBe(6)
    expect(f.dominant).toEqual(stored.dominant)
    expect(f.summary.irrepsCovered).toEqual(stored.summary.irrepsCovered)
  })
})

describe('getNode', () => {
  it('returns u, v over the 11 elements, V[:, node], its spectrum as in the power table, and the DFT', async () => {
    const f = await h.service.getFeatures({ id: 1, epoch: 60, power: true })
    const ck = await h.service.getCheckpoint({ id: 1, epoch: 60 })
    const n = await h.service.getNode({ id: 1, epoch: 60, node: 7 })
    expect(n.inputs.map((u) => u.length)).toEqual([11, 11])
    const Wt = ck.tensors.Wt.data, K = 32
    expect(n.inputs[1][3]).toBeCloseTo(Wt[(11 + 3) * K + 7], 6) // block 1 (v), element 3
    expect(n.output[5]).toBeCloseTo(ck.tensors.V.data[5 * K + 7], 6)
    // the table is sent with 4 significant digits
    n.spectrum.forEach((r, k) => expect(Math.abs(r.power - Math.max(0, f.power![7][k]))).toBeLessThanOrEqual(1e-3 * r.power + 1e-12))
    expect(n.dominant).toBe(f.dominant[7])
    expect(n.dft!.inputs[0]).toHaveLength(6) // frequencies 0..5
  })
  it('refuses a node ≥ K, an epoch without a checkpoint and missing arguments, each by name', async () => {
    const big = await refusal(h.service.getNode({ id: 1, epoch: 60, node: 32 }))
    expect(big.toJSON()).toMatchObject({ code: 'invalid', field: 'node', message: 'node: must be below the hidden width K = 32 (got 32)' })
    const ck = (await h.service.getRun({ id: 1 })).checkpoints
    const gap = [...Array(60).keys()].find((e) => !ck.includes(e))!
    const none = await refusal(h.service.getNode({ id: 1, epoch: gap, node: 0 }))
    expect(none.toJSON()).toMatchObject({ code: 'invalid', field: 'epoch' })
    expect(none.message).toMatch(new RegExp(`^epoch: run 1 has no checkpoint at epoch ${gap} \\(nearest stored: \\d+\\)$`))
    expect((await refusal(h.service.getNode({ id: 9, epoch: 0, node: 0 }))).toJSON()).toMatchObject({ code: 'not_found', field: 'id' })
    expect(() => validateCall('getNode', { id: 1, node: 0 })).toThrow('epoch: is required')
    expect(() => validateCall('getNode', { id: 1, epoch: 0, node: -1 })).toThrow('node: must be ≥ 0')
    expect(() => validateCall('getFeatures', { id: 1, power: 'yes' })).toThrow('power: must be true or false')
  })
})

describe('a user\'s Cayley table', () => {
  it('gets the power table and node detail over its own irreps, with no DFT (not Z_M)', async () => {
    const f = await h.service.getFeatures({ id: 2, power: true })
    expect(f.irreps.map((r) => r.degree).sort()).toEqual([1, 1, 2])
    expect(f.power).toHaveLength(12)
    const n = await h.service.getNode({ id: 2, epoch: f.epoch, node: 11 })
    expect(n.inputs.map((u) => u.length)).toEqual([6, 6])
    expect(n.spectrum.map((r) => r.label)).toEqual(f.irreps.map((r) => r.label))
    expect(n.dft).toBeNull()
  })
})
