// The lab notebook's service methods (entries, search, the runs they embed) and the figure records that `li2 figure`
// and the UI's chart export write into it, so every figure says in the notebook how it was made.
import type { Store } from '../store'
import { ApiError, embedBlock, embeddedRunIds, MAX_TAG, type ExportedFigure, type Li2Service, type NotebookEntry } from './contract'
import { VERSION } from './figures'
import { entryHtml } from './figures/notebookHtml'
import { describe, stampSvg, svgToPdf, svgToPng, type Provenance } from './figures/render'
import { PT_PER_IN, venue } from './figures/venues'

type NotebookMethods = Pick<Li2Service, 'createEntry' | 'updateEntry' | 'deleteEntry' | 'getEntry' | 'listEntries' | 'notebookFacets' | 'entriesOfRun' | 'exportFigure' | 'exportEntry'>

/** Tags trimmed, each 1 to MAX_TAG characters, duplicates dropped, sorted; a bad one is refused by name. */
function cleanTags(tags: readonly string[]): string[] {
  const bad = tags.find((t) => t.trim() === '' || t.trim().length > MAX_TAG)
  if (bad !== undefined) throw new ApiError('invalid', `each tag must be 1 to ${MAX_TAG} characters (got ${JSON.stringify(bad)})`, 'tags')
  return [...new Set(tags.map((t) => t.trim()))].sort()
}

function cleanTitle(title: string): string {
  const t = title.trim()
  if (!t) throw new ApiError('invalid', 'must not be empty', 'title')
  return t
}

/** What a figure's notebook entry holds: a title, where its files went, its provenance (as a figure embed) and the
 *  command that makes it again. */
export function figureEntry(f: { title: string; files: string[]; provenance: Provenance; remake: string }): { title: string; topic: string; body: string; tags: string[] } {
  const p = f.provenance
  const body = [
    `Figure **${p.preset}** for ${p.venue}: ${describe(p)}.`,
    '',
    ...f.files.map((x) => `- \`${x}\``),
    '',
    embedBlock({ kind: 'figure', files: f.files, provenance: p as unknown as Record<string, unknown>, snapshot: describe(p) }),
    '',
    `Made again by: \`${f.remake}\``,
  ].join('\n')
  return { title: f.title, topic: 'figures', body, tags: ['figure', String(p.preset)] }
}

const MIME = { svg: 'image/svg+xml', png: 'image/png', pdf: 'application/pdf' } as const

/** The notebook methods on `store`; `service` is the whole service (the HTML export reads runs and sweeps through it). */
export function notebookMethods(store: Store, service: () => Li2Service): NotebookMethods {
  const need = (id: number): NotebookEntry => {
    const n = store.getNote(id)
    if (!n) throw new ApiError('not_found', `no notebook entry ${id}`, 'id')
    return n
  }
  const m: NotebookMethods = {
    async createEntry(a) {
      const body = a.body ?? ''
      const id = store.createNote({ title: cleanTitle(a.title), topic: (a.topic ?? '').trim(), body, tags: cleanTags(a.tags ?? []), runIds: embeddedRunIds(body) })
      return need(id)
    },
    async updateEntry(a) {
      const n = need(a.id)
      const body = a.body ?? n.body
      store.updateNote(a.id, {
        title: a.title === undefined ? n.title : cleanTitle(a.title), topic: (a.topic ?? n.topic).trim(), body,
        tags: a.tags === undefined ? n.tags : cleanTags(a.tags), runIds: embeddedRunIds(body),
      })
      return need(a.id)
    },
    async deleteEntry({ id }) { need(id); store.deleteNote(id); return { ok: true } },
    async getEntry({ id }) { return need(id) },
    async listEntries(a) { return store.listNotes({ q: a.q, topic: a.topic, tag: a.tag, limit: a.limit }) },
    async notebookFacets() { return store.noteFacets() },
    async entriesOfRun({ id }) { return store.notesOfRun(id) },
    async exportFigure(a) {
      const v = venue(a.venue)
      const dpi = a.dpi ?? 300
      const src = a.source ?? {}
      const size = svgSize(a.svg)
      const provenance: Provenance = {
        ...src, preset: typeof src.preset === 'string' ? src.preset : 'ui-chart', venue: v.name, formats: [a.format], dpi,
        app: 'Li2 Lab', version: VERSION, time: new Date().toISOString(), title: a.title,
      }
      const svg = stampSvg(a.svg, size, provenance)
      const data = a.format === 'svg' ? Buffer.from(svg) : a.format === 'png' ? svgToPng(svg, size.widthPt / PT_PER_IN, dpi, provenance) : await svgToPdf(svg, size, provenance)
      const stem = `${slug(a.title)}-${v.name}`
      const name = `${stem}.${a.format}`
      const files = a.csv !== undefined ? [name, `${stem}.csv`] : [name]
      const view = typeof src.view === 'string' ? src.view : 'the chart'
      const entry = await m.createEntry(figureEntry({ title: `Figure: ${a.title}`, files, provenance, remake: `Export ▾ on ${view} (${v.name}, ${a.format}${a.format === 'png' ? ` at ${dpi} dpi` : ''})` }))
      const out: ExportedFigure = { name, mime: MIME[a.format], base64: data.toString('base64'), entryId: entry.id }
      return out
    },
    async exportEntry({ id }) {
      const n = need(id)
      return { name: `${slug(n.title)}.html`, html: await entryHtml(service(), n) }
    },
  }
  return m
}

/** An SVG's width and height attributes (ECharts writes them in px; drawn at the venue's width in points, 1 px = 1 pt). */
function svgSize(svg: string): { widthPt: number; heightPt: number } {
  const head = /<svg[^>]*>/.exec(svg)?.[0] ?? ''
  const w = Number(/\bwidth="([\d.]+)/.exec(head)?.[1])
  const h = Number(/\bheight="([\d.]+)/.exec(head)?.[1])
  if (!(w > 0 && h > 0)) throw new ApiError('invalid', 'must be an <svg> with a numeric width and height', 'svg')
  return { widthPt: w, heightPt: h }
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'figure'
