// Who owns a running run or a claimed job, and whether that owner is still alive (pid probe on this host, heartbeat elsewhere).
import os from 'node:os'

/** This machine's host name, as written to runs.owner_host and jobs.claimed_by. */
export const HOST = os.hostname()

/** An owner silent this long on another host is presumed dead; runners should heartbeat well inside it (every ≤ 30 s). */
export const STALE_MS = 120_000

/** True when `pid` names a live process on this host (EPERM means it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Whether an owner still counts as alive: on this host its pid must exist; elsewhere it must have been seen within staleMs. */
export function ownerAlive(host: string | null, pid: number | null, lastSeenMs: number | null, staleMs: number, nowMs = Date.now()): boolean {
  if (host === HOST && pid !== null) return pidAlive(pid)
  return lastSeenMs !== null && nowMs - lastSeenMs < staleMs
}

/** The claimant string for this process: "host:pid", plus ":tag" (e.g. a worker thread id) when given. */
export function claimantId(tag?: string | number): string {
  return tag === undefined ? `${HOST}:${process.pid}` : `${HOST}:${process.pid}:${tag}`
}

/** Splits a claimant string back into host and pid (null parts when it is not in claimantId's form). */
export function parseClaimant(claimedBy: string | null): { host: string | null; pid: number | null } {
  if (!claimedBy) return { host: null, pid: null }
  const [host, pid] = claimedBy.split(':')
  const n = Number(pid)
  return { host: host || null, pid: Number.isInteger(n) && n > 0 ? n : null }
}
