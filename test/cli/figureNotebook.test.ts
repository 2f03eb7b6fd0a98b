// `li2 figure` writes a notebook entry for each figure: its title, the files written, the provenance (as a figure
// embed naming the runs) and the `li2 figure --remake` command that makes it again.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { parseEntryBody } from '../../src/api/contract'
import { figureCommand } from '../../src/cli/commands/figure'
import { notebookCommand } from '../../src/cli/commands/notebook'
import { resolveConfig } from '../../src/core/config'
import { openStore } from '../../src/store'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-fignote-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('li2 figure records a notebook entry', () => {
  it('names the files, the runs, the venue and the command to remake it', async () => {
    const db = path.join(dir, 'lab.sqlite')
    const store = openStore(db)
    const ids = [1e-3, 0].map((wd) => {
      const id = store.createRun(resolveConfig({ group: '11', hidden: 8, epochs: 20, wd }), { status: 'finished' })
      store.appendMetrics(id, Array.from({ length: 21 }, (_, epoch) => ({ epoch, train_acc: epoch / 20, test_acc: epoch / 25, train_loss: 1 - epoch / 25, test_loss: 1, gf_norm: 1, w_norm: 2 })))
      store.updateRun(id, { epochsDone: 20 })
      return id
    })
    store.close()
    const out = path.join(dir, 'figs')
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    let code: number
    try {
      code = await figureCommand(['fig3', '--runs', ids.join(','), '--venue', 'icml-single', '--formats', 'svg', '--out', out, '--db', db])
    } finally { stdout.mockRestore(); stderr.mockRestore() }
    expect(code).toBe(0)
    const check = openStore(db)
    try {
      const [entry] = check.listNotes({ q: 'fig3' })
      expect(entry).toMatchObject({ title: 'Figure: fig3 for icml-single', topic: 'figures', tags: ['fig3', 'figure'], runIds: ids })
      const svg = path.join(out, 'fig3-icml-single.svg')
      expect(entry!.body).toContain(svg)
      expect(entry!.body).toContain(path.join(out, 'fig3-icml-single.csv'))
      expect(entry!.body).toContain(`li2 figure --remake ${svg}`)
      const embed = parseEntryBody(entry!.body).find((p) => 'embed' in p)
      expect(embed).toMatchObject({ embed: { kind: 'figure', provenance: { preset: 'fig3', venue: 'icml-single', runs: ids } } })
      expect(check.notesOfRun(ids[0]!)).toEqual([{ id: entry!.id, title: 'Figure: fig3 for icml-single' }])
    } finally { check.close() }
  }, 60_000)

  it('li2 notebook searches, shows and exports entries as HTML', async () => {
    const db = path.join(dir, 'lab.sqlite')
    const run = async (argv: string[]) => {
      let out = ''
      const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true })
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
      try { return { code: await notebookCommand([...argv, '--db', db]), out } } finally { stdout.mockRestore(); stderr.mockRestore() }
    }
    const found = await run(['search', 'icml'])
    expect(found.code).toBe(0)
    expect(found.out).toMatch(/^1\t\d{4}-\d\d-\d\d\tfigures\tFigure: fig3 for icml-single\t.*\[icml\]/)
    expect((await run(['show', '1'])).out).toMatch(/^# Figure: fig3 for icml-single\n.* · figures #fig3 #figure\n\nFigure \*\*fig3\*\*/)
    const file = path.join(dir, 'entry.html')
    expect((await run(['export', '1', '--out', file])).code).toBe(0)
    const html = fs.readFileSync(file, 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<title>Figure: fig3 for icml-single</title>')
    expect(html).toContain('fig3 for icml-single from runs 1,2')
    expect((await run(['show', '99'])).code).not.toBe(0)
  }, 60_000)
})
