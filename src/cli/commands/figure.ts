/** `li2 figure PRESET …`: publication figures rendered headless (ECharts' SSR in Node, no window, no browser) at a
 *  venue's width, as SVG, PNG and PDF with the plotted data as CSV beside them; `--list` names presets and venues;
 *  `--remake FILE` makes a figure again from the provenance inside it. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FIGURE_FORMATS, FIGURE_PRESETS, makeFigure, remakeArgs, VENUES, type FigureArgs } from '../../api/figures'
import { describe } from '../../api/figures/render'
import { figureEntry } from '../../api/notebook'
import { createService } from '../../api/service'
import { ValidationError } from '../../core/errors'
import { numberFlag, parseFlags, reportError } from '../args'

export const FIGURE_USAGE = 'usage: li2 figure PRESET [--runs R1,R2,… | --sweep S] [--run-missing --scale quick|paper]\n' +
  '                  --venue NAME [--formats svg,png,pdf] [--dpi N] [--out DIR] [--group G --train-frac p] [--db PATH]\n' +
  '       li2 figure --list\n' +
  '       li2 figure --remake FILE [--out DIR]\n\n' +
  'Figures for a paper from the store, drawn at the venue\'s column width so that their 8–9 pt text prints at that size,\n' +
  'DejaVu Sans embedded, colour-blind-safe colours; the plotted data goes beside each figure as CSV. Each file records\n' +
  'how it was made (preset, runs or sweep, venue, app version, time); --remake reads that back and draws it again.\n' +
  '--run-missing trains what the preset needs and is not stored yet (quick: minutes on 2 cores; paper: the paper\'s sizes).\n'

/** Runs `li2 figure` with argv after the command name. */
export async function figureCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, {
      runs: { type: 'string' }, sweep: { type: 'string' }, 'run-missing': { type: 'boolean', default: false }, scale: { type: 'string' },
      venue: { type: 'string' }, formats: { type: 'string', default: 'svg,png,pdf' }, dpi: { type: 'string' }, out: { type: 'string' },
      group: { type: 'string' }, 'train-frac': { type: 'string' }, list: { type: 'boolean', default: false }, remake: { type: 'string' },
      db: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false },
    })
    if (values.help) { process.stdout.write(FIGURE_USAGE); return 0 }
    if (values.list) { process.stdout.write(listing()); return 0 }
    let args: FigureArgs
    let out = values.out as string | undefined
    if (values.remake !== undefined) {
      const file = values.remake as string
      if (!fs.existsSync(file)) throw new ValidationError('remake', `no file ${file}`)
      args = remakeArgs(fs.readFileSync(file), file)
      out ??= path.dirname(file)
    } else {
      if (positionals.length !== 1) throw new ValidationError('PRESET', `give one preset (${FIGURE_PRESETS.map((p) => p.name).join(', ')}; li2 figure --list)`)
      if (values.venue === undefined) throw new ValidationError('venue', `is required (${VENUES.map((v) => v.name).join(', ')})`)
      args = {
        preset: positionals[0], venue: values.venue as string,
        formats: String(values.formats).split(',').map((s) => s.trim()).filter(Boolean) as FigureArgs['formats'],
        ...(values.runs !== undefined ? { runs: runList(values.runs as string) } : {}),
        ...(values.sweep !== undefined ? { sweep: values.sweep as string } : {}),
        ...(values.dpi !== undefined ? { dpi: numberFlag(values.dpi, 'dpi')! } : {}),
        ...(values.scale !== undefined ? { scale: values.scale as 'quick' | 'paper' } : {}),
        ...(values.group !== undefined ? { group: values.group as string } : {}),
        ...(values['train-frac'] !== undefined ? { trainFrac: numberFlag(values['train-frac'], 'train-frac')! } : {}),
        runMissing: values['run-missing'] === true,
      }
    }
    out ??= '.'
    fs.mkdirSync(out, { recursive: true })
    fs.accessSync(out, fs.constants.W_OK)
    // a host that trains only when asked to run what is missing; reading needs no workers
    const h = await createService({ dbPath: values.db as string | undefined, workers: args.runMissing ? Math.max(1, Math.min(os.availableParallelism(), 4)) : 0 })
    try {
      let last = ''
      const off = args.runMissing ? h.on('onSweepProgress', (p) => {
        const line = `  ${p.done}/${p.total} runs done${p.etaMs !== null ? `, about ${Math.round(p.etaMs / 1000)} s left` : ''}`
        if (line !== last) process.stderr.write(`\r${line}   `)
        last = line
      }) : () => {}
      const { files, provenance } = await makeFigure(h.service, args, (line) => process.stderr.write(`li2: ${line}\n`))
      off()
      if (args.runMissing) process.stderr.write('\n')
      const base = path.join(out, `${args.preset}-${provenance.venue}`)
      for (const f of files) fs.writeFileSync(`${base}.${f.ext}`, f.data)
      process.stdout.write(files.map((f) => `${base}.${f.ext}  (${(f.data.length / 1024).toFixed(1)} KB)`).join('\n') + `\n${describe(provenance)}\n`)
      // the notebook records every figure: its files, how it was made, and the command that makes it again
      const written = files.map((f) => path.resolve(`${base}.${f.ext}`))
      const entry = await h.service.createEntry(figureEntry({
        title: `Figure: ${args.preset} for ${provenance.venue}`, files: written, provenance,
        remake: `li2 figure --remake ${written.find((f) => !f.endsWith('.csv')) ?? written[0]}`,
      }))
      process.stdout.write(`notebook entry ${entry.id}\n`)
    } finally {
      await h.close()
    }
    return 0
  } catch (e) {
    return reportError(e)
  }
}

function runList(s: string): number[] {
  const ids = s.split(',').map((x) => x.trim()).filter(Boolean).map(Number)
  if (!ids.length || ids.some((n) => !Number.isInteger(n) || n < 1)) throw new ValidationError('runs', `must be run ids separated by commas (got ${JSON.stringify(s)})`)
  return ids
}

function listing(): string {
  const w = Math.max(...FIGURE_PRESETS.map((p) => p.name.length))
  return 'presets:\n' + FIGURE_PRESETS.map((p) => `  ${p.name.padEnd(w)}  ${p.text} [from ${p.from}]`).join('\n') +
    '\n\nvenues (width):\n' + VENUES.map((v) => `  ${v.name.padEnd(14)} ${v.widthIn.toFixed(2)} in  ${v.label}`).join('\n') +
    `\n\nformats: ${FIGURE_FORMATS.join(', ')} (PNG at --dpi, default 300; the CSV is always written)\n`
}
