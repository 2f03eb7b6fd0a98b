// The sweep form's spec and its error placement: what the form sends is the spec `li2 sweep run` reads, the service
// accepts what the form builds, and an error's field path lands on the row that caused it.
import { describe, expect, it } from 'vitest'
import { planSweep } from '../../src/api/sweeps'
import { errorPlace, formSpec, parseSeeds, parseValue, type SweepFormModel } from '../../src/renderer/src/utils/sweepForm'

const form = (over: Partial<SweepFormModel> = {}): SweepFormModel => ({
  name: 'probe', description: '', seeds: '1-3', samples: 4, sampleSeed: 7,
  fixed: [{ key: 1, flag: 'group', value: '23' }, { key: 2, flag: 'hidden', value: '64' }],
  axes: [{ key: 3, flag: 'train-frac', kind: 'grid', values: '0.3, 0.5', lo: '', hi: '' }],
  ...over,
})

describe('formSpec', () => {
  it('builds fixed knobs, a grid with the seeds, and random axes', () => {
    expect(formSpec(form())).toEqual({ name: 'probe', fixed: { group: '23', hidden: 64 }, grid: { 'train-frac': [0.3, 0.5], seed: [1, 2, 3] } })
    const r = formSpec(form({ axes: [{ key: 3, flag: 'lr', kind: 'log', values: '', lo: '1e-4', hi: '1e-2' }, { key: 4, flag: 'optim', kind: 'choice', values: 'adam, muon', lo: '', hi: '' }] }))
    expect(r.random).toEqual({ n: 4, seed: 7, space: { lr: { log: [1e-4, 1e-2] }, optim: { choice: ['adam', 'muon'] } } })
  })

  it('is a spec the service plans: 2 fractions × 3 seeds = 6 runs', () => {
    expect(planSweep({ spec: formSpec(form()) }, 2).runs).toBe(6)
  })

  it('keeps group names as text, "null" as null, and leaves what does not parse for the service to name', () => {
    expect(parseValue('group', '23')).toBe('23')
    expect(parseValue('train-frac', 'null')).toBeNull()
    expect(parseValue('lr', 'fast')).toBe('fast')
    expect(parseSeeds('4-6')).toEqual([4, 5, 6])
    expect(parseSeeds('1, 9')).toEqual([1, 9])
  })
})

describe('errorPlace', () => {
  it('puts a service error on its row', () => {
    const f = form({ axes: [{ key: 3, flag: 'train-frac', kind: 'grid', values: '', lo: '', hi: '' }] })
    let field = ''
    try { planSweep({ spec: formSpec(f) }, 1) } catch (e) { field = (e as { field: string }).field }
    expect(field).toBe('grid.train-frac')
    expect(errorPlace(f, field)).toEqual({ row: 'axis', key: 3 })
    expect(errorPlace(f, 'fixed.hidden')).toEqual({ row: 'fixed', key: 2 })
    expect(errorPlace(f, 'grid.train-frac[1]')).toEqual({ row: 'axis', key: 3 })
    expect(errorPlace(f, 'grid.seed[0]')).toEqual({ row: 'seeds' })
    expect(errorPlace(f, 'spec')).toEqual({ row: 'form' })
  })
})
