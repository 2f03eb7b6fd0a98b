/** Sweeps on Slurm behind the lab: the folder a lab sweep was submitted to (kept beside the lab's database), and the
 *  contract's view of its tasks. The work itself is runner/slurm's, re-exported here for the `li2` commands. */
import { registeredDir } from '../runner/slurm/layout'
import { slurmSweepState } from '../runner/slurm/executor'
import { MEMORY_DB, type Store } from '../store'
import { ApiError, type SlurmSweepStatus } from './contract'

/** The lab sweep (id or name) and its Slurm folder; the folder is null for a sweep run on this host. */
export function slurmSweep(store: Store, a: { id?: number; name?: string }): { sweepId: number; name: string; dir: string | null } {
  const s = a.id !== undefined ? store.getSweep(a.id) : a.name !== undefined ? store.getSweep(a.name) : store.listSweeps()[0] ?? null
  if (!s) throw new ApiError('not_found', a.id === undefined && a.name === undefined ? 'no sweeps' : `no sweep ${JSON.stringify(a.name ?? String(a.id))}`, 'sweep')
  return { sweepId: s.id, name: s.name, dir: store.path === MEMORY_DB ? null : registeredDir(store.path, s.name) }
}

/** `slurmSweepStatus`: null for a local sweep. */
export async function slurmStatus(store: Store, a: { id?: number; name?: string }): Promise<SlurmSweepStatus | null> {
  const s = slurmSweep(store, a)
  if (!s.dir) return null
  const st = await slurmSweepState(s.dir)
  return { executor: 'slurm', sweepId: s.sweepId, name: s.name, dir: st.dir, jobIds: st.jobIds, tasks: st.tasks, ended: st.ended }
}

export { cancelSlurmSweep, collectSlurmSweep, retrySlurmSweep, slurmSweepState, submitSlurmSweep, watchSlurmSweep, type SlurmSweepState } from '../runner/slurm/executor'
export { runSlurmTask } from '../runner/slurm/task'
