/** The features a run view reads off a stored checkpoint: the spectra with the per-node power table (the heatmap), and
 *  one node's weights (getNode). Computed from the checkpoint's tensors on request: the stored spectra leave the table out. */
import { featureSpectra } from '../core/groups/spectra'
import { nodeWeights } from '../core/groups/nodeWeights'
import type { Store } from '../store'
import type { RunRow } from '../store/runs'
import { nearestEpoch } from '../runner/schedule'
import { prepareTask } from '../runner/trainJob'
import { ApiError, type FeatureSpectra, type NodeDetail } from './contract'

type Tensors = NonNullable<ReturnType<Store['getCheckpoint']>>['tensors']

function weightsOf(runId: number, tensors: Tensors): { Wt: Tensors[string]; V: Tensors[string] } {
  const Wt = tensors.Wt, V = tensors.V
  if (!Wt || !V) throw new ApiError('internal', `checkpoint of run ${runId} holds no Wt and V (tensors: ${Object.keys(tensors).join(', ')})`)
  return { Wt, V }
}

/** Spectra with the per-node power table (`power[j][ρ]`) at the checkpoint nearest `epoch` (default: the latest). */
export function featuresWithPower(store: Store, run: RunRow, epoch: number | undefined): FeatureSpectra {
  const id = run.id
  const at = epoch === undefined ? 'latest' : nearestEpoch(store.listCheckpoints(id), epoch)
  const ck = at === null ? null : store.getCheckpoint(id, at)
  if (!ck) throw new ApiError('not_found', `no checkpoint stored for run ${id}`, 'epoch')
  const { task } = prepareTask(run.config)
  if (!task.group) throw new ApiError('invalid', `run ${id} learns an expression, not a group: it has no irreps`, 'id')
  const { Wt, V } = weightsOf(id, ck.tensors)
  const s = featureSpectra(task.group, Wt.data, V.data, run.config.hidden, task.q, { includePower: true })
  // 4 significant digits are plenty for a heatmap of shares, and halve the answer at K = 2048 (≈ 1.7 MB → 0.8 MB)
  s.power = s.power!.map((row) => row.map((p) => Number(p.toPrecision(4))))
  return { epoch: ck.epoch, requested_epoch: epoch === undefined || epoch === ck.epoch ? null : epoch, ...s }
}

/** Node `node` of the checkpoint stored at exactly `epoch`: refused by name when there is none or the node is out of range. */
export function nodeDetail(store: Store, run: RunRow, epoch: number, node: number): NodeDetail {
  const id = run.id
  const ck = store.getCheckpoint(id, epoch)
  if (!ck) {
    const stored = store.listCheckpoints(id)
    const near = nearestEpoch(stored, epoch)
    throw new ApiError('invalid', `run ${id} has no checkpoint at epoch ${epoch}` + (near === null ? ' (none stored)' : ` (nearest stored: ${near})`), 'epoch')
  }
  const K = run.config.hidden
  if (node >= K) throw new ApiError('invalid', `must be below the hidden width K = ${K} (got ${node})`, 'node')
  const { task } = prepareTask(run.config)
  const { Wt, V } = weightsOf(id, ck.tensors)
  const w = nodeWeights(task.group ?? null, task.M, Wt.data, V.data, K, task.q, node)
  return { run_id: id, epoch: ck.epoch, group: task.group?.name ?? task.name, ...w }
}
