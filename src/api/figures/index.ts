/** Publication figures from stored runs, sweeps and censuses, headless (`li2 figure`): a preset names what to draw, a
 *  venue its width; `--run-missing` trains what a preset needs first (through the same service, so the runs land in
 *  the store like any other). Every file records its provenance, and `remakeArgs` turns a file back into the call. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ValidationError } from '../../core/errors'
import type { Li2Service, RunDetail, SweepSpecInput } from '../contract'
import { energyFigure } from './energy'
import { FIG3_SPECS, fig3 } from './fig3'
import { FIG5_PRESETS, fig5 } from './fig5'
import { featuresFigure } from './features'
import { coverage, MUON_SPECS, muonFigure } from './muon'
import { inToPt, readProvenance, renderSvg, svgToPdf, svgToPng, type Provenance } from './render'
import type { FigureData } from './types'
import { FIGURE_FORMATS, MAX_DPI, MIN_DPI, venue, VENUES, type FigureFormat } from './venues'

export { VENUES, FIGURE_FORMATS, readProvenance }
export type Scale = 'quick' | 'paper'

/** Every preset: its name, what it draws, and what it reads. */
export const FIGURE_PRESETS = [
  { name: 'fig3', from: 'runs (or --run-missing)', text: 'grokking dynamics with and without weight decay: accuracy, loss, ‖G_F‖, ΔW and ΔV, Gram diagonality, ‖W‖; mean and band over seeds, stages shaded' },
  { name: 'fig5', from: 'a sweep (or --run-missing)', text: 'phase diagrams per group family with the fitted boundary and the 2.7482 theory line' },
  { name: 'energy', from: '--group and --train-frac', text: 'the census of E(w)\'s local maxima: basins by irrep coloured by E/E*, E/E* against purity' },
  { name: 'features', from: 'one run (or --run-missing)', text: 'nodes × irreps at the onsets of Stages II and III and at the end' },
  { name: 'muon', from: 'runs (or --run-missing)', text: 'Muon against Adam at several widths: epochs to grok and irreps covered' },
] as const
export type PresetName = (typeof FIGURE_PRESETS)[number]['name']

export interface FigureArgs {
  preset: string
  runs?: number[]
  sweep?: string
  group?: string
  trainFrac?: number
  runMissing?: boolean
  scale?: Scale
  venue: string
  formats: FigureFormat[]
  dpi?: number
}

/** One file of a figure: its suffix (svg, png, pdf, csv) and bytes. */
export interface FigureFile { ext: string; data: Buffer }

/** The lab's version, from its package.json: found by walking up from this module, since the source tree
 *  (src/api/figures) and electron-vite's bundle (out/main) sit at different depths below it. */
export const VERSION = ((): string => {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'li2-lab' && pkg.version) return pkg.version
    } catch { /* no package.json here: go up */ }
    if (path.dirname(dir) === dir) return 'unknown'
  }
})()

/** Checks the arguments before anything is trained or drawn; throws ValidationError naming the flag. */
export function checkFigureArgs(a: FigureArgs): void {
  if (!FIGURE_PRESETS.some((p) => p.name === a.preset)) throw new ValidationError('preset', `unknown figure preset ${JSON.stringify(a.preset)} (known: ${FIGURE_PRESETS.map((p) => p.name).join(', ')}; li2 figure --list)`)
  venue(a.venue)
  if (!a.formats.length) throw new ValidationError('formats', `must list at least one of ${FIGURE_FORMATS.join(', ')}`)
  for (const f of a.formats) if (!FIGURE_FORMATS.includes(f)) throw new ValidationError('formats', `unknown format ${JSON.stringify(f)} (known: ${FIGURE_FORMATS.join(', ')})`)
  const dpi = a.dpi ?? 300
  if (!(Number.isInteger(dpi) && dpi >= MIN_DPI && dpi <= MAX_DPI)) throw new ValidationError('dpi', `must be an integer in ${MIN_DPI}..${MAX_DPI} (got ${a.dpi})`)
  if (a.scale !== undefined && a.scale !== 'quick' && a.scale !== 'paper') throw new ValidationError('scale', `must be quick or paper (got ${JSON.stringify(a.scale)})`)
  if (a.trainFrac !== undefined && !(a.trainFrac > 0 && a.trainFrac <= 1)) throw new ValidationError('train-frac', `must be in (0, 1] (got ${a.trainFrac})`)
}

/** Makes a figure's files (each asked format, plus the plotted data as CSV) and its provenance. */
export async function makeFigure(service: Li2Service, a: FigureArgs, progress: (line: string) => void = () => {}): Promise<{ files: FigureFile[]; provenance: Provenance }> {
  checkFigureArgs(a)
  const v = venue(a.venue)
  const scale = a.scale ?? 'quick'
  const data = await figureData(service, a, scale, progress)
  const dpi = a.dpi ?? 300
  const provenance: Provenance = {
    preset: a.preset, venue: v.name, formats: a.formats, dpi, scale, app: 'Li2 Lab', version: VERSION, time: new Date().toISOString(),
    ...(data.runs ? { runs: data.runs } : {}), ...(data.sweep ? { sweep: data.sweep } : {}),
    ...(a.group ? { group: a.group } : {}), ...(a.trainFrac !== undefined ? { trainFrac: a.trainFrac } : {}),
  }
  const size = { widthPt: inToPt(v.widthIn), heightPt: Math.round(inToPt(v.widthIn) * data.aspect) }
  const svg = renderSvg(data.option, size, provenance)
  const files: FigureFile[] = []
  for (const f of a.formats) {
    if (f === 'svg') files.push({ ext: 'svg', data: Buffer.from(svg) })
    if (f === 'png') files.push({ ext: 'png', data: svgToPng(svg, v.widthIn, dpi, provenance) })
    if (f === 'pdf') files.push({ ext: 'pdf', data: await svgToPdf(svg, size, provenance) })
  }
  files.push({ ext: 'csv', data: Buffer.from(data.csv) })
  return { files, provenance }
}

/** The arguments that make the figure a file was made by again (from the stored data, training nothing). */
export function remakeArgs(file: Buffer, name = 'the file'): FigureArgs {
  const p = readProvenance(file)
  if (!p) throw new ValidationError('remake', `${name} carries no Li2 Lab provenance (only figures made by li2 figure do)`)
  return {
    preset: p.preset, venue: p.venue, formats: p.formats as FigureFormat[], dpi: p.dpi, scale: p.scale as Scale | undefined,
    ...(p.runs ? { runs: p.runs } : {}), ...(p.sweep ? { sweep: p.sweep } : {}),
    ...(typeof p.group === 'string' ? { group: p.group } : {}), ...(typeof p.trainFrac === 'number' ? { trainFrac: p.trainFrac } : {}),
  }
}

async function figureData(service: Li2Service, a: FigureArgs, scale: Scale, progress: (line: string) => void): Promise<FigureData> {
  switch (a.preset as PresetName) {
    case 'fig3': return fig3(service, await runsFor(service, a, FIG3_SPECS[scale], progress), venue(a.venue).widthIn)
    case 'muon': {
      const runs = await runsFor(service, a, MUON_SPECS[scale], progress)
      const items = await Promise.all(runs.map(async (run) => ({ run, ...coverage(await service.getFeatures({ id: run.id }).catch(() => null)) })))
      return muonFigure(items)
    }
    case 'fig5': {
      let sweep = a.sweep
      if (!sweep) {
        if (!a.runMissing) throw new ValidationError('sweep', 'fig5 draws a sweep: give --sweep NAME|ID, or --run-missing to run one (quick: the tiny preset)')
        sweep = await trainSweep(service, FIG5_PRESETS[scale], progress)
      }
      return fig5(await service.getPhase({ sweep }))
    }
    case 'energy': {
      const group = a.group ?? (scale === 'quick' ? '23' : '71')
      progress(`energy census of ${group} at p = ${a.trainFrac ?? 1}…`)
      return energyFigure(await service.energyCensus({ group, trainFrac: a.trainFrac ?? 1, restarts: scale === 'quick' ? 24 : 100 }))
    }
    case 'features': {
      const [run] = a.runs?.length ? [await service.getRun({ id: a.runs[0] })] : (await runsFor(service, a, FIG3_SPECS[scale], progress)).filter((r) => r.wd > 0)
      if (!run) throw new ValidationError('runs', 'features draws one run: give --runs R')
      const last = run.checkpoints.at(-1) ?? run.epochsDone
      const marks: { title: string; epoch: number }[] = [
        ...(run.stages?.II != null ? [{ title: 'Stage II onset', epoch: run.stages.II }] : []),
        ...(run.stages?.III != null ? [{ title: 'Stage III onset', epoch: run.stages.III }] : []),
        { title: 'end', epoch: last },
      ]
      const panels = await Promise.all(marks.map(async (m) => ({ title: m.title, spectra: await service.getFeatures({ id: run.id, epoch: m.epoch, power: true }) })))
      return featuresFigure(run, panels)
    }
  }
  throw new ValidationError('preset', `unknown figure preset ${a.preset}`)
}

/** The runs a preset draws: --runs, else the preset's own sweep (trained first with --run-missing). */
async function runsFor(service: Li2Service, a: FigureArgs, spec: SweepSpecInput & { name: string }, progress: (line: string) => void): Promise<RunDetail[]> {
  if (a.runs?.length) return Promise.all(a.runs.map((id) => service.getRun({ id })))
  let sweep = (await service.listSweeps({})).find((s) => s.name === spec.name)
  if (a.runMissing) {
    await trainSweep(service, { spec }, progress)
    sweep = (await service.listSweeps({})).find((s) => s.name === spec.name)
  }
  if (!sweep) throw new ValidationError('runs', `no runs for ${a.preset}: give --runs R1,R2,… or --run-missing --scale quick|paper (trains ${String(spec.name)})`)
  const runs = (await service.listRuns({ sweepId: sweep.id, limit: 100000 })).filter((r) => r.status === 'finished')
  if (!runs.length) throw new ValidationError('runs', `sweep ${sweep.name} has no finished run yet (li2 sweep status ${sweep.id})`)
  return Promise.all(runs.map((r) => service.getRun({ id: r.id })))
}

/** Queues a sweep (already-run configs are skipped) and trains what is left; returns its name. */
async function trainSweep(service: Li2Service, src: { spec?: SweepSpecInput; preset?: string; scale?: Scale }, progress: (line: string) => void): Promise<string> {
  const q = await service.enqueueSweep(src)
  const left = (await service.listSweeps({})).find((s) => s.id === q.sweepId)?.counts.queued ?? 0
  progress(left ? `training ${left} missing run${left === 1 ? '' : 's'} of ${q.name} (${q.total - left} already stored)…` : `all ${q.total} runs of ${q.name} are stored`)
  if (left) await service.runSweep({ id: q.sweepId })
  return q.name
}
