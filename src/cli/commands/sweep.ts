/** `li2 sweep run SPEC.json | --preset NAME` (persistent, resumable, parallel) and `li2 sweep status [SWEEP]`, with a progress bar on stderr. */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { ApiError, toApiError, type SweepProgress, type SweepSpecInput } from '../../api/contract'
import { createService, PRESET_NAMES } from '../../api/service'
import { choiceFlag, intFlag } from '../args'
import { NO_STORE, withReadService } from '../service'
import { table } from '../table'
import { printSlurmTasks, runOnSlurm, SLURM_OPTIONS, SLURM_USAGE, slurmFlagsGiven, slurmSubcommand, taskCommand } from './sweepSlurm'

const USAGE = [
  'usage: li2 sweep run SPEC.json | --preset NAME [--scale quick|paper] [--workers N] [--batch S] [--db PATH]',
  '       li2 sweep --preset NAME [...]   (the same as sweep run --preset NAME)',
  '       li2 sweep status [SWEEP] [--db PATH]',
  SLURM_USAGE,
  `presets: ${PRESET_NAMES.join(', ')}`,
].join('\n')
/** `li2 sweep --help`. */
export const SWEEP_USAGE = USAGE + '\n\n' +
  'A sweep is a grid of `li2 train` configs (SPEC.json: {"name", "fixed": {flag: value}, "grid": {flag: [values]}}), stored as\n' +
  'jobs and run by --workers threads (default: one per core). Interrupted, it resumes where it stopped when run again.\n' +
  'Runs that differ only in seed, lr, wd or init scale can train as one stacked model, up to --batch S per worker. Default: 8 once a run\n' +
  'trains on a GPU backend (webgpu, tensorflow-gpu), else 1: on the CPU backends a stack is no faster (npm run bench sweep).\n' +
  'tiny: Z_11 and Z_13 on both sides of p_c, 32 runs in seconds; fig5-*: the panels of the paper\'s Fig. 5 (docs/SCIENCE.md).\n' +
  'Then `li2 phase NAME` prints the phase table and the boundary p*.\n\n' +
  '--executor slurm submits the sweep as one Slurm job array instead (--runs-per-task runs per array task), its task files\n' +
  'in --slurm-dir (a folder the compute nodes see); each task trains into its own shard, which the lab merges as the task\n' +
  'ends. collect merges by hand, retry resubmits failed or cancelled tasks, cancel runs scancel (README: the cluster side).\n'

/** Runs `li2 sweep` with argv after the command name; returns the exit code (2 for bad flags or a bad spec). */
export async function sweepCommand(argv: string[]): Promise<number> {
  let parsed: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] }
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        preset: { type: 'string' },
        scale: { type: 'string' },
        workers: { type: 'string' },
        batch: { type: 'string' },
        db: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        ...SLURM_OPTIONS,
      },
      strict: true,
      allowPositionals: true,
    })
  } catch (e) {
    return fail((e as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help) { process.stdout.write(USAGE + '\n'); return 0 }
  const [sub, ...rest] = positionals
  try {
    if (sub === 'run') return await run(rest, values)
    if (sub === undefined && values.preset !== undefined) return await run(rest, values) // `li2 sweep --preset NAME`, as the README wrote it
    if (sub === 'status') return await status(rest, values)
    if (sub === 'collect' || sub === 'retry' || sub === 'cancel') return await slurmSubcommand(sub, rest, values)
    if (sub === 'task') return await taskCommand(rest)
    return fail(sub === undefined ? 'missing subcommand (run, status, collect, retry or cancel)' : `unknown subcommand ${JSON.stringify(sub)} (run, status, collect, retry or cancel)`)
  } catch (e) {
    const a = toApiError(e) // a bad flag or spec here, or the service's refusal naming its argument
    if (a.code !== 'internal' && a.field) return fail(a.message)
    throw e
  }
}

function fail(msg: string): number {
  process.stderr.write(`li2 sweep: ${msg}\n${USAGE}\n`)
  return 2
}

/** The sweep a command line names: a SPEC.json read here, or a preset at a scale (flag rules named as flags). */
function loadSource(rest: string[], values: Record<string, string | boolean | string[] | undefined>): { spec?: SweepSpecInput; preset?: string; scale?: 'quick' | 'paper' } {
  const preset = values.preset as string | undefined
  if (preset !== undefined && rest.length) throw new ApiError('invalid', 'give a SPEC.json or --preset, not both', '--preset')
  const scale = choiceFlag<'quick' | 'paper'>(values.scale, '--scale', ['quick', 'paper'])
  if (scale !== undefined && preset === undefined) throw new ApiError('invalid', 'applies to --preset only (a SPEC.json sets its own knobs)', '--scale')
  if (preset !== undefined) return { preset, scale: scale ?? 'quick' }
  if (rest.length !== 1) throw new ApiError('invalid', 'give one SPEC.json file (or --preset NAME)', 'spec')
  let text: string
  try { text = readFileSync(rest[0], 'utf8') } catch (e) { throw new ApiError('invalid', `cannot read ${rest[0]}: ${(e as Error).message}`, 'spec') }
  let spec: unknown
  try { spec = JSON.parse(text) } catch (e) { throw new ApiError('invalid', `not valid JSON: ${(e as Error).message}`, 'spec') }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new ApiError('invalid', `${rest[0]} must hold one JSON object`, 'spec')
  return { spec: spec as SweepSpecInput }
}

async function run(rest: string[], values: Record<string, string | boolean | string[] | undefined>): Promise<number> {
  const source = loadSource(rest, values)
  const executor = choiceFlag<'local' | 'slurm'>(values.executor, '--executor', ['local', 'slurm']) ?? 'local'
  if (executor === 'local' && slurmFlagsGiven(values).length) throw new ApiError('invalid', 'applies to --executor slurm only', `--${slurmFlagsGiven(values)[0]}`)
  if (executor === 'slurm') {
    if (values.workers !== undefined) throw new ApiError('invalid', 'applies to the local executor (use --cpus-per-task with slurm)', '--workers')
    const plan = await withReadService(NO_STORE, (s) => s.planSweep({ ...source, workers: 1 }))
    return runOnSlurm(plan.spec, values)
  }
  const workers = intFlag(values.workers, '--workers', { min: 1, max: 256 })
  // checked and expanded against no store first: a bad spec stores nothing, not even the file
  const plan = await withReadService(NO_STORE, (s) => s.planSweep({ ...source, workers }))
  const batch = intFlag(values.batch, '--batch', { min: 1, max: 256 })
  const h = await createService({ dbPath: values.db as string | undefined, workers, batch })
  let stopping = false
  const onSignal = () => {
    if (stopping) return
    stopping = true
    process.stderr.write('\ninterrupting: runs keep their resume state; run the same command again to continue\n')
    void h.close().then(() => process.exit(130))
  }
  let off = () => {}
  try {
    const q = await h.service.enqueueSweep({ spec: plan.spec })
    const nElsewhere = q.elsewhere.reduce((n, e) => n + e.count, 0)
    if (nElsewhere) process.stderr.write(`li2 sweep: ${nElsewhere} of ${q.total} runs are queued in another sweep (${q.elsewhere.map((e) => `${e.count} in ${e.label}`).join(', ')}) and run there, not here\n`)
    process.stderr.write(`sweep ${q.name} (#${q.sweepId}): ${q.total} runs, ${q.added} new, ${q.skipped} already queued or run, ${q.requeued} requeued; ` +
      `${plan.workers} workers; estimate ${duration(plan.estimateMs)} for all runs at their full epoch budgets` +
      `${earlyStops(plan.spec) ? ' (less: runs stop early once their outcome is settled)' : ''}\n`)
    const bar = progressBar(values.quiet === true)
    off = h.on('onSweepProgress', bar.update)
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    const p = await h.service.runSweep({ id: q.sweepId })
    bar.done(p)
    process.stdout.write(`sweep ${q.name}: ${p.done} done, ${p.failed} failed, ${p.cancelled} cancelled, ${p.queued} queued, ${p.running} running elsewhere\n` +
      `phase diagram: li2 phase ${q.name}${values.db ? ` --db ${values.db}` : ''}\n`)
    return p.failed > 0 ? 1 : 0
  } finally {
    off()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    if (!stopping) await h.close()
  }
}

/** `li2 sweep status [SWEEP]`: every sweep's job counts, or one sweep's with its running jobs and first failures. */
async function status(rest: string[], values: Record<string, string | boolean | string[] | undefined>): Promise<number> {
  if (rest.length > 1) throw new ApiError('invalid', 'give at most one sweep name or id', 'sweep')
  return withReadService(values.db as string | undefined, async (svc) => {
    const one = rest.length ? await svc.sweepStatus(/^\d+$/.test(rest[0]) ? { id: Number(rest[0]) } : { name: rest[0] }) : null
    const list = one ? [one] : await svc.listSweeps({})
    if (!list.length) { process.stdout.write('no sweeps\n'); return 0 }
    const rows = list.map((s) => {
      const c = s.counts
      const total = c.queued + c.running + c.done + c.failed + c.cancelled
      return [String(s.id), s.name, String(total), String(c.done), String(c.running), String(c.queued), String(c.failed), String(c.cancelled), new Date(s.createdAt).toISOString().slice(0, 16)]
    })
    process.stdout.write(table(['id', 'name', 'runs', 'done', 'running', 'queued', 'failed', 'cancelled', 'created'], rows, { align: ['r', 'l'] }))
    if (one) {
      for (const j of one.running) process.stdout.write(`  running: job ${j.jobId} run ${j.runId ?? '-'} ${j.epochsDone !== null ? `${j.epochsDone}/${j.totalEpochs ?? '?'} epochs` : ''} (${j.claimedBy})\n`)
      for (const j of one.failed) process.stdout.write(`  failed: job ${j.jobId} run ${j.runId ?? '-'}: ${j.error}\n`)
      await printSlurmTasks(svc, one.id)
    }
    return 0
  })
}

/** A one-line bar on a TTY (redrawn), or a line per finished run otherwise. */
function progressBar(quiet: boolean): { update: (p: SweepProgress) => void; done: (p: SweepProgress) => void } {
  const tty = process.stderr.isTTY === true
  let lastDone = -1
  const line = (p: SweepProgress): string => {
    const ended = p.done + p.failed + p.cancelled
    const frac = p.total ? ended / p.total : 1
    const w = 24
    const fill = Math.round(frac * w)
    const cur = p.active.map((a) => `#${a.runId} ${a.epoch}/${a.totalEpochs}`).join(', ')
    return `[${'='.repeat(fill)}${' '.repeat(w - fill)}] ${ended}/${p.total} runs` + (p.failed ? ` (${p.failed} failed)` : '') +
      ` | ETA ${p.etaMs === null ? '?' : duration(p.etaMs)}` + (cur ? ` | ${cur}` : '')
  }
  return {
    update(p) {
      if (quiet) return
      if (tty) { process.stderr.write('\r\x1b[2K' + line(p).slice(0, (process.stderr.columns ?? 120) - 1)); return }
      const ended = p.done + p.failed + p.cancelled
      if (ended !== lastDone) { lastDone = ended; process.stderr.write(line(p) + '\n') }
    },
    done(p) {
      if (quiet) return
      process.stderr.write((tty ? '\r\x1b[2K' : '') + line(p) + '\n')
    },
  }
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

/** Whether a spec's runs stop early (`stop-when` fixed to anything but off). */
function earlyStops(spec: { fixed?: Record<string, unknown> }): boolean {
  const v = spec.fixed?.['stop-when'] ?? spec.fixed?.stopWhen
  return typeof v === 'string' && v.trim() !== 'off'
}
