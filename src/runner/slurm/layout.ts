/** A Slurm sweep's folder on the shared filesystem: manifest.json (the lab's), tasks/I.json (the configs of array task I),
 *  shards/I.db (task I's own SQLite store), status/I.json (its small progress file), logs/, and task.sh (the batch script).
 *  Each task writes only its own shard and status file: SQLite with many writers on a network filesystem corrupts. */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { TrainConfig } from '../../core/config'
import { ValidationError } from '../../core/errors'

/** One submission of (some of) the sweep's tasks as a job array. */
export interface SlurmArray { jobId: number; tasks: number[]; submittedAt: number }

/** What the lab wrote when it submitted the sweep. */
export interface SlurmManifest {
  version: 1
  sweep: string
  /** The command that runs li2 on a node (`li2`, or e.g. `node /opt/li2/bin/li2.mjs`). */
  li2: string
  /** Runs of one task trained at once (its --cpus-per-task). */
  workersPerTask: number
  sbatchArgs: string[]
  /** Runs per task, by task index. */
  tasks: number[]
  arrays: SlurmArray[]
}

/** A task's own progress file. */
export interface TaskStatus {
  task: number
  state: 'running' | 'done' | 'failed' | 'interrupted'
  total: number
  done: number
  failed: number
  /** Epoch progress of the runs in flight. */
  active: { epoch: number; totalEpochs: number }[]
  host: string
  updatedAt: number
  /** 1, then 2… after each requeue or preemption ($SLURM_RESTART_COUNT + 1). */
  attempt: number
  /** Shard run ids this attempt resumed, with the epoch of the resume state each continued from. */
  resumed: { runId: number; epoch: number }[]
  error?: string
}

/** The paths of one sweep's folder. */
export function sweepPaths(dir: string) {
  const root = resolve(dir)
  return {
    root,
    manifest: join(root, 'manifest.json'),
    script: join(root, 'task.sh'),
    logs: join(root, 'logs'),
    taskFile: (i: number) => join(root, 'tasks', `${i}.json`),
    shard: (i: number) => join(root, 'shards', `${i}.db`),
    status: (i: number) => join(root, 'status', `${i}.json`),
  }
}

/** A sweep's folder under --slurm-dir (the name made filesystem-safe). */
export function sweepDir(slurmDir: string, sweep: string): string {
  return join(resolve(slurmDir), sweep.replace(/[^A-Za-z0-9._-]/g, '_'))
}

/** Writes JSON by rename, so a reader on another node never sees half a file. */
export function writeJsonAtomic(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(value, null, 1))
  renameSync(tmp, path)
}

function readJson<T>(path: string): T | null {
  if (!existsSync(path)) return null
  return JSON.parse(readFileSync(path, 'utf8')) as T
}

/** The manifest of a sweep folder; a ValidationError when it holds none. */
export function readManifest(dir: string): SlurmManifest {
  const m = readJson<SlurmManifest>(sweepPaths(dir).manifest)
  if (!m) throw new ValidationError('sweep', `${dir} holds no Slurm sweep (no manifest.json)`)
  return m
}

/** The configs of task `i`. */
export function readTaskConfigs(dir: string, i: number): TrainConfig[] {
  const c = readJson<TrainConfig[]>(sweepPaths(dir).taskFile(i))
  if (!c) throw new ValidationError('task', `no task file ${sweepPaths(dir).taskFile(i)}`)
  return c
}

/** Task `i`'s status file, or null before it first ran. */
export function readTaskStatus(dir: string, i: number): TaskStatus | null {
  try {
    return readJson<TaskStatus>(sweepPaths(dir).status(i))
  } catch {
    return null // being replaced: the next poll reads it
  }
}

/** The batch script: runs li2's task entry for the array index. `exec` so Slurm's signals reach li2 itself. */
export function taskScript(dir: string, li2: string): string {
  return `#!/bin/bash\n# li2 sweep task: array task $SLURM_ARRAY_TASK_ID of ${JSON.stringify(dir)}\nexec ${li2} sweep task ${shellQuote(dir)} "$SLURM_ARRAY_TASK_ID"\n`
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/** The lab's list of its Slurm sweeps (name → folder), kept beside its database and named after it (two labs may share a folder). */
export function registryPath(dbPath: string): string {
  return `${resolve(dbPath)}.slurm-sweeps.json`
}

/** The folder of a lab sweep submitted to Slurm, or null for a local sweep. */
export function registeredDir(dbPath: string, sweep: string): string | null {
  return readJson<Record<string, string>>(registryPath(dbPath))?.[sweep] ?? null
}

/** Records a sweep's folder in the lab's list. */
export function register(dbPath: string, sweep: string, dir: string): void {
  const reg = readJson<Record<string, string>>(registryPath(dbPath)) ?? {}
  reg[sweep] = dir
  writeJsonAtomic(registryPath(dbPath), reg)
}
