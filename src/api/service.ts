/** The service behind the contract, on the store and the runner: what every host (Electron, HTTP, CLI) calls. */
import { DEFAULT_CONFIG, resolveConfig, type TrainConfig } from '../core/config'
import { ValidationError } from '../core/errors'
import { listCatalog } from '../core/groups/catalog'
import { openStore, type Store } from '../store'
import type { RunRow } from '../store/runs'
import { Runner } from '../runner/runner'
import { prepareTask } from '../runner/trainJob'
import { withDerivedSummary } from '../runner/summary'
import { ApiError, type EventName, type FieldError, type Li2Service, type MethodName, type RunDetail, type RunSummary, type ServiceEvents, validateCall } from './contract'

export interface ServiceOptions {
  /** SQLite file; default: the user data dir. */
  dbPath?: string
  /** Training worker threads; default one per core. */
  workers?: number
  workerEntry?: string | URL
}

export interface ServiceHandle {
  service: Li2Service
  store: Store
  runner: Runner
  /** Validated dispatch for hosts that receive (method, args) from outside. */
  call(method: unknown, args: unknown): Promise<unknown>
  on<E extends EventName>(e: E, cb: (p: ServiceEvents[E]) => void): () => void
  close(): Promise<void>
}

/** Maps any thrown error to the contract's ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  if (e instanceof ValidationError) return new ApiError('invalid', e.rule, e.field)
  return new ApiError('internal', (e as Error)?.message ?? String(e))
}

function summary(r: RunRow): RunSummary {
  const c = r.config
  const fin = (r.summary?.final ?? null) as RunSummary['final']
  return {
    id: r.id, status: r.status, group: c.group, hidden: c.hidden, optim: c.optim, lr: c.lr, wd: c.wd, seed: c.seed,
    trainFrac: c.trainFrac, epochsDone: r.epochsDone, totalEpochs: r.totalEpochs ?? c.epochs, backend: r.backend,
    createdAt: r.createdAt, finishedAt: r.finishedAt, msPerStep: r.msPerStep, final: fin, sweepId: r.sweepId,
  }
}

/** The config a startRun input resolves to and its split; on bad input one ApiError naming the first broken rule and, in
 *  `fields`, every field that breaks its own rule (each checked alone over the defaults), so a form can mark them all. */
export function checkedRunConfig(input: Record<string, unknown>): { cfg: TrainConfig; train: Int32Array; test: Int32Array } {
  try {
    const cfg = resolveConfig(input)
    return { cfg, ...prepareTask(cfg) } // a bad group or split fails here, before anything is stored
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e
    const fields: FieldError[] = []
    for (const [k, v] of Object.entries(input)) {
      try { prepareTask(resolveConfig({ [k]: v })) } catch (f) {
        if (!(f instanceof ValidationError)) throw f
        if (!fields.some((x) => x.field === f.field)) fields.push({ field: f.field, message: f.rule })
      }
    }
    if (!fields.some((x) => x.field === e.field)) fields.unshift({ field: e.field, message: e.rule }) // a rule between fields
    throw new ApiError('invalid', e.rule, e.field, fields)
  }
}

/** Opens the store, starts the runner, and returns the service with its event hooks. */
export async function createService(opts: ServiceOptions = {}): Promise<ServiceHandle> {
  const store = openStore(opts.dbPath, { shared: true }) // the runner's workers open the same file
  const runner = new Runner({ dbPath: store.path, workers: opts.workers, workerEntry: opts.workerEntry, store })
  const need = (id: number): RunRow => {
    const r = store.getRun(id)
    if (!r) throw new ApiError('not_found', `no run ${id}`, 'id')
    return r
  }
  const service: Li2Service = {
    async listRuns(a) { return store.listRuns({ status: a.status, sweepId: a.sweepId, limit: a.limit ?? 500 }).map((r) => summary(withDerivedSummary(store, r))) },
    async getRun({ id }) {
      const r = withDerivedSummary(store, need(id)) // interrupted, cancelled or training: from the stored metrics
      return { ...summary(r), config: r.config as unknown as Record<string, unknown>, backendVersion: r.backendVersion, stages: r.stages as RunDetail['stages'], summary: r.summary, notes: r.notes ?? '', error: [r.unreadable && `unreadable: ${r.unreadable}`, r.error].filter(Boolean).join('; ') || null, checkpoints: store.listCheckpoints(id) }
    },
    async getMetrics({ id, columns, every, from }) {
      need(id)
      return store.getMetrics(id, { columns: columns as never, every, from }) as never
    },
    async startRun({ config }) {
      const { cfg, train, test } = checkedRunConfig(config as Record<string, unknown>)
      const id = store.createRun(cfg, { status: 'queued' }) // owned by this process from the start: a kill -9 now leaves it 'interrupted'
      store.saveSplit(id, { train, test })
      runner.submit(id)
      return { id }
    },
    async cancelRun({ id }) {
      const r = need(id)
      if (!runner.cancel(id) && (r.status === 'queued' || r.status === 'running')) store.setStatus(id, 'cancelled')
      return { ok: true }
    },
    async resumeRun({ id }) {
      need(id)
      runner.submit(id) // claims the run: refused while another live process holds it ("run 1 is already training (pid …)")
      return { id }
    },
    async deleteRun({ id }) {
      need(id)
      runner.cancel(id)
      store.deleteRun(id)
      return { ok: true }
    },
    async setNotes({ id, notes }) { need(id); store.setNotes(id, notes); return { ok: true } },
    async getFeatures({ id, epoch }) {
      need(id)
      const s = store.getSpectra(id, epoch ?? 'latest')
      if (!s) throw new ApiError('not_found', epoch === undefined ? 'no spectra stored for this run' : `no spectra at epoch ${epoch} (stored: ${store.listSpectraEpochs(id).join(', ')})`, 'epoch')
      return s
    },
    async listGroups(a) {
      return listCatalog({ order: a.order, maxDegree: a.maxDegree, abelian: a.abelian }).map((e) => ({ ...e, description: e.description ?? e.name })) as never
    },
    async defaults() { return { ...DEFAULT_CONFIG } as Record<string, unknown> },
  }
  const wrapped = Object.fromEntries(Object.entries(service).map(([k, f]) => [k, async (a: unknown) => {
    try { return await (f as (x: unknown) => Promise<unknown>)(a ?? {}) } catch (e) { throw toApiError(e) }
  }])) as unknown as Li2Service
  return {
    service: wrapped,
    store,
    runner,
    async call(method, args) {
      const v = validateCall(method, args)
      return (wrapped[v.method as MethodName] as (x: unknown) => Promise<unknown>)(v.args)
    },
    on(e, cb) {
      const h = e === 'onRunProgress' ? (p: unknown) => cb(p as never) : (p: unknown) => cb(p as never)
      const ev = e === 'onRunProgress' ? 'progress' : 'finished'
      runner.on(ev as 'progress', h as never)
      return () => { runner.off(ev as 'progress', h as never) }
    },
    async close() { await runner.close(); store.close() },
  }
}
