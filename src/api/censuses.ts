/** The stored energy censuses behind the contract (startCensus, getCensus, listCensuses, cancelCensus, deleteCensus,
 *  energySlice): inputs checked before anything is stored, the census run by the runner's census threads, the outcome
 *  stored with its inputs so a census reopens without recomputing. */
import { EventEmitter } from 'node:events'
import { ValidationError } from '../core/errors'
import { sphereSlice } from '../core/theory/slices'
import { cosine } from '../core/theory/census'
import { parseEnergyActivation } from '../core/theory/activation'
import type { CensusRow, Store } from '../store'
import { censusProblem, censusTask, type CensusInputs as JobInputs } from '../runner/censusJob'
import { CensusRunner } from '../runner/censusRunner'
import { ApiError, MAX_CENSUS_RESTARTS, MAX_SEED, type CensusInputs, type CensusProgress, type CensusRecord, type CensusScan, type EnergyCensus, type FieldError, type Li2Service } from './contract'

type StartArgs = Parameters<Li2Service['startCensus']>[0]

/** The defaults of the Energy page and `li2 energy`: full table, σ = x², 20 restarts, seed 0, 20000 ascent steps. */
export const CENSUS_DEFAULTS = { trainFrac: 1, act: 'sqr', restarts: 20, seed: 0, maxSteps: 20000 } as const

const inUnit = (x: unknown) => typeof x === 'number' && x > 0 && x <= 1

/** The job a startCensus call asks for, with defaults filled in, and its group's name; on bad input one ApiError naming
 *  the first broken field, with every broken field in `fields` (each checked alone), before anything is stored. */
export function checkedCensus(a: StartArgs): { job: JobInputs; groupName: string } {
  const fields: FieldError[] = []
  const fail = (field: string, message: string) => { if (!fields.some((f) => f.field === field)) fields.push({ field, message }) }
  const job: JobInputs = {
    group: a.group, ...(a.table !== undefined ? { table: a.table } : {}),
    trainFrac: a.trainFrac ?? CENSUS_DEFAULTS.trainFrac, act: a.act ?? CENSUS_DEFAULTS.act, restarts: a.restarts ?? CENSUS_DEFAULTS.restarts,
    seed: a.seed ?? CENSUS_DEFAULTS.seed, maxSteps: a.maxSteps ?? CENSUS_DEFAULTS.maxSteps, ...(a.pScan ? { pScan: [...a.pScan] } : {}),
  }
  // the hosts' schema check types each argument first; these are the rules between the values, stated once for every host
  if (!inUnit(job.trainFrac)) fail('trainFrac', `must be a number in (0, 1] (got ${JSON.stringify(a.trainFrac)})`)
  if (!Number.isInteger(job.restarts) || job.restarts < 1 || job.restarts > MAX_CENSUS_RESTARTS) fail('restarts', `must be an integer in 1..${MAX_CENSUS_RESTARTS} (got ${JSON.stringify(a.restarts)})`)
  if (!Number.isInteger(job.seed) || job.seed < 0 || job.seed > MAX_SEED) fail('seed', `must be an integer in 0..${MAX_SEED} (got ${JSON.stringify(a.seed)})`)
  if (!Number.isInteger(job.maxSteps) || job.maxSteps < 1) fail('maxSteps', `must be an integer ≥ 1 (got ${JSON.stringify(a.maxSteps)})`)
  if (job.pScan && (job.pScan.length === 0 || !job.pScan.every(inUnit))) fail('pScan', 'every training fraction must be a number in (0, 1]')
  if (job.pScan && new Set(job.pScan).size !== job.pScan.length) fail('pScan', 'has a training fraction twice')
  try { parseEnergyActivation(job.act, 'act') } catch (e) { if (e instanceof ValidationError) fail(e.field, e.rule); else throw e }
  let groupName = job.group
  if (job.group.trim() === '') fail(job.table === undefined ? 'group' : 'table', job.table === undefined ? 'is required (e.g. 11, 4x7, D7, Q8, S4)' : 'needs the table file\'s name')
  else {
    try {
      const task = censusTask(job.group, job.table)
      groupName = task.name
      // a training fraction so small it leaves under 2 pairs is refused here rather than in the worker
      for (const p of job.pScan ?? [job.trainFrac]) if (inUnit(p)) censusProblem(task, 'sqr', p, job.seed)
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e
      fail(e.field === 'samples' ? (job.pScan ? 'pScan' : 'trainFrac') : e.field, e.rule)
    }
  }
  if (fields.length) throw new ApiError('invalid', fields[0].message, fields[0].field, fields)
  return { job, groupName }
}

/** A stored row as the contract's record (the table's text stays in the store). */
function record(r: CensusRow): CensusRecord {
  const i = r.inputs
  const inputs: CensusInputs = {
    group: String(i.group ?? r.groupName), fromTable: typeof i.table === 'string', trainFrac: Number(i.trainFrac), act: String(i.act),
    restarts: Number(i.restarts), seed: Number(i.seed), maxSteps: Number(i.maxSteps), pScan: Array.isArray(i.pScan) ? (i.pScan as number[]) : null,
  }
  return {
    id: r.id, createdAt: r.createdAt, finishedAt: r.finishedAt, status: r.status, group: r.groupName, inputs, done: r.done, total: r.total,
    result: r.result as EnergyCensus | null, scan: r.scan as CensusScan | null, error: r.error,
  }
}

/** The census methods of one service on its store, their progress events, and close (cancels what runs here). */
export function censusMethods(store: Store, opts: { workerEntry?: string | URL }) {
  let runner: CensusRunner | null = null
  const events = new EventEmitter<{ progress: [CensusProgress] }>()
  const need = (id: number): CensusRow => {
    const r = store.getCensus(id)
    if (!r) throw new ApiError('not_found', `no census ${id}`, 'id')
    return r
  }
  /** Runs census `id` on the census threads; its progress and end go to the store and to onCensusProgress. */
  const start = (r: CensusRunner, id: number, job: JobInputs, total: number): void => {
    r.start(id, job, {
      onProgress(done) {
        store.setCensusProgress(id, done)
        events.emit('progress', { id, done, total, status: 'running' })
      },
      onEnd(end) {
        if (end.ok) store.finishCensus(id, { result: end.out.report, scan: end.out.scan, weights: end.out.weights })
        else store.endCensus(id, end.cancelled ? 'cancelled' : 'failed', end.field ? `${end.field}: ${end.message}` : end.message)
        const row = store.getCensus(id)
        if (row) events.emit('progress', { id, done: row.done, total, status: row.status })
      },
    })
  }
  const methods: Pick<Li2Service, 'startCensus' | 'getCensus' | 'listCensuses' | 'cancelCensus' | 'deleteCensus' | 'energySlice'> = {
    async startCensus(a) {
      const { job, groupName } = checkedCensus(a)
      const total = job.restarts * (job.pScan?.length ?? 1)
      const id = store.createCensus({ groupName, inputs: job, total })
      runner ??= new CensusRunner(opts.workerEntry)
      try {
        start(runner, id, job, total)
      } catch (e) {
        store.endCensus(id, 'failed', `could not start its worker thread: ${(e as Error).message}`) // never left 'running'
        throw e
      }
      return { id }
    },
    async getCensus({ id }) { return record(need(id)) },
    async listCensuses({ limit }) { return store.listCensuses(limit ?? 500).map(record) },
    async cancelCensus({ id }) {
      const r = need(id)
      if (r.status !== 'running') throw new ApiError('invalid', `census ${id} is ${r.status}, not running`, 'id')
      // running in another process: marked here, and that process's result is then dropped (it only stores onto 'running')
      if (!runner?.cancel(id)) { store.endCensus(id, 'cancelled'); events.emit('progress', { id, done: r.done, total: r.total, status: 'cancelled' }) }
      return { ok: true }
    },
    async deleteCensus({ id }) {
      if (need(id).status === 'running') throw new ApiError('invalid', `census ${id} is running; cancel it first`, 'id')
      store.deleteCensus(id)
      return { ok: true }
    },
    async energySlice({ id, maximum, resolution }) {
      const r = need(id)
      if (r.status !== 'done' || !r.result) throw new ApiError('invalid', `census ${id} has no maxima to slice (${r.status}${r.scan ? ', a p-scan' : ''})`, 'id')
      const weights = store.getCensusWeights(id) ?? []
      const res = r.result as unknown as EnergyCensus
      if (maximum >= weights.length) throw new ApiError('invalid', `must be < ${weights.length}, the census's number of maxima`, 'maximum')
      const i = r.inputs as unknown as JobInputs
      const task = censusTask(i.group, i.table)
      const p = censusProblem(task, i.act, i.trainFrac, i.seed)
      const wStar = Float64Array.from(weights[maximum])
      // d1 toward the most frequent other maximum that is not ±w* (its own direction is then on the grid), else random
      const other = weights.findIndex((w, k) => k !== maximum && Math.abs(cosine(w, wStar)) < 0.999)
      const d1 = other >= 0 ? Float64Array.from(weights[other]) : undefined
      const otherAt = other >= 0 ? Math.acos(Math.max(-1, Math.min(1, cosine(weights[other], wStar)))) * 180 / Math.PI : null
      // a spans ±90°, or far enough to show the other maximum with a margin (b stays within ±90°)
      const halfA = otherAt === null || otherAt <= 80 ? 90 : Math.min(180, Math.ceil((otherAt + 10) / 15) * 15)
      const s = sphereSlice(p, wStar, { d1, steps: resolution ?? 41, seed: i.seed, halfAngleDeg: halfA, halfAngleBDeg: 90 })
      const c = Math.floor(s.as.length / 2)
      const m = res.maxima[other]
      return {
        id, maximum, a: s.as, b: s.bs, E: s.E, E_center: s.E[c][c], E_star: res.maxima[maximum]?.E_star ?? null,
        directions: { d1: other >= 0 ? `toward maximum #${other + 1} (${m.kind}${m.irrep ? ` ${m.irrep}` : ''})` : 'seeded random', d2: 'seeded random' },
        other_at: otherAt,
      }
    },
  }
  return {
    methods,
    on(cb: (p: CensusProgress) => void): () => void { events.on('progress', cb); return () => { events.off('progress', cb) } },
    async close(): Promise<void> {
      await runner?.close() // each cancel stores 'cancelled' through onEnd, before the store closes
    },
  }
}
