/** Messages between the runner and its training worker threads. */
import type { JobProgress, JobStatus } from './trainJob'

export type ToWorker =
  | { type: 'run'; runId: number; dbPath: string }
  | { type: 'stop'; runId: number; mode: 'cancel' | 'interrupt' }

export type FromWorker =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'done'; runId: number; status: JobStatus }
  | { type: 'error'; runId: number; message: string }
