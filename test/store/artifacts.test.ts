// Splits, checkpoints, resume state and spectra round-trip through the database.
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store'
import { cleanupTmp, config, tmpDb } from './helpers'

afterAll(cleanupTmp)

describe('artifacts', () => {
  it('round-trips a split as aligned Int32Arrays', () => {
    const store = openStore(tmpDb())
    const id = store.createRun(config())
    const train = Int32Array.from({ length: 2016 }, (_, i) => (i * 7919) % 5041)
    const test = new Int32Array([-1, 0, 2147483647, -2147483648])
    store.saveSplit(id, { train, test })
    const back = store.getSplit(id)!
    expect(back.train).toBeInstanceOf(Int32Array)
    expect(back.train).toEqual(train)
    expect(back.test).toEqual(test)
    expect(store.getSplit(id + 1)).toBeNull()
    store.close()
  })

  it('keeps checkpoints per epoch and finds the latest', () => {
    const store = openStore(tmpDb())
    const id = store.createRun(config())
    for (const e of [10, 0, 5]) store.saveCheckpoint(id, e, { Wt: { shape: [2, 3], data: new Float32Array(6).fill(e) } })
    expect(store.listCheckpoints(id)).toEqual([0, 5, 10])
    const latest = store.getCheckpoint(id, 'latest')!
    expect(latest.epoch).toBe(10)
    expect(latest.kind).toBe('weights')
    expect(latest.tensors.Wt.shape).toEqual([2, 3])
    expect([...latest.tensors.Wt.data]).toEqual(Array(6).fill(10))
    expect(store.getCheckpoint(id, 5)!.tensors.Wt.data[0]).toBe(5)
    expect(store.getCheckpoint(id, 7)).toBeNull()
    store.close()
  })

  it('overwrites the single resume state in place, with its meta', () => {
    const store = openStore(tmpDb())
    const id = store.createRun(config())
    store.saveResumeState(id, 50, { m: { shape: [2], data: new Float32Array([1, NaN]) } }, { step: 50, rng: [1, 2, 3, 4] })
    store.saveResumeState(id, 100, { m: { shape: [2], data: new Float32Array([2, 3]) } }, { step: 100, rng: [5, 6, 7, 8] })
    const r = store.getResumeState(id)!
    expect(r.epoch).toBe(100)
    expect(r.meta).toEqual({ step: 100, rng: [5, 6, 7, 8] })
    expect([...r.tensors.m.data]).toEqual([2, 3])
    expect(store.deleteResumeState(id)).toBe(true)
    expect(store.getResumeState(id)).toBeNull()
    store.close()
  })

  it('stores spectra as JSON per epoch', () => {
    const store = openStore(tmpDb())
    const id = store.createRun(config())
    store.saveSpectra(id, 100, { irreps: [0.1, 0.9] })
    store.saveSpectra(id, 20, { irreps: [0.5, 0.5] })
    expect(store.listSpectraEpochs(id)).toEqual([20, 100])
    expect(store.getSpectra(id, 20)).toEqual({ epoch: 20, data: { irreps: [0.5, 0.5] } })
    expect(store.getSpectra<{ irreps: number[] }>(id, 'latest')!.data.irreps).toEqual([0.1, 0.9])
    expect(store.getSpectra(id, 3)).toBeNull()
    store.close()
  })
})
