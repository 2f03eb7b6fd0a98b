/** `li2 sweep run … --executor slurm` and the commands of a Slurm sweep: status (its tasks), collect, retry, cancel, and
 *  `li2 sweep task DIR I`, the entry the batch script runs on a node. */
import { ApiError, type Li2Service, type SlurmSweepStatus, type SweepSpecInput } from '../../api/contract'
import type { ServiceHandle } from '../../api/service'
import {
  cancelSlurmSweep, collectSlurmSweep, retrySlurmSweep, runSlurmTask, slurmSweep, slurmSweepState, submitSlurmSweep, watchSlurmSweep, type SlurmSweepState,
} from '../../api/slurmSweeps'
import { sweepSpec } from '../../api/sweeps'
import { intFlag } from '../args'
import { withReadService } from '../service'
import { table } from '../table'

type Values = Record<string, string | boolean | string[] | undefined>

/** The flags `sweep run --executor slurm` adds. */
export const SLURM_OPTIONS = {
  executor: { type: 'string' },
  'slurm-dir': { type: 'string' },
  partition: { type: 'string' },
  time: { type: 'string' },
  gres: { type: 'string' },
  'cpus-per-task': { type: 'string' },
  'array-parallel': { type: 'string' },
  'runs-per-task': { type: 'string' },
  'sbatch-arg': { type: 'string', multiple: true },
  'li2-command': { type: 'string' },
  'no-wait': { type: 'boolean', default: false },
} as const

/** Usage lines for the Slurm executor. */
export const SLURM_USAGE = [
  '       li2 sweep run SPEC.json | --preset NAME --executor slurm --slurm-dir DIR [--partition P] [--time T] [--gres G]',
  '                 [--cpus-per-task N] [--array-parallel N] [--runs-per-task N] [--sbatch-arg ARG]... [--li2-command CMD] [--no-wait]',
  '       li2 sweep collect|retry|cancel SWEEP [--db PATH]   (a sweep run through Slurm)',
].join('\n')

/** The flags that only mean something with --executor slurm (refused without it). */
export function slurmFlagsGiven(values: Values): string[] {
  return Object.keys(SLURM_OPTIONS).filter((k) => k !== 'executor' && k !== 'no-wait' && values[k] !== undefined)
}

/** Submits the sweep as a job array, then (unless --no-wait) watches it, merging each task's shard as it ends. */
export async function runOnSlurm(spec: SweepSpecInput, values: Values): Promise<number> {
  const slurmDir = values['slurm-dir'] as string | undefined
  if (!slurmDir) throw new ApiError('invalid', 'is required with --executor slurm (a folder every compute node sees)', '--slurm-dir')
  const opts = {
    slurmDir,
    li2: values['li2-command'] as string | undefined,
    partition: values.partition as string | undefined,
    time: values.time as string | undefined,
    gres: values.gres as string | undefined,
    cpusPerTask: intFlag(values['cpus-per-task'] as string | undefined, '--cpus-per-task', { min: 1, max: 1024 }),
    arrayParallel: intFlag(values['array-parallel'] as string | undefined, '--array-parallel', { min: 1, max: 100000 }),
    runsPerTask: intFlag(values['runs-per-task'] as string | undefined, '--runs-per-task', { min: 1, max: 100000 }),
    sbatchArgs: (values['sbatch-arg'] as string[] | undefined) ?? [],
  }
  return withReadService(values.db as string | undefined, async (_svc, h) => {
    const s = await submitSlurmSweep(h.store, h.store.path, sweepSpec({ spec }), opts)
    process.stderr.write(`sweep ${s.name} (#${s.sweepId}): ${s.runs} runs in ${s.tasks} tasks, array job ${s.jobId}` +
      `${s.alreadyDone ? ` (${s.alreadyDone} runs already in the lab)` : ''}; files in ${s.dir}\n`)
    if (values['no-wait']) { process.stdout.write(`submitted: li2 sweep status ${s.name} to watch, li2 sweep collect ${s.name} to merge\n`); return 0 }
    return watch(h, s.dir, s.name, values)
  })
}

async function watch(h: ServiceHandle, dir: string, name: string, values: Values): Promise<number> {
  let stop = false
  const onSignal = (): void => { stop = true }
  process.on('SIGINT', onSignal)
  try {
    let last = ''
    const end = await watchSlurmSweep(h.store, dir, (s) => {
      const line = summaryLine(s)
      if (line !== last && values.quiet !== true) { process.stderr.write(line + '\n'); last = line }
      return stop
    })
    if (stop && !end.ended) {
      process.stderr.write(`\nstopped watching; the tasks run on: li2 sweep status ${name}, li2 sweep collect ${name} (or cancel)\n`)
      return 130
    }
    const c = h.store.jobCounts(h.store.getSweep(name)!.id)
    const bad = end.tasks.filter((t) => t.state !== 'COMPLETED')
    process.stdout.write(`sweep ${name}: ${c.done} runs in the lab; ${end.tasks.length - bad.length}/${end.tasks.length} tasks completed\n`)
    for (const t of bad) process.stdout.write(`  task ${t.task}: ${t.state}${t.exitCode !== null ? ` exit ${t.exitCode}` : ''}${t.error ? `: ${t.error}` : ''} (li2 sweep retry ${name})\n`)
    process.stdout.write(`phase diagram: li2 phase ${name}${values.db ? ` --db ${values.db}` : ''}\n`)
    return bad.length ? 1 : 0
  } finally {
    process.off('SIGINT', onSignal)
  }
}

function summaryLine(s: SlurmSweepState): string {
  const by = new Map<string, number>()
  for (const t of s.tasks) by.set(t.state, (by.get(t.state) ?? 0) + 1)
  const runs = s.tasks.reduce((n, t) => n + t.done, 0)
  const total = s.tasks.reduce((n, t) => n + t.runs, 0)
  return `tasks: ${[...by].map(([k, n]) => `${n} ${k.toLowerCase()}`).join(', ')} | runs ended ${runs}/${total}`
}

/** The tasks of a Slurm sweep under `li2 sweep status SWEEP`; nothing for a local sweep. */
export async function printSlurmTasks(svc: Li2Service, id: number): Promise<void> {
  const s: SlurmSweepStatus | null = await svc.slurmSweepStatus({ id })
  if (!s) return
  process.stdout.write(`slurm: array job ${s.jobIds.join(', ')}; files in ${s.dir}${s.ended ? '' : ' (running)'}\n`)
  process.stdout.write(table(['task', 'job', 'state', 'exit', 'runs', 'ended', 'failed', 'now'], s.tasks.map((t) => [
    String(t.task), `${t.jobId}_${t.task}`, t.state + (t.reason && t.reason !== 'None' && !['COMPLETED', 'CANCELLED'].includes(t.state) ? ` (${t.reason})` : ''),
    t.exitCode === null ? '-' : t.signal ? `${t.exitCode}:${t.signal}` : String(t.exitCode), String(t.runs), String(t.done), String(t.failed),
    t.active.map((a) => `${a.epoch}/${a.totalEpochs}`).join(' '),
  ]), { align: ['r', 'l', 'l', 'r', 'r', 'r', 'r', 'l'] }))
}

/** `li2 sweep collect|retry|cancel SWEEP`. */
export async function slurmSubcommand(sub: 'collect' | 'retry' | 'cancel', rest: string[], values: Values): Promise<number> {
  if (rest.length !== 1) throw new ApiError('invalid', 'give one sweep name or id', 'sweep')
  return withReadService(values.db as string | undefined, async (_svc, h) => {
    const s = slurmSweep(h.store, /^\d+$/.test(rest[0]) ? { id: Number(rest[0]) } : { name: rest[0] })
    if (!s.dir) throw new ApiError('invalid', `sweep ${s.name} ran on this host, not through Slurm (li2 sweep ${sub} is for --executor slurm sweeps)`, 'sweep')
    if (sub === 'collect') {
      const c = await collectSlurmSweep(h.store, s.dir)
      const st = await slurmSweepState(s.dir)
      const open = st.tasks.filter((t) => !['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED', 'UNKNOWN'].includes(t.state)).length
      process.stdout.write(`sweep ${s.name}: merged ${c.merged} runs from ${c.shards} shards, ${c.skipped} already in the lab` + (open ? `; ${open} tasks still pending or running` : '') + '\n')
      return 0
    }
    if (sub === 'cancel') {
      const st = await cancelSlurmSweep(s.dir)
      const c = await collectSlurmSweep(h.store, s.dir, st) // runs that finished before the cancel are kept
      process.stdout.write(`sweep ${s.name}: cancelled array job ${st.jobIds.join(', ')}; ${st.tasks.filter((t) => t.state === 'CANCELLED').length} tasks cancelled, ${c.merged} finished runs merged\n`)
      return 0
    }
    const r = await retrySlurmSweep(s.dir, intFlag(values['array-parallel'] as string | undefined, '--array-parallel', { min: 1, max: 100000 }))
    if (!r) { process.stdout.write(`sweep ${s.name}: no failed, cancelled or timed-out tasks to retry\n`); return 0 }
    process.stderr.write(`sweep ${s.name}: resubmitted tasks ${r.tasks.join(', ')} as array job ${r.jobId}\n`)
    if (values['no-wait']) return 0
    return watch(h, s.dir, s.name, values)
  })
}

/** `li2 sweep task DIR [INDEX]`: one array task on its node (INDEX defaults to $SLURM_ARRAY_TASK_ID). */
export async function taskCommand(rest: string[]): Promise<number> {
  const index = intFlag(rest[1] ?? process.env.SLURM_ARRAY_TASK_ID, 'INDEX', { min: 0 })
  if (rest.length < 1 || index === undefined) throw new ApiError('invalid', 'usage: li2 sweep task DIR [INDEX] (the batch script of a Slurm sweep runs it)', 'task')
  return runSlurmTask(rest[0], index)
}
