import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const LI2 = path.resolve(__dirname, '../../bin/li2.mjs')
const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'li2-feat-')), 'lab.sqlite')
const li2 = (args: string[]) => spawnSync(process.execPath, [LI2, ...args, '--db', db], { encoding: 'utf8', timeout: 180_000 })

function trainAndSpectra(group: string, hidden: number, frac: number) {
  const t = li2(['train', '--group', group, '--hidden', String(hidden), '--train-frac', String(frac), '--lr', '1e-2', '--wd', '1e-3', '--epochs', '600', '--seed', '1', '--json', '--quiet'])
  expect(t.status, t.stderr).toBe(0)
  const run = JSON.parse(t.stdout)
  const f = li2(['features', String(run.run_id), '--json'])
  expect(f.status, f.stderr).toBe(0)
  return { run, spectra: JSON.parse(f.stdout) }
}

describe('feature spectra of trained runs', () => {
  it('Z_23: the learned weight sits in pure single-frequency nodes', () => {
    const { run, spectra } = trainAndSpectra('23', 512, 0.4)
    expect(run.final.test_acc).toBeGreaterThanOrEqual(0.95)
    expect(spectra.summary.powerWeightedPurity).toBeGreaterThan(0.9)
    expect(spectra.summary.irrepsCovered.length).toBe(11) // all (M−1)/2 frequency pairs of Z_23
    expect(spectra.irreps.map((x: { label: string }) => x.label)).toContain('k=5') // named as li2 energy names them
    // checkpoints (with spectra) at each stage onset and at the first 0.5 / 0.9 / 0.99 test-accuracy crossings
    const show = JSON.parse(li2(['show', String(run.run_id), '--json']).stdout)
    const want = [show.stages.II, show.stages.III, ...Object.values(show.summary.first_epoch_test_acc_ge)]
    expect(want.every((e) => typeof e === 'number'), JSON.stringify(want)).toBe(true)
    for (const e of want) expect(show.spectra_epochs, `epoch ${e}`).toContain(e)
    expect(show.spectra_epochs).toEqual(show.checkpoints)
    expect(show.checkpoints.length).toBeGreaterThanOrEqual(40)
    // --epoch answers from the nearest stored checkpoint and says which
    const missing = [...Array(600).keys()].find((e) => !show.checkpoints.includes(e - 1) && !show.checkpoints.includes(e) && show.checkpoints.includes(e + 1))!
    const near = li2(['features', String(run.run_id), '--epoch', String(missing)])
    expect(near.status, near.stderr).toBe(0)
    expect(near.stdout).toContain(`no checkpoint at epoch ${missing}; using the nearest stored one, epoch ${missing + 1}`)
  })
  it('D7 trains like Z_M and ends with its power on the 2-dimensional irreps', () => {
    const { run, spectra } = trainAndSpectra('D7', 256, 0.6)
    expect(run.final.test_acc).toBeGreaterThanOrEqual(0.95)
    const share2 = spectra.irreps.reduce((a: number, ir: { degree: number }, i: number) => a + (ir.degree === 2 ? spectra.summary.powerPerIrrep[i] : 0), 0)
    expect(share2).toBeGreaterThan(0.8)
    expect(spectra.summary.powerWeightedPurity).toBeGreaterThan(0.9)
  })
  it('SmallGroup(24,3) trains and stores spectra for every checkpoint', () => {
    const t = li2(['train', '--group', 'SmallGroup(24,3)', '--hidden', '64', '--train-frac', '0.5', '--epochs', '40', '--json', '--quiet'])
    expect(t.status, t.stderr).toBe(0)
    const id = JSON.parse(t.stdout).run_id
    const show = JSON.parse(li2(['show', String(id), '--json']).stdout)
    expect(show.spectra_epochs).toEqual(show.checkpoints)
    expect(show.checkpoints).toContain(40)
    const f = JSON.parse(li2(['features', String(id), '--epoch', '0', '--json']).stdout)
    expect(f.K).toBe(64)
    expect(f.irreps.length).toBe(new Set(f.irreps.map((x: { label: string }) => x.label)).size)
  })
})
