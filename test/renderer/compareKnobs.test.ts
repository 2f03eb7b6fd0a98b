// Compare's naming: the legend names only the knobs that differ, seed groups pool runs that differ only in the seed and
// carry their count, and the config diff table lists differing knobs unless asked for all.
import { describe, expect, it } from 'vitest'
import { configDiffRows, differingKnobs, groupBySeed, knobValue, runLegendNames } from '../../src/renderer/src/charts/compareKnobs'

const base = { group: '71', hidden: 2048, optim: 'adam', lr: 1e-3, wd: 2e-4, seed: 0, trainFrac: 0.4, lrMilestones: [1000], backend: 'auto', checkpoints: 50 }
const run = (id: number, over: Record<string, unknown>) => ({ id, config: { ...base, ...over } })

describe('differing knobs and legend names', () => {
  it('names only what differs, as flag=value joined by " · "', () => {
    const runs = [run(1, { wd: 0, optim: 'adam' }), run(2, { wd: 1e-4, optim: 'muon' }), run(3, { wd: 0, optim: 'muon' })]
    expect(differingKnobs(runs)).toEqual(['optim', 'wd'])
    expect([...runLegendNames(runs).values()]).toEqual(['optim=adam · wd=0', 'optim=muon · wd=1e-4', 'optim=muon · wd=0'])
  })
  it('uses flag names and ignores bookkeeping knobs (backend, checkpoints)', () => {
    const runs = [run(1, { trainFrac: 0.3, backend: 'wasm' }), run(2, { trainFrac: 0.5, backend: 'cpu', checkpoints: 5 })]
    expect([...runLegendNames(runs).values()]).toEqual(['train-frac=0.3', 'train-frac=0.5'])
  })
  it('runs that differ in nothing named get their id and headline knobs, so no two entries read the same', () => {
    const names = runLegendNames([run(4, {}), run(5, { backend: 'cpu' })])
    expect(names.get(4)).toBe('#4 group=71 · hidden=2048 · optim=adam · lr=0.001 · wd=2e-4')
    expect(names.get(5)).toMatch(/^#5 /)
  })
  it('formats values as a reader expects them', () => {
    expect([knobValue(1e-4), knobValue(0.001), knobValue(null), knobValue([1000, 2000]), knobValue('muon')]).toEqual(['1e-4', '0.001', '—', '[1000,2000]', 'muon'])
  })
})

describe('seed groups', () => {
  it('pools runs that differ only in the seed, named by what differs between groups, with n', () => {
    const runs = [run(1, { wd: 0, seed: 1 }), run(2, { wd: 1e-4, seed: 1 }), run(3, { wd: 0, seed: 2 }), run(4, { wd: 1e-4, seed: 2 }), run(5, { wd: 1e-4, seed: 3 })]
    const g = groupBySeed(runs)
    expect(g.map((x) => [x.name, x.ids])).toEqual([['wd=0 (n=2)', [1, 3]], ['wd=1e-4 (n=3)', [2, 4, 5]]])
  })
  it('one config over three seeds is one group named by its headline knobs; a lone run carries no n', () => {
    expect(groupBySeed([run(1, { seed: 1 }), run(2, { seed: 2 }), run(3, { seed: 3, backend: 'cpu' })]).map((x) => x.name))
      .toEqual(['group=71 · hidden=2048 · optim=adam · lr=0.001 · wd=2e-4 (n=3)'])
    expect(groupBySeed([run(1, { wd: 0 }), run(2, { wd: 1 })]).map((x) => x.name)).toEqual(['wd=0', 'wd=1'])
  })
})

describe('config diff table', () => {
  const runs = [run(1, { wd: 0, seed: 1 }), run(2, { wd: 1e-4, seed: 2 })]
  it('lists the differing knobs by default, one value per run', () => {
    expect(configDiffRows(runs)).toEqual([
      { knob: 'wd', name: 'wd', values: ['0', '1e-4'], differs: true },
      { knob: 'seed', name: 'seed', values: ['1', '2'], differs: true },
    ])
  })
  it('lists every knob on "all", marking which differ', () => {
    const rows = configDiffRows(runs, true)
    expect(rows.map((r) => r.name)).toEqual(['group', 'hidden', 'optim', 'lr', 'wd', 'seed', 'train-frac', 'lr-milestones', 'backend', 'checkpoints'])
    expect(rows.filter((r) => r.differs).map((r) => r.name)).toEqual(['wd', 'seed'])
  })
})
