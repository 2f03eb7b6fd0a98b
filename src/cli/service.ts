/** The service as a `li2` command that only reads opens it: no runner, no worker threads (workers: 0). */
import { createService, type ServiceHandle } from '../api/service'
import type { Li2Service } from '../api/contract'

/** Opens the read-only service on `db` (default: the user's store), runs `f`, and closes it. */
export async function withReadService<T>(db: string | undefined, f: (s: Li2Service, h: ServiceHandle) => Promise<T>): Promise<T> {
  const h = await createService({ dbPath: db, workers: 0 })
  try { return await f(h.service, h) } finally { await h.close() }
}

/** The store for commands that read no runs (groups, energy): in memory, so they create no file. */
export const NO_STORE = ':memory:'
