/** Lemma 1 and Theorem 6 on a run's stored checkpoint (the nearest to the asked epoch, default the latest), on its
 *  training pairs: what `li2 theory` prints and the run view's Theory tab shows. Runs in a worker thread on a host that
 *  trains (theoryRunner.ts), so a checkpoint of K = 2048 (seconds of work) does not stall the host's other answers. */
import { checkpointTheory } from '../core/diagnostics/checkpointTheory'
import { ValidationError } from '../core/errors'
import type { Store } from '../store'
import { initBackend } from './backend'
import { nearestEpoch } from './schedule'
import { withDerivedSummary } from './summary'
import { prepareTask } from './trainJob'

/** The knobs of one theory report. */
export interface TheoryArgs { epoch?: number; eta?: number; pairs?: number; maxSamples?: number; maxNodes?: number }

/** The report of run `runId` (which must exist), as the contract's TheoryReport. */
export async function theoryReport(store: Store, runId: number, a: TheoryArgs) {
  const run = store.getRun(runId)
  if (!run) throw new ValidationError('id', `no run ${runId}`)
  const cfg = run.config
  // answer from the nearest stored checkpoint, and say which one
  const at = a.epoch === undefined ? 'latest' : nearestEpoch(store.listCheckpoints(runId), a.epoch)
  const ck = at === null ? null : store.getCheckpoint(runId, at)
  if (!ck) throw new ValidationError('epoch', `run ${runId} has no checkpoint yet`)
  const eta = a.eta ?? (cfg.wd > 0 ? cfg.wd : 1e-3) // the theory needs η > 0
  await initBackend(cfg.backend, { syncReads: true }) // checkpointTheory reads synchronously: WebGPU in Node cannot
  const { task, train } = prepareTask(cfg)
  const split = store.getSplit(runId)?.train ?? train
  const t = checkpointTheory(task, cfg, ck.tensors, split, { eta, pairs: a.pairs ?? 10, maxSamples: a.maxSamples ?? 512, maxNodes: a.maxNodes ?? 512 })
  return {
    run_id: runId, epoch: ck.epoch, requested_epoch: a.epoch === undefined || a.epoch === ck.epoch ? null : a.epoch, eta, ...t,
    epochs: cfg.epochs, wd: cfg.wd, stages: withDerivedSummary(store, run).stages,
  }
}
