/** Messages between the runner and its training worker threads. Each training job has its own number (never reused within
 *  a pool), so a stop meant for one job can never reach a later job of the same run or of a run that reused its id. */
import type { JobProgress, TrainEnd } from './trainJob'

export type ToWorker =
  | { type: 'run'; job: number; runId: number; dbPath: string }
  | { type: 'stop'; job: number; mode: 'cancel' | 'interrupt'; runId?: number }
  /** Several runs of one task shape trained as one stack (issue 16): one job, a 'done' per run as each ends. */
  | { type: 'batch'; job: number; runIds: number[]; dbPath: string }

export type FromWorker =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'done'; job: number; runId: number; status: TrainEnd }
  | { type: 'error'; job: number; runId: number; message: string }
