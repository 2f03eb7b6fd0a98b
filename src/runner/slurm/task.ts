/** One Slurm array task on its node: trains the task's configs into its own shard store with a SweepRunner and keeps its
 *  status file current. Requeued or preempted, it starts again on the same shard and resumes each run from its resume state. */
import { hostname } from 'node:os'
import { openStore } from '../../store'
import { SweepRunner } from '../sweepRunner'
import { readManifest, readTaskConfigs, sweepPaths, writeJsonAtomic, type TaskStatus } from './layout'

/** Runs task `index` of the sweep folder `dir`; resolves with the process exit code (0 when every run ended finished or diverged). */
export async function runSlurmTask(dir: string, index: number): Promise<number> {
  const paths = sweepPaths(dir)
  const manifest = readManifest(dir)
  const configs = readTaskConfigs(dir, index)
  // only this task ever writes this shard (Slurm runs one instance of a task id), so anything left 'running' in it is
  // a killed earlier attempt, whatever host it ran on: staleMs 1 makes openStore interrupt it and requeue its jobs
  const store = openStore(paths.shard(index), { staleMs: 1 })
  const sweepId = store.getSweep(manifest.sweep)?.id ?? store.createSweep(manifest.sweep, { slurmTask: index })
  store.requeueJobs(sweepId, ['failed', 'cancelled'])
  store.enqueueJobs(configs.map((config) => ({ config })), sweepId)
  // runs an earlier attempt left with a resume state: they continue from that epoch, not from scratch
  const resumed = store.listJobs({ sweepId, status: 'queued' }).flatMap((j) => {
    const rs = j.runId === null ? null : store.getResumeState(j.runId)
    return rs ? [{ runId: j.runId!, epoch: rs.epoch }] : []
  })
  store.close()

  const status: TaskStatus = {
    task: index, state: 'running', total: configs.length, done: 0, failed: 0, active: [], host: hostname(), updatedAt: Date.now(),
    attempt: Number(process.env.SLURM_RESTART_COUNT ?? 0) + 1, resumed,
  }
  const write = (): void => { status.updatedAt = Date.now(); writeJsonAtomic(paths.status(index), status) }
  write()
  const sr = new SweepRunner({ dbPath: paths.shard(index), workers: manifest.workersPerTask })
  let last = 0
  sr.on('progress', (p) => {
    status.done = p.done
    status.failed = p.failed
    status.active = p.active.map((a) => ({ epoch: a.epoch, totalEpochs: a.totalEpochs }))
    const now = Date.now()
    if (now - last > 1000) { last = now; write() } // a small file on a shared filesystem: at most once a second
  })
  // scancel, preemption and the time limit send SIGTERM first: keep resume state, mark the file, exit
  let stopped = false
  const onTerm = (): void => {
    if (stopped) return
    stopped = true
    status.state = 'interrupted'
    void sr.close().then(() => { write(); process.exit(143) })
  }
  process.on('SIGTERM', onTerm)
  process.on('SIGINT', onTerm)
  try {
    const c = await sr.run(sweepId)
    if (stopped) return new Promise(() => {}) // onTerm exits
    Object.assign(status, { done: c.done, failed: c.failed + c.cancelled, active: [], state: c.failed + c.cancelled + c.queued > 0 ? 'failed' : 'done' })
    const errors = sr.store.listJobs({ sweepId, status: 'failed' }).map((j) => j.error).filter(Boolean)
    if (errors.length) status.error = errors[0]!
    await sr.close()
    write()
    return status.state === 'done' ? 0 : 1
  } catch (e) {
    status.state = 'failed'
    status.error = (e as Error).message
    write()
    await sr.close().catch(() => {})
    throw e
  } finally {
    process.off('SIGTERM', onTerm)
    process.off('SIGINT', onTerm)
  }
}
