// Sweep specs: grid and random expansion, and bad specs refused with the field path named and nothing queued.
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/core/errors'
import { openStore } from '../../src/store'
import { presetSpec, PRESET_NAMES } from '../../src/runner/presets'
import { enqueueSweep } from '../../src/runner/sweepRunner'
import { expandSpec, type SweepSpec } from '../../src/runner/sweepSpec'

const TINY: SweepSpec = { name: 'tiny', fixed: { hidden: 128, epochs: 300, wd: 2e-4 }, grid: { group: ['11', '13'], 'train-frac': [0.3, 0.6], seed: [1, 2] } }

function refused(spec: unknown): ValidationError {
  try { expandSpec(spec) } catch (e) { if (e instanceof ValidationError) return e; throw e }
  throw new Error('spec was accepted')
}

describe('expandSpec', () => {
  it('expands a grid to its Cartesian product with fixed knobs applied', () => {
    const items = expandSpec(TINY)
    expect(items).toHaveLength(8)
    expect(items.every((i) => i.config.hidden === 128 && i.config.epochs === 300 && i.config.wd === 2e-4)).toBe(true)
    expect(new Set(items.map((i) => `${i.config.group}/${i.config.trainFrac}/${i.config.seed}`)).size).toBe(8)
  })
  it('random samples are seeded, in range, and the same on every expansion', () => {
    const spec = { random: { n: 20, seed: 0, space: { lr: { log: [1e-4, 1e-2] }, 'train-frac': { uniform: [0.1, 0.6] }, group: { choice: ['11', '13'] } } } }
    const a = expandSpec(spec), b = expandSpec(spec)
    expect(a).toHaveLength(20)
    expect(a.map((i) => i.config)).toEqual(b.map((i) => i.config))
    for (const { config } of a) {
      expect(config.lr).toBeGreaterThanOrEqual(1e-4)
      expect(config.lr).toBeLessThanOrEqual(1e-2)
      expect(config.trainFrac!).toBeGreaterThanOrEqual(0.1)
      expect(['11', '13']).toContain(config.group)
    }
  })
  it('a list of grids is their union; duplicates run once', () => {
    const items = expandSpec({ grid: [{ group: ['11'], 'train-frac': [0.3, 0.3] }, { group: ['13'], 'critical-delta': [0, 1] }] })
    expect(items.map((i) => [i.config.group, i.config.trainFrac, i.config.criticalDelta])).toEqual([['11', 0.3, null], ['13', null, 0], ['13', null, 1]])
  })
  it('refuses an unknown knob, an empty list and a wrong value type, naming the field path', () => {
    expect(refused({ grid: { group: ['11'], 'learning-rate': [0.1] } }).field).toBe('grid.learning-rate')
    expect(refused({ fixed: { hiden: 3 }, grid: { seed: [1] } }).field).toBe('fixed.hiden')
    expect(refused({ grid: { group: ['11'], 'train-frac': [] } }).field).toBe('grid.train-frac')
    expect(refused({ grid: {} }).field).toBe('grid')
    const e = refused({ grid: { group: ['11'], 'train-frac': [0.3, 'x'] } })
    expect(e.field).toBe('grid.train-frac[1]')
    expect(e.message).toMatch(/^grid\.train-frac\[1\]: must be a finite number/)
    expect(refused({ grid: { group: ['11'], 'train-frac': [0.3, 1.5] } }).field).toBe('grid.train-frac[1]')
    expect(refused({ grid: { act: ['sqr', 'tanh'] } }).field).toBe('grid.act[1]')
    expect(refused({ fixed: { group: 'NoSuchGroup' }, grid: { seed: [1] } }).field).toBe('fixed.group')
    expect(refused({ random: { n: 2, space: { lr: { log: [0, 1] } } } }).field).toBe('random.space.lr.log[0]')
    expect(refused({ random: { n: 0, space: { lr: { log: [1e-3, 1e-2] } } } }).field).toBe('random.n')
    expect(refused({ grids: {} }).field).toBe('grids')
  })
  it('every preset expands at both scales', () => {
    for (const n of PRESET_NAMES) for (const s of ['quick', 'paper'] as const) expect(expandSpec(presetSpec(n, s)).length).toBeGreaterThan(0)
    expect(() => presetSpec('fig6')).toThrow(/preset/)
  })
})

describe('enqueueSweep', () => {
  const store = openStore(':memory:')
  it('a bad spec queues nothing and stores no sweep', () => {
    expect(() => enqueueSweep(store, { name: 'bad', grid: { group: ['11'], seed: [1, 'two'] } })).toThrow(/grid\.seed\[1\]/)
    expect(store.listSweeps()).toHaveLength(0)
    expect(store.listJobs()).toHaveLength(0)
  })
  it('stores the named sweep with its spec; re-enqueueing skips every config', () => {
    const a = enqueueSweep(store, TINY)
    expect(a).toMatchObject({ name: 'tiny', total: 8, added: 8, skipped: 0 })
    expect(store.getSweep('tiny')!.spec).toEqual(TINY)
    const b = enqueueSweep(store, TINY)
    expect(b).toMatchObject({ sweepId: a.sweepId, added: 0, skipped: 8 })
    expect(store.listJobs({ sweepId: a.sweepId })).toHaveLength(8)
    expect(() => enqueueSweep(store, { ...TINY, fixed: { hidden: 64 } })).toThrow(/different spec/)
  })
})
