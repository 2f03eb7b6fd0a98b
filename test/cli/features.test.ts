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
