/** Sweeps on a Slurm cluster, the lab's side: write the sweep as task files and submit one job array, watch it
 *  (`scontrol -o show job` plus the tasks' status files), merge finished shards into the lab store (idempotent),
 *  resubmit failed or cancelled tasks, cancel with scancel. */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ValidationError } from '../../core/errors'
import { configHash, type Store } from '../../store'
import { sweepName } from '../sweepRunner'
import { expandSpec, type SweepSpec } from '../sweepSpec'
import { checkSlurm, checkWritableDir, sbatch, scancel, showJob } from './commands'
import { readManifest, readTaskStatus, register, sweepDir, sweepPaths, taskScript, writeJsonAtomic, type SlurmManifest } from './layout'
import { ENDED_STATES, foldTaskRange } from './textFormats'

/** How to submit: where the task files go, how li2 runs on a node, and sbatch's usual options. */
export interface SlurmSubmitOptions {
  /** A folder every compute node sees (the sweep gets a subfolder named after it). */
  slurmDir: string
  /** The command that runs li2 on a node (default `li2`). */
  li2?: string
  /** Runs per array task (default 1). */
  runsPerTask?: number
  /** --cpus-per-task, also the runs one task trains at once (default 1). */
  cpusPerTask?: number
  partition?: string
  time?: string
  gres?: string
  /** At most this many tasks at once (--array=…%N). */
  arrayParallel?: number
  /** More sbatch options, passed as given. */
  sbatchArgs?: string[]
}

/** What a submission did. */
export interface SlurmSubmitted { sweepId: number; name: string; dir: string; jobId: number; tasks: number; runs: number; alreadyDone: number }

/** One array task as the lab sees it. */
export interface SlurmTaskState {
  task: number
  runs: number
  /** Slurm's state (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, …), or the status file's when the controller forgot the job. */
  state: string
  reason: string
  exitCode: number | null
  signal: number | null
  /** The array job that ran it last (tasks keep their index when retried). */
  jobId: number
  /** Runs ended in its shard so far, from its status file. */
  done: number
  failed: number
  active: { epoch: number; totalEpochs: number }[]
  error: string | null
}

/** A Slurm sweep's tasks now. */
export interface SlurmSweepState { sweep: string; dir: string; jobIds: number[]; tasks: SlurmTaskState[]; ended: boolean }

/** Checks everything it can (client commands, controller, folder, spec, sbatch's options with --test-only), writes the
 *  task files and submits one array; nothing is stored or submitted when a check fails. */
export async function submitSlurmSweep(store: Store, dbPath: string, spec: SweepSpec, o: SlurmSubmitOptions): Promise<SlurmSubmitted> {
  const items = expandSpec(spec)
  const name = sweepName(spec)
  const existing = store.getSweep(name)
  if (existing && configHash(existing.spec) !== configHash(spec)) throw new ValidationError('name', `a sweep named ${JSON.stringify(name)} already exists with a different spec (rename it)`)
  await checkSlurm()
  checkWritableDir(o.slurmDir)
  const dir = sweepDir(o.slurmDir, name)
  const paths = sweepPaths(dir)
  if (existsSync(paths.manifest)) throw new ValidationError('--slurm-dir', `sweep ${name} was already submitted to ${dir}: use li2 sweep status, retry or collect (or another --slurm-dir)`)
  const done = new Set(store.listJobs({ status: 'done' }).map((j) => j.key))
  const todo = items.filter((it) => !done.has(configHash(it.config)))
  if (todo.length === 0) throw new ValidationError('spec', `every run of sweep ${name} is already in the lab: nothing to submit`)
  const per = o.runsPerTask ?? 1
  const tasks: number[] = []
  for (let i = 0; i * per < todo.length; i++) tasks.push(Math.min(per, todo.length - i * per))

  const li2 = o.li2 ?? 'li2'
  const cpus = o.cpusPerTask ?? 1
  const args = [`--job-name=li2-${name}`, `--output=${paths.logs}/%A_%a.log`, `--chdir=${paths.root}`, `--cpus-per-task=${cpus}`, '--open-mode=append'] // a requeued task's log keeps every attempt
  if (o.partition) args.push(`--partition=${o.partition}`)
  if (o.time) args.push(`--time=${o.time}`)
  if (o.gres) args.push(`--gres=${o.gres}`)
  args.push(...(o.sbatchArgs ?? []))
  const par = o.arrayParallel ? `%${o.arrayParallel}` : ''
  const arrayArg = `--array=0-${tasks.length - 1}${par}`

  for (const d of [paths.logs, dirname(paths.shard(0)), dirname(paths.status(0))]) mkdirSync(d, { recursive: true })
  writeFileSync(paths.script, taskScript(paths.root, li2), { mode: 0o755 })
  try {
    await sbatch([...args, arrayArg], paths.script, true)
  } catch (e) {
    rmSync(paths.root, { recursive: true, force: true })
    throw e
  }
  tasks.forEach((n, i) => writeJsonAtomic(paths.taskFile(i), todo.slice(i * per, i * per + n).map((it) => it.config)))
  const manifest: SlurmManifest = { version: 1, sweep: name, li2, workersPerTask: cpus, sbatchArgs: args, tasks, arrays: [] }
  writeJsonAtomic(paths.manifest, manifest)
  const sweepId = existing?.id ?? store.createSweep(name, spec)
  const jobId = (await sbatch([...args, arrayArg], paths.script))!
  manifest.arrays.push({ jobId, tasks: tasks.map((_, i) => i), submittedAt: Date.now() })
  writeJsonAtomic(paths.manifest, manifest)
  register(dbPath, name, paths.root)
  return { sweepId, name, dir: paths.root, jobId, tasks: tasks.length, runs: todo.length, alreadyDone: items.length - todo.length }
}

// what a status file says, for a task the controller no longer lists
const FILE_STATE: Record<string, string> = { done: 'COMPLETED', failed: 'FAILED', interrupted: 'CANCELLED', running: 'UNKNOWN' }

/** Every task's state: the controller's for the array that ran it last, else its status file's. */
export async function slurmSweepState(dir: string): Promise<SlurmSweepState> {
  const m = readManifest(dir)
  const latest = new Map<number, number>() // task → the last array that holds it
  for (const a of m.arrays) for (const t of a.tasks) latest.set(t, a.jobId)
  const shown = new Map<number, Awaited<ReturnType<typeof showJob>>>()
  for (const jobId of new Set(latest.values())) shown.set(jobId, await showJob(jobId))
  const tasks = m.tasks.map((runs, task): SlurmTaskState => {
    const jobId = latest.get(task) ?? 0
    const line = shown.get(jobId)?.find((l) => l.taskIds.includes(task))
    const st = readTaskStatus(dir, task)
    const state = line?.state ?? (st ? FILE_STATE[st.state] : jobId ? 'UNKNOWN' : 'NOT_SUBMITTED')
    const ended = line !== undefined && ENDED_STATES.has(line.state) // a running task's ExitCode=0:0 means nothing yet
    return {
      task, runs, state, reason: line?.reason ?? '', exitCode: ended ? line.exitCode : null, signal: ended ? line.signal : null, jobId,
      done: st?.done ?? 0, failed: st?.failed ?? 0, active: line && ENDED_STATES.has(line.state) ? [] : st?.active ?? [], error: st?.error ?? null,
    }
  })
  return { sweep: m.sweep, dir, jobIds: m.arrays.map((a) => a.jobId), tasks, ended: tasks.every((t) => taskEnded(t)) }
}

/** A task no longer running anywhere (its shard has no writer). */
export function taskEnded(t: SlurmTaskState): boolean {
  return ENDED_STATES.has(t.state) || t.state === 'UNKNOWN' || t.state === 'NOT_SUBMITTED'
}

/** What a collect did. */
export interface SlurmCollected { merged: number; skipped: number; shards: number }

/** Merges the shards of ended tasks into the lab's sweep (runs already there are skipped, so collecting twice changes nothing). */
export async function collectSlurmSweep(store: Store, dir: string, state?: SlurmSweepState, only?: ReadonlySet<number>): Promise<SlurmCollected> {
  const s = state ?? await slurmSweepState(dir)
  const sweep = store.getSweep(s.sweep)
  if (!sweep) throw new ValidationError('sweep', `the lab has no sweep ${JSON.stringify(s.sweep)} (submitted from another lab?)`)
  const out: SlurmCollected = { merged: 0, skipped: 0, shards: 0 }
  for (const t of s.tasks) {
    if (!taskEnded(t) || (only && !only.has(t.task))) continue
    const shard = sweepPaths(dir).shard(t.task)
    if (!existsSync(shard)) continue
    const r = store.mergeShard(shard, sweep.id, `slurm:${t.jobId}_${t.task}`)
    out.merged += r.merged
    out.skipped += r.skipped
    out.shards++
  }
  return out
}

/** Resubmits the failed, cancelled or timed-out tasks (same indices, same options) as a new array; null when none. */
export async function retrySlurmSweep(dir: string, arrayParallel?: number): Promise<{ jobId: number; tasks: number[] } | null> {
  const s = await slurmSweepState(dir)
  const again = s.tasks.filter((t) => taskEnded(t) && t.state !== 'COMPLETED').map((t) => t.task)
  if (!again.length) return null
  await checkSlurm()
  const m = readManifest(dir)
  const jobId = (await sbatch([...m.sbatchArgs, `--array=${foldTaskRange(again)}${arrayParallel ? `%${arrayParallel}` : ''}`], sweepPaths(dir).script))!
  m.arrays.push({ jobId, tasks: again, submittedAt: Date.now() })
  writeJsonAtomic(sweepPaths(dir).manifest, m)
  return { jobId, tasks: again }
}

/** scancel every array of the sweep, then waits until none of its tasks is pending or running. */
export async function cancelSlurmSweep(dir: string, timeoutMs = 60_000): Promise<SlurmSweepState> {
  const m = readManifest(dir)
  await scancel(m.arrays.map((a) => String(a.jobId)))
  const t0 = Date.now()
  for (;;) {
    const s = await slurmSweepState(dir)
    if (s.tasks.every((t) => ENDED_STATES.has(t.state) || t.state === 'UNKNOWN')) return s
    if (Date.now() - t0 > timeoutMs) throw new Error(`tasks still listed ${timeoutMs / 1000} s after scancel: ${s.tasks.filter((t) => !taskEnded(t)).map((t) => `${t.task} ${t.state}`).join(', ')}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** Watches the array until every task ended, merging each task's shard as it ends; `onState` sees every poll and may
 *  return true to stop watching (the tasks run on). */
export async function watchSlurmSweep(store: Store, dir: string, onState: (s: SlurmSweepState) => boolean | void = () => {}, pollMs = 1000): Promise<SlurmSweepState> {
  const merged = new Set<number>()
  for (;;) {
    const s = await slurmSweepState(dir)
    const fresh = new Set(s.tasks.filter((t) => taskEnded(t) && !merged.has(t.task)).map((t) => t.task))
    if (fresh.size) { await collectSlurmSweep(store, dir, s, fresh); fresh.forEach((t) => merged.add(t)) }
    if (onState(s) === true || s.ended) return s
    await new Promise((r) => setTimeout(r, pollMs))
  }
}
