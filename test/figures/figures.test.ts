// Headless figures: every preset renders from a small stored fixture; the SVG holds its axes, labels and series; the
// PDF page is the venue's width with the font embedded; the PNG is width × DPI pixels wide; the provenance round-trips
// (remake); 10 runs × 10,000 epochs stay under 500 KB of SVG; bad arguments are named.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkFigureArgs, makeFigure, readProvenance, remakeArgs, VENUES } from '../../src/api/figures'
import { createService, type ServiceHandle } from '../../src/api/service'
import { resolveConfig } from '../../src/core/config'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-figures-'))
let h: ServiceHandle
const ids: Record<string, number[]> = {}
const train = async (configs: Record<string, string | number>[]) => {
  const out: number[] = []
  for (const config of configs) {
    const done = new Promise<void>((r) => { const off = h.on('onRunFinished', () => { off(); r() }) })
    out.push((await h.service.startRun({ config })).id)
    await done
  }
  return out
}

beforeAll(async () => {
  h = await createService({ dbPath: path.join(dir, 'lab.sqlite'), workers: 1 })
  const base = { group: '11', hidden: 32, lr: 1e-2, epochs: 80, 'train-frac': 0.6, 'diag-every': 5, backend: 'wasm' }
  ids.wd = await train([{ ...base, wd: 1e-3, seed: 1 }, { ...base, wd: 1e-3, seed: 2 }, { ...base, wd: 0, seed: 1 }])
  ids.muon = await train([{ ...base, wd: 1e-3, optim: 'muon', seed: 1 }, { ...base, hidden: 16, wd: 1e-3, seed: 1 }])
  const q = await h.service.enqueueSweep({ spec: { name: 'fig5-fixture', fixed: { hidden: 32, lr: 1e-2, wd: 1e-3, epochs: 60, backend: 'wasm' }, grid: { group: ['11'], 'train-frac': [0.3, 0.7], seed: [1] } } })
  await h.service.runSweep({ id: q.sweepId })
}, 240_000)
afterAll(async () => { await h?.close(); fs.rmSync(dir, { recursive: true, force: true }) })

const file = (r: Awaited<ReturnType<typeof makeFigure>>, ext: string) => r.files.find((f) => f.ext === ext)!.data

describe('li2 figure presets', () => {
  it('fig3: the SVG holds its panels, axes and one series per group; the PDF is 234 pt wide with the font embedded; the PNG 975 px', async () => {
    const r = await makeFigure(h.service, { preset: 'fig3', runs: ids.wd, venue: 'icml-single', formats: ['svg', 'png', 'pdf'], dpi: 300 })
    const svg = file(r, 'svg').toString()
    expect(svg).toMatch(/^<svg[^>]* width="234pt"/)
    for (const text of ['accuracy', 'loss', '‖G_F‖', 'epoch', 'wd=0.001 (n=2)', 'wd=0 (n=1)']) expect(svg).toContain(text)
    expect((svg.match(/<path d="M/g) ?? []).length).toBeGreaterThan(12) // curves, bands and axes
    const pdf = file(r, 'pdf').toString('latin1')
    expect(pdf).toMatch(/\/MediaBox \[0 0 234 \d+(\.\d+)?\]/)
    expect(pdf).toContain('/FontFile2') // DejaVu Sans embedded (a subset), not a reference to a system font
    const png = file(r, 'png')
    expect(png.readUInt32BE(16)).toBe(975)
    expect(file(r, 'csv').toString().split('\n')[0]).toBe('panel,group,column,epoch,mean,min,max')
  }, 60_000)

  it('every venue sets the PDF page width', async () => {
    for (const v of VENUES) {
      const r = await makeFigure(h.service, { preset: 'fig3', runs: ids.wd.slice(0, 1), venue: v.name, formats: ['pdf'] })
      const m = /\/MediaBox \[0 0 ([\d.]+)/.exec(file(r, 'pdf').toString('latin1'))!
      expect(Number(m[1])).toBeCloseTo(v.widthIn * 72, 1)
    }
  }, 60_000)

  it('fig5, energy, features and muon render from the fixture', async () => {
    const fig5 = await makeFigure(h.service, { preset: 'fig5', sweep: 'fig5-fixture', venue: 'neurips', formats: ['svg'] })
    expect(file(fig5, 'svg').toString()).toContain('c = 2.7482')
    const energy = await makeFigure(h.service, { preset: 'energy', group: '11', venue: 'neurips', formats: ['svg'] })
    expect(file(energy, 'svg').toString()).toContain('E / E*')
    const features = await makeFigure(h.service, { preset: 'features', runs: [ids.wd[0]], venue: 'icml-double', formats: ['svg'] })
    expect(file(features, 'svg').toString()).toMatch(/end \(epoch \d+\)/)
    const muon = await makeFigure(h.service, { preset: 'muon', runs: ids.muon, venue: 'icml-double', formats: ['svg'] })
    expect(file(muon, 'svg').toString()).toContain('irreps covered')
  }, 120_000)

  it('records its provenance in SVG, PNG and PDF, and remakes the same figure from any of them', async () => {
    const r = await makeFigure(h.service, { preset: 'fig3', runs: ids.wd, venue: 'nature-single', formats: ['svg', 'png', 'pdf'], dpi: 150 })
    for (const ext of ['svg', 'png', 'pdf']) {
      const p = readProvenance(file(r, ext))!
      expect(p).toMatchObject({ preset: 'fig3', venue: 'nature-single', runs: ids.wd, dpi: 150, app: 'Li2 Lab' })
      expect(remakeArgs(file(r, ext))).toMatchObject({ preset: 'fig3', runs: ids.wd, venue: 'nature-single', dpi: 150, formats: ['svg', 'png', 'pdf'] })
    }
    expect(() => remakeArgs(Buffer.from('<svg></svg>'), 'x.svg')).toThrow(/x.svg carries no Li2 Lab provenance/)
  }, 60_000)

  it('keeps the SVG of 10 runs × 10,000 epochs under 500 KB', async () => {
    const big: number[] = []
    for (let s = 0; s < 10; s++) {
      const id = h.store.createRun(resolveConfig({ group: '11', hidden: 8, epochs: 10000, seed: s, wd: s < 5 ? 1e-3 : 0 }), { status: 'finished' })
      h.store.appendMetrics(id, Array.from({ length: 10001 }, (_, e) => ({ epoch: e, train_acc: Math.min(1, e / 500), test_acc: 1 / (1 + Math.exp(-(e - 4000 - s * 50) / 300)), train_loss: 1 / (1 + e), test_loss: 1 / (1 + e / 10), gf_norm: 1 / (1 + e), dw_cos: 1e-3 / (1 + e), dv_cos: 1e-3 / (2 + e), ftf_offdiag_ratio: 0.1, w_norm: 10 + Math.sin(e / 100) })))
      big.push(id)
    }
    const r = await makeFigure(h.service, { preset: 'fig3', runs: big, venue: 'neurips', formats: ['svg'] })
    expect(file(r, 'svg').length).toBeLessThan(500 * 1024)
  }, 60_000)

  it('names bad arguments before anything is trained or drawn', () => {
    const ok = { preset: 'fig3', venue: 'icml-single', formats: ['svg' as const] }
    expect(() => checkFigureArgs({ ...ok, preset: 'fig9' })).toThrow(/preset: unknown figure preset "fig9"/)
    expect(() => checkFigureArgs({ ...ok, venue: 'cvpr' })).toThrow(/venue: unknown venue "cvpr" \(known: neurips, icml-single/)
    expect(() => checkFigureArgs({ ...ok, formats: ['eps' as never] })).toThrow(/formats: unknown format "eps"/)
    expect(() => checkFigureArgs({ ...ok, dpi: 20 })).toThrow(/dpi: must be an integer in 72..1200/)
  })
})
