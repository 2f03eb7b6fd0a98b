/** `li2 train` (every config knob as a flag, or --config FILE.json) and `li2 resume RUN`: one run in a worker thread,
 *  a progress bar, a closing summary or one JSON object. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { checkedRunConfig, createService, type ServiceHandle } from '../../api/service'
import { ApiError, CONFIG_FLAGS as FLAGS, TABLE_PREFIX, type RunDetail } from '../../api/contract'
import { fmt, parseFlags, reportError, runIdArg } from '../args'
import { trainHelp } from '../knobs'
import { ProgressBar } from '../progress'

const CONFIG_FLAGS = Object.fromEntries(FLAGS.map((f) => [f, { type: 'string' as const }]))
/** A config name (flag "train-frac" or key "trainFrac") as its flag; null for a name that is neither. */
const FLAG_BY_NAME = new Map<string, string>(FLAGS.flatMap((f) => [[f, f], [f.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), f]]))
const COMMON = { db: { type: 'string' as const }, json: { type: 'boolean' as const }, quiet: { type: 'boolean' as const } }

/** Reads a JSON config file whose keys are flag names; names the file field on malformed input. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string
  try { text = readFileSync(path, 'utf8') } catch (e) { throw new ApiError('invalid', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'config') }
  let obj: unknown
  try { obj = JSON.parse(text) } catch (e) { throw new ApiError('invalid', `${path} is not valid JSON (${(e as Error).message})`, 'config') }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new ApiError('invalid', `${path} must hold one JSON object of flag names to values`, 'config')
  return obj as Record<string, unknown>
}

/** The `--json` closing object. */
export function runResult(r: RunDetail): Record<string, unknown> {
  const s = (r.summary ?? {}) as Record<string, unknown>
  return {
    run_id: r.id, status: r.status, backend: r.backend, backend_version: r.backendVersion, group: r.group,
    final: s.final ?? null, first_epoch_test_acc_ge: s.first_epoch_test_acc_ge ?? { '0.5': null, '0.9': null, '0.99': null },
    stages: r.stages, ms_per_step: r.msPerStep, epochs: r.epochsDone, n_train: s.n_train ?? null, n_test: s.n_test ?? null, error: r.error,
    stopped_early: s.stopped_early ?? null,
  }
}

/** Starts or resumes a run and follows it to its end; Ctrl-C interrupts it (resumable with `li2 resume`). */
async function follow(h: ServiceHandle, id: number, json: boolean, quiet: boolean): Promise<number> {
  const bar = quiet ? null : new ProgressBar()
  const off = h.on('onRunProgress', (p) => {
    if (p.runId !== id || !bar) return
    // epochs done, train metrics of the last step, and the last test evaluation with its epoch (it runs every eval-every epochs)
    const test = p.test_acc === null ? 'test —' : `test ${fmt(p.test_acc, 3)} (epoch ${p.test_epoch ?? '?'})`
    // p.epoch is the metrics row: row t is written as step t is taken (t + 1 done), and the final row t = E after the last step
    const done = Math.min(p.epoch + 1, p.totalEpochs)
    bar.update(done, p.totalEpochs, `epoch ${done}/${p.totalEpochs} loss ${fmt(p.train_loss, 3)} train ${fmt(p.train_acc, 3)} ${test} ${fmtMs(p.msPerStep)}/step`, p.msPerStep)
  })
  const onSig = () => { process.stderr.write('\nli2: interrupting; the run keeps its last checkpoint (li2 resume ' + id + ')\n'); h.runner.cancel(id, 'interrupt') }
  process.once('SIGINT', onSig)
  process.once('SIGTERM', onSig)
  const end = await h.runner.waitFor(id)
  off(); bar?.done()
  process.off('SIGINT', onSig); process.off('SIGTERM', onSig)
  const r = await h.service.getRun({ id })
  if (json) process.stdout.write(JSON.stringify(runResult(r)) + '\n')
  else process.stdout.write(closingSummary(r))
  return end.status === 'failed' ? 1 : 0
}

function fmtMs(ms: number): string {
  return ms >= 10 ? ms.toFixed(0) + 'ms' : ms.toPrecision(2) + 'ms'
}

/** The human closing summary. */
export function closingSummary(r: RunDetail): string {
  const s = (r.summary ?? {}) as { final?: Record<string, number>; first_epoch_test_acc_ge?: Record<string, number | null>; stopped_early?: { rule: string; condition: string; epoch: number } }
  const f = s.final
  const g = s.first_epoch_test_acc_ge ?? {}
  const st = r.stages
  return [
    `run ${r.id} ${r.status}${r.error ? ` (${r.error})` : ''} — group ${r.group}, K ${r.hidden}, ${r.optim} lr ${r.lr} wd ${r.wd}, seed ${r.seed}, ${r.epochsDone} epochs on ${r.backend}`,
    f ? `final: train acc ${fmt(f.train_acc)} loss ${fmt(f.train_loss)} | test acc ${fmt(f.test_acc)} loss ${fmt(f.test_loss)}` : 'final: —',
    `test acc ≥ 0.5 / 0.9 / 0.99 first at epoch: ${g['0.5'] ?? '—'} / ${g['0.9'] ?? '—'} / ${g['0.99'] ?? '—'}`,
    st ? `stages: I ${st.I ?? '—'}, II ${st.II ?? '—'}, III ${st.III ?? '—'}` : 'stages: —',
    ...(s.stopped_early ? [`stopped early at epoch ${s.stopped_early.epoch}: ${s.stopped_early.condition} (--stop-when ${s.stopped_early.rule})`] : []),
    `${fmt(r.msPerStep, 3)} ms/step`,
    '',
  ].join('\n')
}

/** `li2 train [flags]`. */
export async function trainCommand(argv: string[]): Promise<number> {
  let h: ServiceHandle | null = null
  if (argv.includes('--help') || argv.includes('-h')) { process.stdout.write(trainHelp()); return 0 }
  try {
    const { values, positionals } = parseFlags(argv, { ...CONFIG_FLAGS, ...COMMON, config: { type: 'string' } }, false)
    if (positionals.length) throw new ApiError('invalid', `unexpected ${positionals[0]}`, 'arguments')
    const input: Record<string, unknown> = values.config ? readConfigFile(values.config as string) : {}
    for (const [k, v] of Object.entries(values)) {
      if (!Object.hasOwn(CONFIG_FLAGS, k) || v === undefined) continue
      for (const name of Object.keys(input)) if (FLAG_BY_NAME.get(name) === k) delete input[name] // a flag overrides the file's value, under either name
      input[k] = v
    }
    // a table file is named relative to this shell; the stored config must find it from anywhere (resume, workers)
    if (typeof input.group === 'string' && input.group.trim().startsWith(TABLE_PREFIX)) input.group = TABLE_PREFIX + path.resolve(input.group.trim().slice(TABLE_PREFIX.length))
    checkedRunConfig(input) // every rule (config, group, split, size) before the store or its folder is created
    h = await createService({ dbPath: values.db as string | undefined, workers: 1 })
    const { id } = await h.service.startRun({ config: input as never })
    if (!values.json && !values.quiet) process.stderr.write(`li2: run ${id} → ${h.store.path}\n`)
    return await follow(h, id, Boolean(values.json), Boolean(values.quiet))
  } catch (e) {
    return reportError(e)
  } finally {
    await h?.close()
  }
}

/** `li2 resume --help`. */
export const RESUME_USAGE = 'usage: li2 resume RUN [--backend NAME] [--db PATH] [--json] [--quiet]\n\n' +
  'Continues an interrupted, cancelled or failed run from its last resume state (written every --resume-every epochs,\n' +
  'default 50; the epochs after it are redone) to its last epoch, with the same progress line and summary as li2 train.\n' +
  '--backend continues it on another backend (e.g. wasm after its WebGPU device was lost).\n'

/** `li2 resume RUN`. */
export async function resumeCommand(argv: string[]): Promise<number> {
  let h: ServiceHandle | null = null
  try {
    const { values, positionals } = parseFlags(argv, { ...COMMON, backend: { type: 'string' } })
    const id = runIdArg(positionals[0])
    h = await createService({ dbPath: values.db as string | undefined, workers: 1 })
    await h.service.resumeRun(values.backend === undefined ? { id } : { id, backend: values.backend as string })
    return await follow(h, id, Boolean(values.json), Boolean(values.quiet))
  } catch (e) {
    return reportError(e)
  } finally {
    await h?.close()
  }
}
