// Merging a Slurm task's shard store into the lab's: finished runs with every table they own, keyed by config hash so a
// shard merged twice still gives one run (the jobs table's unique key, as enqueueJobs dedupes).
import { configHash } from './jobs'
import { parseJson, type Db } from './sql'

/** What one merge did: runs copied, and runs already in the lab (merged before, or the same config run elsewhere). */
export interface ShardMergeResult {
  merged: number
  skipped: number
  /** The lab run ids of the shard's finished runs (new or already there), by config hash. */
  runIds: Record<string, number>
}

// the runner's live fields: a merged run has no owner here; a run's resume state is for its own task, not the lab
const DROP_RUN_COLUMNS = new Set(['id', 'owner_pid', 'owner_host', 'heartbeat_at', 'sweep_id'])
const SKIP_TABLES = new Set(['runs', 'jobs', 'sweeps', 'resume_states'])

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`

function columns(db: Db, schema: string, table: string): string[] {
  return (db.prepare(`PRAGMA ${schema}.table_info(${q(table)})`).all() as { name: string }[]).map((c) => c.name)
}

/** Copies the shard file's finished (or diverged) runs, with metrics, splits, checkpoints, spectra, tags and summary,
 *  into sweep `sweepId` of `db`, one transaction; each becomes a 'done' job claimed by `identity` + its shard run id.
 *  The shard must be at this code's schema version (the same li2 wrote it). */
export function mergeShard(db: Db, shardPath: string, sweepId: number, identity: string): ShardMergeResult {
  db.prepare('ATTACH DATABASE ? AS shard').run(shardPath)
  try {
    const mine = db.pragma('main.user_version', { simple: true }) as number
    const theirs = db.pragma('shard.user_version', { simple: true }) as number
    if (mine !== theirs) throw new Error(`shard ${shardPath} has schema version ${theirs}, the lab ${mine}: run the same li2 version on the cluster`)
    const runCols = columns(db, 'main', 'runs').filter((c) => !DROP_RUN_COLUMNS.has(c))
    const shardTables = (db.prepare(`SELECT name FROM shard.sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name)
    const owned = shardTables
      .filter((t) => !SKIP_TABLES.has(t) && !t.startsWith('sqlite_'))
      .map((t) => ({ t, cols: columns(db, 'main', t) }))
      .filter((x) => x.cols.includes('run_id'))
    const runs = db.prepare(`SELECT id, config FROM shard.runs WHERE status IN ('finished', 'diverged') ORDER BY id`).all() as { id: number; config: string }[]
    const out: ShardMergeResult = { merged: 0, skipped: 0, runIds: {} }
    const insRun = db.prepare(`INSERT INTO main.runs (${runCols.map(q).join(', ')}, sweep_id) SELECT ${runCols.map(q).join(', ')}, ? FROM shard.runs WHERE id = ?`)
    const copies = owned.map(({ t, cols }) => db.prepare(
      `INSERT INTO main.${q(t)} (${cols.map(q).join(', ')}) SELECT ${cols.map((c) => (c === 'run_id' ? '?' : q(c))).join(', ')} FROM shard.${q(t)} WHERE run_id = ?`))
    const job = db.prepare('SELECT id, status, run_id FROM main.jobs WHERE key = ?')
    const liveRun = db.prepare('SELECT id FROM main.runs WHERE id = ?')
    const doneJob = db.prepare(`UPDATE main.jobs SET status = 'done', run_id = ?, claimed_by = ?, error = NULL WHERE id = ?`)
    const newJob = db.prepare(`INSERT INTO main.jobs (sweep_id, run_id, config, key, status, claimed_by, claimed_at, attempts, created_at)
      VALUES (?, ?, ?, ?, 'done', ?, ?, 1, ?)`)
    db.transaction(() => {
      for (const r of runs) {
        const key = configHash(parseJson(r.config))
        const j = job.get(key) as { id: number; status: string; run_id: number | null } | undefined
        if (j && j.status === 'done' && j.run_id !== null && liveRun.get(j.run_id)) {
          out.skipped++
          out.runIds[key] = j.run_id
          continue
        }
        const runId = Number(insRun.run(sweepId, r.id).lastInsertRowid)
        for (const c of copies) c.run(runId, r.id)
        const who = `${identity}#${r.id}`
        const now = Date.now()
        if (j) doneJob.run(runId, who, j.id)
        else newJob.run(sweepId, runId, r.config, key, who, now, now)
        out.merged++
        out.runIds[key] = runId
      }
    }).immediate()
    return out
  } finally {
    db.prepare('DETACH DATABASE shard').run()
  }
}
