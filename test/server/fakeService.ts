// An in-memory Li2Service for host tests: stores runs in a Map, "trains" on a timer, emits progress/finished events.
import { ApiError, embeddedRunIds, type EventName, type Li2Service, type NotebookEntry, type RunDetail, type RunSummary, type ServiceEvents } from '../../src/api/contract'

/** A fake service host: the service, its events, close, and the call log. */
export function fakeService() {
  const runs = new Map<number, RunDetail>()
  const listeners = new Map<EventName, Set<(p: unknown) => void>>()
  const calls: { method: string; args: unknown }[] = []
  let next = 1
  const entries = new Map<number, NotebookEntry>()
  let nextEntry = 1
  const needEntry = (id: number) => {
    const e = entries.get(id)
    if (!e) throw new ApiError('not_found', `no notebook entry ${id}`, 'id')
    return e
  }
  const emit = <E extends EventName>(e: E, p: ServiceEvents[E]) => listeners.get(e)?.forEach((cb) => cb(p))
  const need = (id: number) => {
    const r = runs.get(id)
    if (!r) throw new ApiError('not_found', `no run ${id}`, 'id')
    return r
  }
  const summary = (r: RunDetail): RunSummary => { const { config: _c, backendVersion: _b, stages: _s, summary: _u, notes: _n, error: _e, checkpoints: _k, ...s } = r; return s }
  const log = (method: string, args: unknown) => { calls.push({ method, args }) }

  const service: Li2Service = {
    async listRuns(a) {
      log('listRuns', a)
      return [...runs.values()].reverse().filter((r) => (r.deletedAt !== null) === (a.trashed === true) && (a.tag === undefined || r.tags.includes(a.tag))).map(summary)
    },
    async getRun(a) { log('getRun', a); return need(a.id) },
    async listRunRecords(a) { log('listRunRecords', a); return [] },
    async getRunRecord(a) { log('getRunRecord', a); need(a.id); throw new ApiError('internal', 'no records in the fake') },
    async getMetrics(a) { log('getMetrics', a); need(a.id); return { epoch: [0, 1], train_loss: [1, 0.5], test_loss: [1, 0.9], train_acc: [0.1, 0.5], test_acc: [0, 0.2] } },
    async getMetricsMany(a) {
      log('getMetricsMany', a)
      return { runs: a.ids.map((id) => { need(id); return { id, rows: 2, downsampled: false, columns: Object.fromEntries(a.columns.map((c) => [c, { epoch: [0, 1], value: [0.1, 0.5] }])) } }) }
    },
    async startRun({ config }) {
      log('startRun', { config })
      const frac = config['train-frac']
      if (frac !== undefined && (typeof frac !== 'number' || frac <= 0 || frac >= 1)) throw new ApiError('invalid', `must be in (0, 1) (got ${frac})`, 'train-frac')
      const id = next++
      const epochs = Number(config.epochs ?? 10)
      runs.set(id, {
        id, status: 'running', group: String(config.group ?? '71'), hidden: Number(config.hidden ?? 64), optim: 'adam', lr: 1e-3, wd: 2e-4, seed: 0,
        trainFrac: typeof frac === 'number' ? frac : 0.4, epochsDone: 0, totalEpochs: epochs, backend: 'fake', createdAt: Date.now(), finishedAt: null,
        msPerStep: 1, final: null, sweepId: null, label: null, tags: [], deletedAt: null, act: 'sqr', loss: 'mse', expression: '', outcome: 'unfinished', timeToGrok: null, config, backendVersion: null, stages: null, summary: null, notes: '', error: null, checkpoints: [],
      })
      setTimeout(() => {
        const r = runs.get(id)
        if (!r) return
        emit('onRunProgress', { runId: id, epoch: epochs, totalEpochs: epochs, train_loss: 0.1, train_acc: 1, test_acc: 0.9, msPerStep: 1 })
        Object.assign(r, { status: 'finished', epochsDone: epochs, final: { train_acc: 1, test_acc: 0.9, train_loss: 0.1, test_loss: 0.2 } })
        emit('onRunFinished', { runId: id, status: 'finished' })
      }, 20)
      return { id }
    },
    async cancelRun(a) { log('cancelRun', a); need(a.id).status = 'cancelled'; return { ok: true } },
    async resumeRun(a) { log('resumeRun', a); need(a.id); return { id: a.id } },
    async deleteRun(a) { log('deleteRun', a); need(a.id).deletedAt = Date.now(); return { ok: true } },
    async restoreRun(a) { log('restoreRun', a); need(a.id).deletedAt = null; return { ok: true } },
    async emptyTrash(a) {
      log('emptyTrash', a)
      const gone = [...runs.values()].filter((r) => r.deletedAt !== null)
      for (const r of gone) runs.delete(r.id)
      return { deleted: gone.length }
    },
    async purgeRun(a) { log('purgeRun', a); need(a.id); runs.delete(a.id); return { ok: true } },
    async setTags(a) { log('setTags', a); const r = need(a.id); r.tags = [...new Set(a.tags.map((t) => t.trim()))].sort(); return { tags: r.tags } },
    async setLabel(a) { log('setLabel', a); const r = need(a.id); r.label = a.label.trim() || null; return { label: r.label } },
    async listTags(a) { log('listTags', a); return [] },
    async setNotes(a) { log('setNotes', a); need(a.id).notes = a.notes; return { ok: true } },
    async getFeatures(a) { log('getFeatures', a); need(a.id); throw new ApiError('not_found', 'no spectra stored for this run', 'epoch') },
    async listGroups(a) { log('listGroups', a); return [{ name: '11', order: 11, description: 'Z_11', abelian: true }] },
    async getGroup(a) { log('getGroup', a); throw new ApiError('not_found', 'no groups in the fake', 'name') },
    async getTheory(a) { log('getTheory', a); need(a.id); throw new ApiError('invalid', `run ${a.id} has no checkpoint yet`, 'epoch') },
    async energyCensus(a) { log('energyCensus', a); throw new ApiError('invalid', 'no census in the fake', 'group') },
    async listSweeps(a) { log('listSweeps', a); return [] },
    async sweepStatus(a) { log('sweepStatus', a); throw new ApiError('not_found', 'no sweeps', 'sweep') },
    async planSweep(a) { log('planSweep', a); return { spec: a.spec ?? {}, runs: 0, steps: 0, estimateMs: 0, workers: 1 } },
    async enqueueSweep(a) { log('enqueueSweep', a); throw new ApiError('invalid', 'the fake service queues nothing', 'spec') },
    async runSweep(a) { log('runSweep', a); throw new ApiError('not_found', 'no sweep', 'id') },
    async controlSweep(a) { log('controlSweep', a); throw new ApiError('not_found', `no sweep ${a.id}`, 'id') },
    async getPhase(a) { log('getPhase', a); throw new ApiError('invalid', `no sweep ${JSON.stringify(a.sweep)} (see li2 sweep status)`, 'sweep') },
    async exportRun(a) { log('exportRun', a); need(a.id); return { text: 'epoch\n' } },
    async getCheckpoint(a) { log('getCheckpoint', a); need(a.id); throw new ApiError('invalid', `no checkpoint of run ${a.id} at latest (stored: none)`, 'epoch') },
    async defaults(a) { log('defaults', a); return { group: '71', hidden: 2048, trainFrac: 0.4, optim: 'adam', wd: 2e-4, lr: 1e-3, epochs: 3000, seed: 0 } },
    async startCensus(a) { log('startCensus', a); throw new ApiError('invalid', 'no census in the fake', 'group') },
    async getCensus(a) { log('getCensus', a); throw new ApiError('not_found', `no census ${a.id}`, 'id') },
    async listCensuses(a) { log('listCensuses', a); return [] },
    async cancelCensus(a) { log('cancelCensus', a); throw new ApiError('not_found', `no census ${a.id}`, 'id') },
    async deleteCensus(a) { log('deleteCensus', a); throw new ApiError('not_found', `no census ${a.id}`, 'id') },
    async energySlice(a) { log('energySlice', a); throw new ApiError('not_found', `no census ${a.id}`, 'id') },
    async getNode(a) { log('getNode', a); need(a.id); throw new ApiError('invalid', `run ${a.id} has no checkpoint at epoch ${a.epoch} (none stored)`, 'epoch') },
    async getRuns(a) { log('getRuns', a); return [...new Set(a.ids)].flatMap((id) => (runs.has(id) ? [runs.get(id)!] : [])) },
    async slurmSweepStatus(a) { log('slurmSweepStatus', a); return null },
    async createEntry(a) {
      log('createEntry', a)
      const body = a.body ?? ''
      const e: NotebookEntry = { id: nextEntry++, createdAt: Date.now(), updatedAt: Date.now(), title: a.title, topic: a.topic ?? '', body, tags: a.tags ?? [], runIds: embeddedRunIds(body) }
      entries.set(e.id, e)
      return e
    },
    async updateEntry(a) {
      log('updateEntry', a)
      const e = needEntry(a.id)
      Object.assign(e, { ...(a.title !== undefined ? { title: a.title } : {}), ...(a.topic !== undefined ? { topic: a.topic } : {}), ...(a.tags ? { tags: a.tags } : {}), ...(a.body !== undefined ? { body: a.body, runIds: embeddedRunIds(a.body) } : {}), updatedAt: Date.now() })
      return e
    },
    async deleteEntry(a) { log('deleteEntry', a); needEntry(a.id); entries.delete(a.id); return { ok: true } },
    async getEntry(a) { log('getEntry', a); return needEntry(a.id) },
    async listEntries(a) { log('listEntries', a); return [...entries.values()].reverse().filter((e) => !a.q || `${e.title} ${e.body}`.toLowerCase().includes(a.q.toLowerCase())).map((e) => ({ ...e, snippet: null })) },
    async notebookFacets(a) { log('notebookFacets', a); return { topics: [], tags: [] } },
    async entriesOfRun(a) { log('entriesOfRun', a); return [...entries.values()].filter((e) => e.runIds.includes(a.id)).map((e) => ({ id: e.id, title: e.title })) },
    async exportFigure(a) { log('exportFigure', { ...a, svg: `${a.svg.length} chars` }); return { name: `figure.${a.format}`, mime: 'image/svg+xml', base64: Buffer.from(a.svg).toString('base64'), entryId: 0 } },
    async exportEntry(a) { log('exportEntry', a); const e = needEntry(a.id); return { name: 'entry.html', html: `<h1>${e.title}</h1>` } },
  }
  return {
    service,
    calls,
    on<E extends EventName>(e: E, cb: (p: ServiceEvents[E]) => void) {
      if (!listeners.has(e)) listeners.set(e, new Set())
      listeners.get(e)!.add(cb as (p: unknown) => void)
      return () => { listeners.get(e)!.delete(cb as (p: unknown) => void) }
    },
    emit,
    async close() { listeners.clear() },
  }
}
