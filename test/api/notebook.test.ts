// The lab notebook through the service on a real store: an entry with embeds round-trips, FTS5 search finds it (with
// a marked snippet, prefix words, punctuation that would be FTS syntax), topic and tag filters narrow, the runs it
// embeds are recorded (deleting one can warn), a chart export becomes a file with provenance and a notebook entry,
// and the HTML export is self-contained with its embeds as inline SVG.
import { afterEach, describe, expect, it } from 'vitest'
import { embedBlock, EXPORT_VENUES, NOTE_MARK, parseEntryBody, validateCall, type ApiError } from '../../src/api/contract'
import { readProvenance, VENUES } from '../../src/api/figures'
import { createService, type ServiceHandle } from '../../src/api/service'
import { resolveConfig } from '../../src/core/config'

let h: ServiceHandle | null = null
afterEach(async () => { await h?.close(); h = null })

async function withRun() {
  h = await createService({ dbPath: ':memory:', workers: 0 })
  const run = h.store.createRun(resolveConfig({ group: '11', hidden: 8, epochs: 4, wd: 1e-3 }), { status: 'finished' })
  h.store.appendMetrics(run, [0, 1, 2, 3, 4].map((epoch) => ({ epoch, train_acc: epoch / 4, test_acc: epoch / 5, train_loss: 1 - epoch / 5, test_loss: 1 })))
  return { s: h.service, run }
}

const body = (run: number) => [
  '# Grokking on Z_11', '', 'Weight decay 1e-3 makes the test accuracy jump late.', '',
  embedBlock({ kind: 'run-chart', run, chart: 'acc', snapshot: `run ${run}: group 11, wd 1e-3` }), '',
  embedBlock({ kind: 'phase', sweep: '3', snapshot: 'sweep 3' }), '', 'The boundary sits near p*.',
].join('\n')

describe('notebook entries', () => {
  it('round-trip with their embeds, and record the runs they embed', async () => {
    const { s, run } = await withRun()
    const made = await s.createEntry({ title: ' Late jump ', topic: 'grokking', body: body(run), tags: ['wd', 'z11', 'wd'] })
    const got = await s.getEntry({ id: made.id })
    expect(got).toEqual(made)
    expect(got).toMatchObject({ title: 'Late jump', topic: 'grokking', body: body(run), tags: ['wd', 'z11'], runIds: [run] })
    const embeds = parseEntryBody(got.body).flatMap((p) => ('embed' in p && p.embed ? [p.embed] : []))
    expect(embeds).toEqual([{ kind: 'run-chart', run, chart: 'acc', snapshot: `run ${run}: group 11, wd 1e-3` }, { kind: 'phase', sweep: '3', snapshot: 'sweep 3' }])
    expect(await s.entriesOfRun({ id: run })).toEqual([{ id: made.id, title: 'Late jump' }])
    // an edit that drops the embed drops the reference; deleting the entry leaves nothing behind
    await s.updateEntry({ id: made.id, body: 'no embeds now' })
    expect(await s.entriesOfRun({ id: run })).toEqual([])
    expect((await s.getEntry({ id: made.id })).title).toBe('Late jump')
    await s.deleteEntry({ id: made.id })
    await expect(s.getEntry({ id: made.id })).rejects.toThrow(`no notebook entry ${made.id}`)
  })

  it('search finds an entry by a word of its body, title, topic or tag, prefixes included, with the match marked', async () => {
    const { s, run } = await withRun()
    const a = await s.createEntry({ title: 'Late jump', topic: 'grokking', body: body(run), tags: ['wd'] })
    const b = await s.createEntry({ title: 'Muon widths', topic: 'optimizers', body: 'Muon covers every irrep at hidden 64.', tags: ['muon'] })
    const ids = async (q: Record<string, string>) => (await s.listEntries(q)).map((e) => e.id)
    expect(await ids({ q: 'accuracy' })).toEqual([a.id])
    expect(await ids({ q: 'irre' })).toEqual([b.id]) // a prefix
    expect(await ids({ q: 'optimizers' })).toEqual([b.id]) // the topic
    expect(await ids({ q: 'wd=1e-3 "jump' })).toEqual([a.id]) // FTS syntax in the box is searched as words
    expect(await ids({ q: 'muon accuracy' })).toEqual([]) // every word must match
    expect(await ids({ q: '***' })).toEqual([])
    expect(await ids({})).toEqual([b.id, a.id])
    expect(await ids({ topic: 'grokking' })).toEqual([a.id])
    expect(await ids({ tag: 'muon' })).toEqual([b.id])
    const [hit] = await s.listEntries({ q: 'accuracy' })
    expect(hit!.snippet).toContain(`${NOTE_MARK.open}accuracy${NOTE_MARK.close}`)
    // the index follows edits
    await s.updateEntry({ id: b.id, body: 'Now about adam only.' })
    expect(await ids({ q: 'irrep' })).toEqual([])
    expect(await ids({ q: 'adam' })).toEqual([b.id])
    expect(await s.notebookFacets({})).toEqual({ topics: [{ topic: 'grokking', entries: 1 }, { topic: 'optimizers', entries: 1 }], tags: [{ tag: 'muon', entries: 1 }, { tag: 'wd', entries: 1 }] })
  })

  it('refuses an empty title and a bad tag by name', async () => {
    const { s } = await withRun()
    await expect(s.createEntry({ title: '  ' })).rejects.toMatchObject({ field: 'title', message: 'title: must not be empty' })
    await expect(s.createEntry({ title: 'x', tags: [''] })).rejects.toMatchObject({ field: 'tags' })
    expect(() => validateCall('exportFigure', { svg: '<svg/>', format: 'gif', venue: 'neurips', title: 't' })).toThrow(/format: must be one of svg, png, pdf/)
    expect(() => validateCall('exportFigure', { svg: '<svg/>', format: 'svg', venue: 'arxiv', title: 't' })).toThrow(/venue: must be one of/)
  })
})

describe('figure export and HTML export', () => {
  it('the contract lists the same venues as the figure renderer', () => {
    expect(EXPORT_VENUES.map((v) => [v.name, v.widthIn])).toEqual(VENUES.map((v) => [v.name, v.widthIn]))
  })

  it('a UI chart export becomes SVG, PNG or PDF with its provenance inside, and a notebook entry that records it', async () => {
    const { s, run } = await withRun()
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="396" height="180"><rect width="396" height="180" fill="#fff"/><path d="M0 0L396 180" stroke="#000"/></svg>'
    const source = { preset: 'run-chart', runs: [run], view: `#/runs/${run}` }
    const outs = await Promise.all((['svg', 'png', 'pdf'] as const).map((format) => s.exportFigure({ svg, format, venue: 'neurips', dpi: 150, title: 'Accuracy', csv: 'epoch,test_acc\n0,0\n', source })))
    expect(outs.map((o) => o.name)).toEqual(['accuracy-neurips.svg', 'accuracy-neurips.png', 'accuracy-neurips.pdf'])
    for (const o of outs) {
      const p = readProvenance(Buffer.from(o.base64, 'base64'))
      expect(p).toMatchObject({ preset: 'run-chart', runs: [run], venue: 'neurips', dpi: 150, app: 'Li2 Lab', title: 'Accuracy' })
    }
    expect(Buffer.from(outs[0]!.base64, 'base64').toString()).toMatch(/width="396pt" height="180pt"/)
    const entry = await s.getEntry({ id: outs[1]!.entryId })
    expect(entry).toMatchObject({ title: 'Figure: Accuracy', topic: 'figures', runIds: [run] })
    expect(entry.body).toContain('accuracy-neurips.png')
    expect(entry.body).toContain('accuracy-neurips.csv')
    expect(entry.body).toContain(`Export ▾ on #/runs/${run} (neurips, png at 150 dpi)`)
    await expect(s.exportFigure({ svg: '<svg/>', format: 'svg', venue: 'neurips', title: 'x' })).rejects.toMatchObject({ field: 'svg' } satisfies Partial<ApiError>)
  })

  it('an entry exports to one HTML file: text escaped, the run chart as inline SVG, a missing sweep as its snapshot', async () => {
    const { s, run } = await withRun()
    const e = await s.createEntry({ title: 'A <b>bold</b> claim', body: body(run) + '\n\n<script>alert(1)</script>' })
    const { name, html } = await s.exportEntry({ id: e.id })
    expect(name).toBe('a-b-bold-b-claim.html')
    expect(html).not.toMatch(/<script/)
    expect(html).toContain('&lt;script&gt;')
    expect(html).toContain('<title>A &lt;b&gt;bold&lt;/b&gt; claim</title>')
    expect(html.match(/<svg/g)?.length).toBe(1) // the run chart; sweep 3 does not exist
    expect(html).toContain('<p class="gone">sweep 3</p>')
    expect(html).not.toMatch(/<link|src="http/) // self-contained
  })
})
