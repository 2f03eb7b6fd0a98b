// Per-run blobs and JSON: the train/test split, weight checkpoints, the overwritten-in-place resume state, and spectra.
import { ValidationError } from '../core/errors'
import { type Db, parseJson, prep } from './sql'
import { type StoredTensor, decodeTensors, encodeTensors } from './tensors'

/** A run's split as sample indices. */
export interface StoredSplit {
  train: Int32Array
  test: Int32Array
}

/** A weight checkpoint as read back. */
export interface Checkpoint {
  epoch: number
  kind: 'weights'
  createdAt: number
  tensors: Record<string, StoredTensor>
}

/** The resume state as read back: weights + optimizer tensors and the JSON meta (step counts, rng state, …). */
export interface StoredResumeState {
  epoch: number
  updatedAt: number
  tensors: Record<string, StoredTensor>
  meta: unknown
}

function int32Blob(a: Int32Array, field: string): Buffer {
  if (!(a instanceof Int32Array)) throw new ValidationError(field, 'must be an Int32Array')
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength) // host is little-endian (checked in tensors.ts)
}

function int32FromBlob(b: Buffer): Int32Array {
  const out = new Int32Array(b.byteLength / 4) // aligned copy: the blob's bytes may start at any offset
  new Uint8Array(out.buffer).set(b)
  return out
}

/** Stores (or replaces) a run's split. */
export function saveSplit(db: Db, runId: number, split: StoredSplit): void {
  prep(db, 'INSERT OR REPLACE INTO splits (run_id, n_train, n_test, train, test) VALUES (?, ?, ?, ?, ?)')
    .run(runId, split.train.length, split.test.length, int32Blob(split.train, 'train'), int32Blob(split.test, 'test'))
}

/** A run's split, or null when none was saved. */
export function getSplit(db: Db, runId: number): StoredSplit | null {
  const r = prep(db, 'SELECT train, test FROM splits WHERE run_id = ?').get(runId) as { train: Buffer; test: Buffer } | undefined
  return r ? { train: int32FromBlob(r.train), test: int32FromBlob(r.test) } : null
}

/** Stores (or replaces) the weights at `epoch`. */
export function saveCheckpoint(db: Db, runId: number, epoch: number, tensors: Record<string, StoredTensor>): void {
  prep(db, `INSERT OR REPLACE INTO checkpoints (run_id, epoch, kind, tensors, created_at) VALUES (?, ?, 'weights', ?, ?)`)
    .run(runId, epoch, encodeTensors(tensors), Date.now())
}

/** The epochs that have a checkpoint, ascending. */
export function listCheckpoints(db: Db, runId: number): number[] {
  return prep(db, 'SELECT epoch FROM checkpoints WHERE run_id = ? ORDER BY epoch').pluck().all(runId) as number[]
}

/** The checkpoint at `epoch` (or the latest one), or null. */
export function getCheckpoint(db: Db, runId: number, epoch: number | 'latest'): Checkpoint | null {
  const r = (epoch === 'latest'
    ? prep(db, 'SELECT * FROM checkpoints WHERE run_id = ? ORDER BY epoch DESC LIMIT 1').get(runId)
    : prep(db, 'SELECT * FROM checkpoints WHERE run_id = ? AND epoch = ?').get(runId, epoch)) as
    { epoch: number; kind: 'weights'; created_at: number; tensors: Buffer } | undefined
  return r ? { epoch: r.epoch, kind: r.kind, createdAt: r.created_at, tensors: decodeTensors(r.tensors).tensors } : null
}

/** Overwrites the run's single resume state in place. */
export function saveResumeState(db: Db, runId: number, epoch: number, tensors: Record<string, StoredTensor>, meta: unknown): void {
  prep(db, 'INSERT OR REPLACE INTO resume_states (run_id, epoch, state, updated_at) VALUES (?, ?, ?, ?)')
    .run(runId, epoch, encodeTensors(tensors, meta), Date.now())
}

/** The run's resume state, or null. */
export function getResumeState(db: Db, runId: number): StoredResumeState | null {
  const r = prep(db, 'SELECT epoch, state, updated_at FROM resume_states WHERE run_id = ?').get(runId) as
    { epoch: number; state: Buffer; updated_at: number } | undefined
  if (!r) return null
  const { tensors, meta } = decodeTensors(r.state)
  return { epoch: r.epoch, updatedAt: r.updated_at, tensors, meta }
}

/** Drops the resume state (a finished run no longer needs it); returns whether there was one. */
export function deleteResumeState(db: Db, runId: number): boolean {
  return prep(db, 'DELETE FROM resume_states WHERE run_id = ?').run(runId).changes > 0
}

/** Stores (or replaces) the spectra computed at `epoch` (any JSON value). */
export function saveSpectra(db: Db, runId: number, epoch: number, data: unknown): void {
  prep(db, 'INSERT OR REPLACE INTO spectra (run_id, epoch, data) VALUES (?, ?, ?)').run(runId, epoch, JSON.stringify(data))
}

/** The spectra at `epoch` (or the latest), or null. */
export function getSpectra<T = unknown>(db: Db, runId: number, epoch: number | 'latest'): { epoch: number; data: T } | null {
  const r = (epoch === 'latest'
    ? prep(db, 'SELECT epoch, data FROM spectra WHERE run_id = ? ORDER BY epoch DESC LIMIT 1').get(runId)
    : prep(db, 'SELECT epoch, data FROM spectra WHERE run_id = ? AND epoch = ?').get(runId, epoch)) as { epoch: number; data: string } | undefined
  return r ? { epoch: r.epoch, data: parseJson<T>(r.data) as T } : null
}

/** The epochs that have spectra, ascending. */
export function listSpectraEpochs(db: Db, runId: number): number[] {
  return prep(db, 'SELECT epoch FROM spectra WHERE run_id = ? ORDER BY epoch').pluck().all(runId) as number[]
}
