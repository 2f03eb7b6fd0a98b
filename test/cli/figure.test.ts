// `li2 figure` as a user runs it: the issue's own command trains the missing runs and writes SVG, PNG and PDF at the
// venue's size; --list names presets and venues; --remake draws the figure again from a file; bad input exits 2 by name.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const LI2 = path.resolve(import.meta.dirname, '../../bin/li2.mjs')
const li2 = (args: string[], timeout = 60_000) => spawnSync(process.execPath, [LI2, ...args], { encoding: 'utf8', timeout })

describe('li2 figure', () => {
  it('fig3 --run-missing --scale quick for icml-single: PDF 234 pt wide, PNG 975 px, then --remake', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-figure-'))
    const db = path.join(dir, 'lab.sqlite')
    const out = path.join(dir, 'figs')
    const r = li2(['figure', 'fig3', '--run-missing', '--scale', 'quick', '--venue', 'icml-single', '--formats', 'svg,png,pdf', '--dpi', '300', '--out', out, '--db', db], 600_000)
    expect(r.status, r.stderr).toBe(0)
    const files = fs.readdirSync(out).sort()
    expect(files).toEqual(['fig3-icml-single.csv', 'fig3-icml-single.pdf', 'fig3-icml-single.png', 'fig3-icml-single.svg'])
    const pdf = fs.readFileSync(path.join(out, 'fig3-icml-single.pdf')).toString('latin1')
    expect(pdf).toMatch(/\/MediaBox \[0 0 234 /)
    expect(fs.readFileSync(path.join(out, 'fig3-icml-single.png')).readUInt32BE(16)).toBe(975)
    expect(r.stderr).toMatch(/training 4 missing runs of figure-fig3-quick/)
    // a second call trains nothing, and --remake redraws from the PDF's provenance into its folder
    const again = li2(['figure', '--remake', path.join(out, 'fig3-icml-single.pdf'), '--db', db])
    expect(again.status, again.stderr).toBe(0)
    expect(again.stdout).toMatch(/fig3 for icml-single from runs/)
    fs.rmSync(dir, { recursive: true, force: true })
  }, 660_000)

  it('--list names presets and venues; a bad venue or preset exits 2 naming the flag', () => {
    const list = li2(['figure', '--list'])
    expect(list.status).toBe(0)
    for (const s of ['fig3', 'fig5', 'energy', 'features', 'muon', 'neurips', 'icml-single', 'icml-double', 'ieee-single', 'ieee-double', 'nature-single', 'nature-double']) expect(list.stdout).toContain(s)
    const bad = li2(['figure', 'fig3', '--venue', 'cvpr', '--db', ':memory:'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/li2: venue: unknown venue "cvpr"/)
    expect(li2(['figure', 'fig4', '--venue', 'neurips', '--db', ':memory:']).stderr).toMatch(/preset: unknown figure preset "fig4"/)
  })
})
