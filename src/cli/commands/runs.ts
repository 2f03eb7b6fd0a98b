/** `li2 runs`, `li2 show RUN`, `li2 export RUN --format csv|json`: reading the store. */
import path from 'node:path'
import { ValidationError } from '../../core/errors'
import { defaultDbPath, MEMORY_DB, openStore, RUN_STATUSES } from '../../store'
import { checkOutPath, choiceFlag, fmt, intFlag, parseFlags, reportError, runIdArg, table, writeOutFile } from '../args'

/** `li2 runs [--status S] [--limit N] [--json] [--db PATH]`. */
export async function runsCommand(argv: string[]): Promise<number> {
  try {
    const { values } = parseFlags(argv, { db: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } }, false)
    const status = choiceFlag(values.status, 'status', RUN_STATUSES)
    const limit = intFlag(values.limit, 'limit', { min: 1, max: 100000 }) ?? 100
    const store = openStore(values.db as string | undefined)
    try {
      const runs = store.listRuns({ status, limit })
      if (values.json) { process.stdout.write(JSON.stringify(runs.map((r) => ({ id: r.id, status: r.status, group: r.config.group, epochs_done: r.epochsDone, total_epochs: r.totalEpochs, final: r.summary?.final ?? null, created_at: r.createdAt, ...(r.unreadable ? { unreadable: r.unreadable } : {}) }))) + '\n'); return 0 }
      process.stdout.write(table(['id', 'status', 'group', 'K', 'optim', 'lr', 'wd', 'split', 'epochs', 'train acc', 'test acc'], runs.map((r) => {
        if (r.unreadable) return [r.id, `${r.status}, unreadable: ${r.unreadable}`, r.groupName, null, null, null, null, null, `${r.epochsDone}/${r.totalEpochs ?? '?'}`, null, null]
        const c = r.config, f = r.summary?.final as Record<string, number> | undefined
        const split = c.trainFrac !== null ? `p=${c.trainFrac}` : c.trainCount !== null ? `n=${c.trainCount}` : `δ=${c.criticalDelta}`
        return [r.id, r.status, c.group, c.hidden, c.optim, c.lr, c.wd, split, `${r.epochsDone}/${r.totalEpochs ?? c.epochs}`, fmt(f?.train_acc, 3), fmt(f?.test_acc, 3)]
      })))
      return 0
    } finally { store.close() }
  } catch (e) { return reportError(e) }
}

/** `li2 show RUN [--json] [--db PATH]`. */
export async function showCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, { db: { type: 'string' }, json: { type: 'boolean' } })
    const id = runIdArg(positionals[0])
    const store = openStore(values.db as string | undefined)
    try {
      const r = store.getRun(id)
      if (!r) throw new ValidationError('RUN', `no run ${id} in ${store.path}`)
      const out = { ...r, checkpoints: store.listCheckpoints(id), spectra_epochs: store.listSpectraEpochs(id) }
      if (values.json) { process.stdout.write(JSON.stringify(out) + '\n'); return 0 }
      const lines = [
        `run ${r.id}: ${r.status}${r.error ? ` — ${r.error}` : ''}${r.unreadable ? ` (unreadable: ${r.unreadable})` : ''}`,
        `backend: ${r.backend ?? '—'} (${r.backendVersion ?? '—'}), ${fmt(r.msPerStep, 3)} ms/step, ${r.epochsDone}/${r.totalEpochs ?? r.config.epochs} epochs`,
        `config: ${JSON.stringify(r.config)}`,
        `stages: ${JSON.stringify(r.stages)}`,
        `summary: ${JSON.stringify(r.summary)}`,
        `checkpoints at epochs: ${out.checkpoints.join(', ') || '—'}`,
        `notes: ${r.notes ?? ''}`,
      ]
      process.stdout.write(lines.join('\n') + '\n')
      return 0
    } finally { store.close() }
  } catch (e) { return reportError(e) }
}

/** `li2 export RUN --format csv|json [--out FILE [--force]] [--db PATH]`: the per-epoch metrics (and, in JSON, the run). */
export async function exportCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, { db: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } })
    const id = runIdArg(positionals[0])
    const format = (values.format as string | undefined) ?? 'csv'
    if (format !== 'csv' && format !== 'json') throw new ValidationError('format', `must be csv or json (got ${JSON.stringify(format)})`)
    const force = values.force === true
    const db = (values.db as string | undefined) ?? defaultDbPath()
    // before the store is opened: --out must never be the store (or its WAL files), nor an existing file without --force
    const out = values.out === undefined ? null : checkOutPath(values.out as string, { force, store: db === MEMORY_DB ? null : path.resolve(db) })
    const store = openStore(values.db as string | undefined)
    try {
      const r = store.getRun(id)
      if (!r) throw new ValidationError('RUN', `no run ${id} in ${store.path}`)
      const m = store.getMetrics(id) as Record<string, (number | null)[]>
      let text: string
      if (format === 'json') text = JSON.stringify({ run: r, metrics: m }) + '\n'
      else {
        const cols = Object.keys(m).filter((k) => k !== 'extra')
        text = cols.join(',') + '\n' + m.epoch.map((_, i) => cols.map((c) => m[c][i] ?? '').join(',')).join('\n') + '\n'
      }
      if (out) writeOutFile(out, text, { force })
      else process.stdout.write(text)
      return 0
    } finally { store.close() }
  } catch (e) { return reportError(e) }
}
