/** A notebook entry as one self-contained HTML file: its markdown (markdown-it, raw HTML off, so the text cannot
 *  inject markup) with each embed drawn headless as inline SVG by the figure renderer; an embed whose data is gone
 *  shows the snapshot it stored. */
import MarkdownIt from 'markdown-it'
import { parseEntryBody, type Li2Service, type NotebookEmbed, type NotebookEntry } from '../contract'
import { energyFigure } from './energy'
import { fig5 } from './fig5'
import { describe, renderSvg, type Provenance } from './render'
import { axisStyle, FONT_FAMILY, FONT_PT, OKABE_ITO } from './style'
import { inToPt } from './render'

const md = new MarkdownIt({ html: false, linkify: true, breaks: true })
const WIDTH_IN = 6.5

/** The columns of each run chart (the renderer's runCurves ids). */
export const RUN_CHART_COLUMNS: Record<string, { title: string; cols: string[]; log?: boolean }> = {
  loss: { title: 'Loss', cols: ['train_loss', 'test_loss'], log: true },
  acc: { title: 'Accuracy', cols: ['train_acc', 'test_acc'] },
  gf: { title: '‖G_F‖', cols: ['gf_norm', 'df_norm'], log: true },
  dwdv: { title: 'ΔW vs ΔV', cols: ['dw_cos', 'dv_cos'], log: true },
  gram: { title: 'Gram diagonality', cols: ['ftf_offdiag_ratio', 'fft_dist_ideal'] },
  norms: { title: '‖W‖, ‖V‖', cols: ['w_norm', 'v_norm'] },
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** The whole page for entry `n`. */
export async function entryHtml(service: Li2Service, n: NotebookEntry): Promise<string> {
  const parts: string[] = []
  for (const p of parseEntryBody(n.body)) {
    if ('text' in p) parts.push(md.render(p.text))
    else if (!p.embed) parts.push(`<pre class="bad">${esc(p.raw)}</pre>`)
    else parts.push(`<figure>${await embedSvg(service, p.embed)}<figcaption>${esc(caption(p.embed))}</figcaption></figure>`)
  }
  const date = new Date(n.createdAt).toISOString().slice(0, 10)
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(n.title)}</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1c2230}
h1{font-size:1.6rem;margin-bottom:.2rem}.meta{color:#667;font-size:.85rem}.tag{background:#eef2f8;border-radius:4px;padding:0 6px;margin-right:4px}
figure{margin:1rem 0;border:1px solid #dde3ec;border-radius:8px;padding:8px}figure svg{width:100%;height:auto}
figcaption,.gone{color:#667;font-size:.85rem}pre{background:#f5f7fa;padding:8px;overflow:auto}
</style></head><body><h1>${esc(n.title)}</h1><p class="meta">${date}${n.topic ? ` · ${esc(n.topic)}` : ''} ${n.tags.map((t) => `<span class="tag">${esc(t)}</span>`).join('')}</p>
${parts.join('\n')}</body></html>\n`
}

function caption(e: NotebookEmbed): string {
  if (e.kind === 'run-chart') return `run ${e.run}: ${RUN_CHART_COLUMNS[e.chart ?? 'acc']?.title ?? e.chart}`
  if (e.kind === 'phase') return `sweep ${e.sweep}: phase diagram`
  if (e.kind === 'compare') return `runs ${(e.runs ?? []).join(', ')}: ${e.metric ?? 'test_acc'}`
  if (e.kind === 'census') return `census ${e.census}`
  if (e.kind === 'features') return `run ${e.run}: features`
  return e.snapshot ?? 'figure'
}

const PROV: Provenance = { preset: 'notebook', venue: 'html', formats: ['svg'], dpi: 0, app: 'Li2 Lab', version: '', time: '' }

async function embedSvg(service: Li2Service, e: NotebookEmbed): Promise<string> {
  try {
    if (e.kind === 'run-chart' || e.kind === 'compare') {
      const ids = e.kind === 'compare' ? e.runs ?? [] : [e.run ?? 0]
      const spec = e.kind === 'compare' ? { title: e.metric ?? 'test_acc', cols: [e.metric ?? 'test_acc'] } : RUN_CHART_COLUMNS[e.chart ?? 'acc'] ?? RUN_CHART_COLUMNS.acc
      const { runs } = await service.getMetricsMany({ ids, columns: spec.cols, points: 600 })
      const series = runs.flatMap((r) => spec.cols.map((c) => ({
        type: 'line', name: ids.length > 1 ? `run ${r.id}` : c, showSymbol: false,
        data: r.columns[c].epoch.map((x, i) => [x, r.columns[c].value[i]]).filter((d) => d[1] !== null),
      })))
      return svg({
        color: OKABE_ITO, legend: { top: 0, textStyle: { fontSize: FONT_PT.legend } }, grid: { left: 50, right: 16, top: 28, bottom: 36 },
        xAxis: { type: 'value', ...axisStyle('epoch') }, yAxis: { type: (spec as { log?: boolean }).log ? 'log' : 'value', ...axisStyle(spec.title) }, series,
      }, 0.45)
    }
    if (e.kind === 'phase') { const f = fig5(await service.getPhase({ sweep: String(e.sweep) })); return svg(f.option, f.aspect) }
    if (e.kind === 'census') {
      const c = await service.getCensus({ id: e.census ?? 0 })
      if (c.result) { const f = energyFigure(c.result); return svg(f.option, f.aspect) }
    }
  } catch {
    // the data is gone (a purged run, a deleted sweep): the snapshot below says what it was
  }
  if (e.kind === 'figure' && e.provenance) return `<p class="gone">${esc(describe(e.provenance as unknown as Provenance))}</p>`
  return `<p class="gone">${esc(e.snapshot ?? `${e.kind} (no longer stored)`)}</p>`
}

function svg(option: Record<string, unknown>, aspect: number): string {
  const widthPt = inToPt(WIDTH_IN)
  return renderSvg({ textStyle: { fontFamily: FONT_FAMILY }, ...option }, { widthPt, heightPt: Math.round(widthPt * aspect) }, PROV).replace(/<\?xml[^>]*>/, '')
}
