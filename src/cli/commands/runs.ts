/** `li2 runs`, `li2 show RUN`, `li2 export RUN` (metrics as CSV/JSON, weights as .npz) and `li2 delete RUN`, through the service. */
import { ApiError, RUN_STATUSES, type CheckpointArrays, type RunRecord } from '../../api/contract'
import { npz, storePath, type NpyArray } from '../../api/service'
import { withReadService } from '../service'
import { checkOutPath, choiceFlag, fmt, intFlag, parseFlags, reportError, runIdArg, writeOutFile } from '../args'
import { legend, table } from '../table'

// usage texts for `li2 runs|show|export|delete --help` (src/cli/dispatch.ts)
/** `li2 runs --help`. */
export const RUNS_USAGE = 'usage: li2 runs [--status S] [--limit N] [--json] [--db PATH]\n\n' +
  'Lists stored runs, newest first. Runs that ended without a summary (killed, interrupted, training) show the\n' +
  'accuracies of their last stored metrics; `li2 show RUN` says at which epoch.\n'
/** `li2 show --help`. */
export const SHOW_USAGE = 'usage: li2 show RUN [--json] [--db PATH]\n\nOne run: status, knobs that differ from the defaults, final metrics, stage onsets, checkpoints, notes.\n'
/** `li2 export --help`. */
export const EXPORT_USAGE = [
  'usage: li2 export RUN [--format csv|json] [--out FILE [--force]] [--db PATH]',
  '       li2 export RUN --weights [--epoch E] [--out FILE.npz [--force]] [--db PATH]',
  '',
  '--format csv   one row per epoch, every metric column (test metrics every eval-every epochs, diagnostics every diag-every)',
  '--format json  {run: config, status, summary, stages, …, metrics: {column: [values]}}',
  '--weights      the checkpoint at --epoch E (default: the latest) as a NumPy .npz: W [K, qM] and V [M, K] in the',
  "               reference's orientation (F = σ(X Wᵀ), logits = F Vᵀ), U0… [K, K] for residual layers, and config/meta",
  '               as JSON strings: json.loads(str(np.load(f)["config"])). Default FILE: run<RUN>-epoch<E>.npz',
  '',
].join('\n')
/** `li2 delete --help`. */
export const DELETE_USAGE = 'usage: li2 delete RUN [--db PATH]\n\nMoves a run to the trash with its metrics, checkpoints and spectra; `li2 restore RUN` brings it back and\n' +
  '`li2 trash --empty` deletes for good. A queued or training run is refused: cancel it first. (--yes is accepted and\n' +
  'not needed: nothing is lost.)\n'

/** The knobs of a stored config this file reads (the full config has every `li2 train` knob). */
interface Knobs { group: string; hidden: number; act: string; loss: string; optim: string; lr: number; wd: number; seed: number; epochs: number; trainFrac: number | null; trainCount: number | null; criticalDelta: number | null }
/** The summary the runner stores (runner/summary's RunSummaryData). */
interface SummaryData { final?: { train_acc: number; test_acc: number; train_loss: number; test_loss: number } | null; last_epoch?: number | null; first_epoch_test_acc_ge?: Record<string, number | null>; n_train?: number | null; n_test?: number | null }

/** A config key as its `li2 train` flag (trainFrac → train-frac), as core/config names it. */
function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())
}

/** The split as the runs table shows it. */
function splitText(c: Knobs): string {
  return c.trainFrac !== null ? `p=${c.trainFrac}` : c.trainCount !== null ? `n=${c.trainCount}` : `δ=${c.criticalDelta}`
}

/** `li2 runs [--status S] [--limit N] [--json] [--db PATH]`. */
export async function runsCommand(argv: string[]): Promise<number> {
  try {
    const { values } = parseFlags(argv, { db: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } }, false)
    const status = choiceFlag(values.status, 'status', RUN_STATUSES)
    const limit = intFlag(values.limit, 'limit', { min: 1, max: 100000 }) ?? 100
    const db = values.db as string | undefined
    const runs = await withReadService(db, (svc) => svc.listRunRecords({ status, limit }))
    if (values.json) { process.stdout.write(JSON.stringify(runs.map((r) => ({ id: r.id, status: r.status, group: (r.config as unknown as Knobs).group, seed: (r.config as unknown as Knobs).seed, epochs_done: r.epochsDone, total_epochs: r.totalEpochs, final: r.summary?.final ?? null, created_at: r.createdAt, ...(r.unreadable ? { unreadable: r.unreadable } : {}) }))) + '\n'); return 0 }
    if (!runs.length) { process.stdout.write(`no runs in ${storePath(db) ?? ':memory:'}${status ? ` with status ${status}` : ''}\n`); return 0 }
    process.stdout.write(table(['id', 'status', 'group', 'K', 'optim', 'lr', 'wd', 'split', 'seed', 'epochs', 'train acc', 'test acc'], runs.map((r) => {
      if (r.unreadable) return [r.id, `${r.status}, unreadable: ${r.unreadable}`, r.groupName, null, null, null, null, null, null, `${r.epochsDone}/${r.totalEpochs ?? '?'}`, null, null]
      const c = r.config as unknown as Knobs, f = (r.summary as SummaryData | null)?.final
      return [r.id, r.status, c.group, c.hidden, c.optim, c.lr, c.wd, splitText(c), c.seed, `${r.epochsDone}/${r.totalEpochs ?? c.epochs}`, fmt(f?.train_acc, 3), fmt(f?.test_acc, 3)]
    }), { align: ['r', 'l', 'l', 'r', 'l', 'r', 'r', 'l', 'r', 'r', 'r', 'r'] }))
    return 0
  } catch (e) { return reportError(e) }
}

/** The human view of one run (`li2 show`). */
export function showText(r: RunRecord, checkpoints: number[], spectraEpochs: number[], defaults: Record<string, unknown>): string {
  const c = r.config as unknown as Knobs & Record<string, unknown>, s = r.summary as SummaryData | null, st = r.stages as { I: number | null; II: number | null; III: number | null } | null
  const total = r.totalEpochs ?? c.epochs
  const resumable = r.status === 'interrupted' || r.status === 'cancelled' || r.status === 'failed'
  const changed = Object.keys(defaults).filter((k) => JSON.stringify(c[k]) !== JSON.stringify(defaults[k]))
  const f = s?.final
  const g = s?.first_epoch_test_acc_ge ?? {}
  const finished = r.status === 'finished'
  const lines = [
    `run ${r.id}: ${r.status} at epoch ${r.epochsDone}/${total}${r.error ? ` — ${r.error}` : ''}${resumable ? ` (li2 resume ${r.id} continues it)` : ''}`,
    `group ${c.group}, K ${c.hidden}, σ ${c.act}, ${c.loss} loss, ${c.optim} lr ${c.lr} wd ${c.wd}, split ${splitText(c)}${s?.n_train ? ` (${s.n_train} train / ${s.n_test} test pairs)` : ''}, seed ${c.seed}`,
    `backend ${r.backend ?? '—'}${r.backendVersion ? ` (${r.backendVersion})` : ''}, ${fmt(r.msPerStep, 3)} ms/step`,
    '',
    f ? `${finished ? 'final' : `last stored (epoch ${s?.last_epoch ?? '—'})`}: train acc ${fmt(f.train_acc, 4)}, loss ${fmt(f.train_loss, 4)} | test acc ${fmt(f.test_acc, 4)}, loss ${fmt(f.test_loss, 4)}` : 'final: — (no metrics stored yet)',
    `test acc ≥ 0.5 / 0.9 / 0.99 first at epoch: ${g['0.5'] ?? '—'} / ${g['0.9'] ?? '—'} / ${g['0.99'] ?? '—'}`,
    `stage onsets (epoch): I ${st?.I ?? '—'}, II ${st?.II ?? '—'}, III ${st?.III ?? '—'}  (I lazy, II independent features, III interaction; rule in --json)`,
    '',
    'knobs that differ from the defaults:',
    ...(changed.length ? legend(changed.map((k) => [`--${flagName(k)}`, JSON.stringify(c[k])]), 2) : ['  none (the paper\'s Fig. 3 top row)']),
    '',
    `checkpoints at epochs: ${checkpoints.join(', ') || '—'}`,
    `spectra at epochs: ${spectraEpochs.join(', ') || '—'}`,
    `notes: ${r.notes || '—'}`,
  ]
  return lines.join('\n') + '\n'
}

/** `li2 show RUN [--json] [--db PATH]`. */
export async function showCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, { db: { type: 'string' }, json: { type: 'boolean' } })
    const id = runIdArg(positionals[0])
    const [out, defaults] = await withReadService(values.db as string | undefined, (svc) => Promise.all([svc.getRunRecord({ id }), svc.defaults({})]))
    const { checkpoints, spectra_epochs: spectraEpochs, ...r } = out
    if (values.json) { process.stdout.write(JSON.stringify(out) + '\n'); return 0 }
    // a row whose config cell is damaged has no knobs to show: say why, with what the store could read
    if (r.unreadable) process.stdout.write(`run ${r.id}: ${r.status} (unreadable: ${r.unreadable})${r.error ? ` — ${r.error}` : ''}\ncheckpoints at epochs: ${checkpoints.join(', ') || '—'}\n`)
    else process.stdout.write(showText(r, checkpoints, spectraEpochs, defaults))
    return 0

  } catch (e) { return reportError(e) }
}

/** The arrays of a weight checkpoint in the reference's orientation (W [K, qM], V [M, K], U_l [K, K]) plus config and meta as JSON. */
export function weightArrays(ck: CheckpointArrays): Record<string, NpyArray> {
  const out: Record<string, NpyArray> = {}
  const t = (name: string) => {
    const x = ck.tensors[name]
    if (!x) throw new ApiError('invalid', `checkpoint ${ck.epoch} lacks ${name}`, 'epoch')
    return { shape: x.shape, data: Float32Array.from(x.data) }
  }
  const config = ck.config as { group: string; residualLayers: number }
  out.W = transpose(t('Wt')) // we store Wᵀ [qM, K] (rows gathered per operand); the reference's W is K×qM
  out.V = t('V')
  for (let l = 0; l < config.residualLayers; l++) out[`U${l}`] = transpose(t(`Ut${l}`))
  out.config = { text: JSON.stringify(ck.config) }
  out.meta = { text: JSON.stringify({ run_id: ck.runId, epoch: ck.epoch, group: config.group, status: ck.status, layout: 'W [K, qM]: pre-activation h = x·Wᵀ for the concatenated one-hot x [qM]; V [M, K]: logits = output_mult·F·Vᵀ; U_l [K, K]: x ← σ(x + x·U_lᵀ)' }) }
  return out
}

function transpose(a: { shape: number[]; data: Float32Array }): NpyArray {
  const [rows, cols] = a.shape
  const d = new Float32Array(rows * cols)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) d[j * rows + i] = a.data[i * cols + j]
  return { shape: [cols, rows], data: d }
}

/** `li2 export RUN [--format csv|json] [--weights [--epoch E]] [--out FILE [--force]] [--db PATH]`. */
export async function exportCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, { db: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' }, weights: { type: 'boolean' }, epoch: { type: 'string' } })
    const id = runIdArg(positionals[0])
    const format = (values.format as string | undefined) ?? 'csv'
    if (format !== 'csv' && format !== 'json') throw new ApiError('invalid', `must be csv or json (got ${JSON.stringify(format)})`, 'format')
    if (values.epoch !== undefined && !values.weights) throw new ApiError('invalid', 'selects a checkpoint for --weights; metrics export every epoch', 'epoch')
    const force = values.force === true
    const db = values.db as string | undefined
    // before the store is opened: --out must never be the store (or its WAL files), nor an existing file without --force
    const guard = (file: string) => checkOutPath(file, { force, store: storePath(db) })
    const out = values.out === undefined || values.out === '-' ? null : guard(values.out as string)
    return await withReadService(db, async (svc) => {
      if (values.weights) {
        const ck = await svc.getCheckpoint({ id, epoch: intFlag(values.epoch, 'epoch', { min: 0 }) })
        const bytes = npz(weightArrays(ck))
        if (values.out === '-') { process.stdout.write(bytes); return 0 }
        const file = out ?? guard(`run${id}-epoch${ck.epoch}.npz`)
        writeOutFile(file, bytes, { force })
        process.stderr.write(`li2: wrote ${file}: W, V${(ck.config as { residualLayers: number }).residualLayers ? ', U0…' : ''} of run ${id} at epoch ${ck.epoch} (np.load("${file}"))\n`)
        return 0
      }
      const { text } = await svc.exportRun({ id, format })
      if (out) writeOutFile(out, text, { force })
      else process.stdout.write(text)
      return 0
    })
  } catch (e) { return reportError(e) }
}

/** `li2 delete RUN [--db PATH]`: moves the run to the trash (undone by `li2 restore RUN`); refuses a run that may train. */
export async function deleteCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, { db: { type: 'string' }, yes: { type: 'boolean', short: 'y' } })
    const id = runIdArg(positionals[0])
    return await withReadService(values.db as string | undefined, async (svc) => {
      const r = await svc.getRun({ id })
      if (r.status === 'running' || r.status === 'queued') throw new ApiError('invalid', `run ${id} is ${r.status === 'running' ? 'training' : 'queued'}${r.ownerPid ? ` (process ${r.ownerPid})` : ''}; stop it first (Ctrl-C in its terminal, or Cancel in the window)`, 'RUN')
      const what = `run ${id} (${r.status}, group ${r.group}, ${r.epochsDone}/${r.totalEpochs} epochs, ${r.checkpoints.length} checkpoints)`
      await svc.deleteRun({ id })
      process.stderr.write(`li2: moved ${what} to the trash; bring it back with: li2 restore ${id}\n`)
      return 0
    })
  } catch (e) { return reportError(e) }
}
