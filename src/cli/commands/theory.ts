/** `li2 theory RUN --epoch E`: Lemma 1 (lazy stage) and Theorem 6 (interaction) applied to a stored checkpoint's F. */
import * as tf from '@tensorflow/tfjs-core'
import { ValidationError } from '../../core/errors'
import { activation } from '../../core/model/activations'
import { makeBatch } from '../../core/model/batch'
import { paramsFromSnapshot, disposeParams } from '../../core/model/params'
import { hidden } from '../../core/model/step'
import { Rng } from '../../core/rng'
import { interactionReport } from '../../core/theory/interaction'
import { lazyStageReport } from '../../core/theory/lazyStage'
import { mat } from '../../core/theory/matrix'
import { openStore } from '../../store'
import { initBackend } from '../../runner/backend'
import { nearestEpoch } from '../../runner/schedule'
import { prepareTask } from '../../runner/trainJob'
import { intFlag, numberFlag, parseFlags, reportError, runIdArg } from '../args'

/** Picks k of n indices (sorted, seeded), or all when n ≤ k. */
function subsample(n: number, k: number, seed: number): Int32Array {
  if (n <= k) return Int32Array.from({ length: n }, (_, i) => i)
  return new Rng(seed).permutation(n).slice(0, k).sort()
}

/** `li2 theory RUN --epoch E [--eta η] [--max-samples S] [--max-nodes N] [--pairs P] [--json] [--db PATH]`. */
export async function theoryCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, {
      db: { type: 'string' }, epoch: { type: 'string' }, eta: { type: 'string' }, 'max-samples': { type: 'string' },
      'max-nodes': { type: 'string' }, pairs: { type: 'string' }, json: { type: 'boolean' },
    })
    const id = runIdArg(positionals[0])
    const epochArg = intFlag(values.epoch, 'epoch', { min: 0 })
    const etaArg = numberFlag(values.eta, 'eta', { min: 0 })
    const maxSamples = intFlag(values['max-samples'], 'max-samples', { min: 2 }) ?? 512
    const maxNodes = intFlag(values['max-nodes'], 'max-nodes', { min: 2 }) ?? 512
    const pairs = intFlag(values.pairs, 'pairs', { min: 1 }) ?? 10
    const store = openStore(values.db as string | undefined)
    try {
      const run = store.getRun(id)
      if (!run) throw new ValidationError('RUN', `no run ${id} in ${store.path}`)
      const cfg = run.config
      const epoch = epochArg ?? 'latest' as const
      // answer from the nearest stored checkpoint, and say which one
      const at = epoch === 'latest' ? 'latest' : nearestEpoch(store.listCheckpoints(id), epoch)
      const ck = at === null ? null : store.getCheckpoint(id, at)
      if (!ck) throw new ValidationError('epoch', `run ${id} has no checkpoint yet`)
      const requested = epoch === 'latest' || epoch === ck.epoch ? null : epoch
      const eta = etaArg ?? (cfg.wd > 0 ? cfg.wd : 1e-3)
      await initBackend(cfg.backend)
      const { task, train } = prepareTask(cfg)
      const split = store.getSplit(id)?.train ?? train
      const rows = subsample(split.length, maxSamples, 11)
      const samples = Int32Array.from(rows, (i) => split[i])
      const nodes = subsample(cfg.hidden, maxNodes, 12)
      const p = paramsFromSnapshot(ck.tensors, cfg.residualLayers)
      const b = makeBatch(task, samples, 'mse')
      const Fall = tf.tidy(() => hidden(p, b, { act: activation(cfg.act), loss: 'mse', outputMult: cfg.outputMult }).arraySync())
      disposeParams(p)
      const n = samples.length, K = nodes.length, M = task.M
      const F = mat(n, K), Y = mat(n, M)
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < K; j++) F.data[i * K + j] = Fall[i][nodes[j]]
        Y.data[i * M + b.hostLabels[i]] = 1
      }
      const lazy = lazyStageReport(F, Y, eta)
      const inter = interactionReport(F, Y, eta, pairs)
      const out = { run_id: id, epoch: ck.epoch, requested_epoch: requested, eta, samples: n, nodes: K, subsampled: n < split.length || K < cfg.hidden, lazy_stage: lazy, interaction: inter }
      if (values.json) process.stdout.write(JSON.stringify(out) + '\n')
      else process.stdout.write(`${requested !== null ? `no checkpoint at epoch ${requested}; using the nearest stored one, epoch ${ck.epoch}\n` : ''}run ${id} epoch ${ck.epoch}, η = ${eta}, ${n} samples × ${K} nodes${out.subsampled ? ' (seeded subsample)' : ''}\nLemma 1 (lazy stage): ${JSON.stringify(lazy)}\nTheorem 6 (interaction): sign rule holds for ${(100 * inter.holdShare).toFixed(0)}% of the ${inter.pairs.length} most similar pairs; repulsion share ${(100 * inter.repulsionShare).toFixed(0)}%\n`)
      return 0
    } finally { store.close() }
  } catch (e) { return reportError(e) }
}
