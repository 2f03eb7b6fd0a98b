/** A training session: model, optimizer, splits and diagnostics for one run, stepped one full-batch epoch at a time.
 *  The flat loop that drives it (cadences, storage, checkpoints) lives in the runner. Order within epoch t follows
 *  the reference (§6): metrics at the weights after t steps, then the update. */
import * as tf from '@tensorflow/tfjs-core'
import type { TrainConfig } from './config'
import { gramStats, subsampleIndex } from './diagnostics/gram'
import { dfNorm, frobenius, gfNorm } from './diagnostics/gradients'
import { cosineDistance } from './diagnostics/weights'
import { activation } from './model/activations'
import { type Batch, disposeBatch, makeBatch } from './model/batch'
import { disposeParams, initParams, type Params, paramsFromSnapshot, snapshotParams, type TensorMap } from './model/params'
import { ridgeTopLayer } from './model/ridge'
import { evaluate, hiddenF, type ModelSpec, NO_PROBES, type Probe, type StepOut, trainStep } from './model/step'
import { learningRate, makeOptimizer, type Optimizer, type OptimizerState } from './optim'
import type { Split } from './split'
import type { Task } from './task'

export interface Diagnostics {
  /** ‖G_F‖_F with G_F = −∂L/∂F of the training loss. */
  gf_norm: number
  /** The reference's dF_norm = ‖(Ỹ − F Vᵀ) V‖_F (raw F, no 1/n); null with residual layers, as the reference. */
  df_norm: number | null
  /** Cosine distance between W before and after this epoch's step (NaN on the final row, where no step follows). */
  dw_cos: number
  dv_cos: number
  ftf_offdiag_ratio: number
  fft_dist_ideal: number
  w_norm: number
  v_norm: number
}

export interface EpochRecord {
  epoch: number
  train_loss: number
  train_acc: number
  test_loss: number | null
  test_acc: number | null
  lr: number
  diag: Diagnostics | null
}

export interface ResumeState {
  /** Steps already taken. */
  epoch: number
  params: TensorMap
  optimizer: OptimizerState
}

/** What `runEpoch` may be asked besides the config's cadences. */
export interface EpochOptions {
  eval?: boolean
  diag?: boolean
  /** Asked once the epoch's accuracies are known, before the update: true keeps the weights after t steps in the
   *  result (for checkpoints at events such as a first accuracy crossing, which are only known mid-epoch). */
  keepWeights?(r: { epoch: number; train_acc: number; test_acc: number | null }): boolean
}

/** An epoch's record, with the weights it started from when the caller asked to keep them (or diagnostics ran). */
export interface EpochResult extends EpochRecord {
  weights?: TensorMap
}

const DIAG_PROBES: ReadonlySet<Probe> = new Set<Probe>(['F', 'G_F', 'Y'])

export class TrainingSession {
  private params: Params
  private opt: Optimizer
  private train: Batch
  private test: Batch
  private spec: ModelSpec
  private diagSamples: tf.Tensor2D | null
  private diagNodes: tf.Tensor2D | null
  /** Steps taken so far; the next `runEpoch` records metrics at this epoch. */
  epoch: number

  constructor(readonly cfg: TrainConfig, readonly task: Task, split: Split, resume?: ResumeState) {
    const dims = { M: task.M, K: cfg.hidden, q: task.q, residualLayers: cfg.residualLayers }
    this.params = resume ? paramsFromSnapshot(resume.params, cfg.residualLayers) : initParams(dims, cfg.seed, cfg.topInitMult)
    this.opt = makeOptimizer(cfg)
    if (resume) this.opt.restore(resume.optimizer)
    this.epoch = resume ? resume.epoch : 0
    this.train = makeBatch(task, split.train, cfg.loss)
    this.test = makeBatch(task, split.test, cfg.loss)
    this.spec = { act: activation(cfg.act), loss: cfg.loss, outputMult: cfg.outputMult }
    this.diagSamples = subsampleIndex(split.train.length, cfg.diagSample, cfg.seed + 1)
    this.diagNodes = subsampleIndex(cfg.hidden, cfg.diagSample, cfg.seed + 2)
  }

  /** Test loss and accuracy at the current weights. */
  async evalTest(): Promise<{ loss: number; acc: number }> {
    const out = tf.tidy(() => { const e = evaluate(this.params, this.test, this.spec); return tf.stack([e.loss, e.correct]) })
    const [loss, correct] = await read(out)
    return { loss, acc: correct / this.test.n }
  }

  /** Records epoch `this.epoch` and takes its step. Test metrics and diagnostics follow the config's cadences.
   *  With a ridge top layer, V is solved for the current F first and the step's loss and gradients are taken at
   *  V_ridge, as the reference's forward overwrites V before its output (Lemma 1's point); only dF_norm reads the old V. */
  async runEpoch(opts: EpochOptions = {}): Promise<EpochResult> {
    const t = this.epoch
    const wantEval = opts.eval ?? t % this.cfg.evalEvery === 0
    const wantDiag = opts.diag ?? t % this.cfg.diagEvery === 0
    const test = wantEval ? await this.evalTest() : null
    const lr = learningRate(this.cfg, t)
    const ridge = this.cfg.ridgeEta !== null ? await this.solveRidge(wantDiag) : null
    const out = tf.tidy(() => trainStep(this.params, this.train, this.spec, wantDiag ? DIAG_PROBES : NO_PROBES) as unknown as tf.TensorContainer) as unknown as StepOut
    const [trainLoss, correct] = await read(tf.tidy(() => tf.stack([out.loss, out.correct])))
    const trainAcc = correct / this.train.n
    // the weights after t steps (before this step and before the ridge overwrite), on the host, only when wanted
    let before: TensorMap | null = null
    if (wantDiag || opts.keepWeights?.({ epoch: t, train_acc: trainAcc, test_acc: test?.acc ?? null })) {
      before = await this.weights()
      if (ridge) before.V = { shape: before.V.shape, data: ridge.vBefore }
    }
    const diag = wantDiag ? await this.diagnose(out.trace, ridge?.dfNorm ?? null) : null
    this.opt.step(this.params, out.grads, lr)
    if (diag && before) {
      diag.dw_cos = cosineDistance(before.Wt.data, (await this.params.Wt.data()) as Float32Array)
      diag.dv_cos = cosineDistance(before.V.data, (await this.params.V.data()) as Float32Array)
    }
    tf.dispose([out.loss, out.correct, out.grads.Wt, out.grads.V, ...out.grads.Ut, ...Object.values(out.trace)])
    this.epoch++
    const rec: EpochResult = { epoch: t, train_loss: trainLoss, train_acc: trainAcc, test_loss: test?.loss ?? null, test_acc: test?.acc ?? null, lr, diag }
    // on diagnostics epochs the weights come back too: an event known only after the update (ΔW > ΔV) can use them
    if (before && opts.keepWeights) rec.weights = before
    return rec
  }

  /** Metrics at the current weights without a step (the final row after the last epoch), with the diagnostics of a
   *  diag epoch: the trained weights are the ones most worth a G_F and Gram reading. ΔW, ΔV are NaN (stored as NULL): no step follows. */
  async finalRecord(): Promise<EpochRecord> {
    const out = tf.tidy(() => trainStep(this.params, this.train, this.spec, DIAG_PROBES) as unknown as tf.TensorContainer) as unknown as StepOut
    const [loss, correct] = await read(tf.tidy(() => tf.stack([out.loss, out.correct])))
    const diag = { ...(await this.diagnose(out.trace, null)), dw_cos: NaN, dv_cos: NaN }
    tf.dispose([out.loss, out.correct, out.grads.Wt, out.grads.V, ...out.grads.Ut, ...Object.values(out.trace)])
    const test = await this.evalTest()
    return { epoch: this.epoch, train_loss: loss, train_acc: correct / this.train.n, test_loss: test.loss, test_acc: test.acc, lr: learningRate(this.cfg, this.epoch), diag }
  }

  /** Li2 diagnostics of the step just taken (ΔW and ΔV are filled in after the update). `dfAtOldV` is the ridge
   *  path's dF_norm, measured before V was overwritten. */
  private async diagnose(trace: Partial<Record<Probe, tf.Tensor2D>>, dfAtOldV: number | null): Promise<Diagnostics> {
    const F = trace.F!, G_F = trace.G_F!, Y = trace.Y!
    const g = await gramStats(F, this.diagSamples, this.diagNodes)
    const { V } = this.params, m = this.cfg.outputMult, targets = this.train.targets
    const s = tf.tidy(() => {
      const gf = gfNorm({ loss: this.cfg.loss, Y, G_F, V, targets, outputMult: m })
      const noDf = dfAtOldV !== null || this.params.Ut.length > 0
      const dF = noDf ? tf.scalar(NaN) : dfNorm((m !== 1 ? tf.div(Y, m) : Y) as tf.Tensor2D, V, targets, this.cfg.loss)
      return tf.stack([gf, dF, frobenius(this.params.Wt), frobenius(V)])
    })
    const [gf, df, wn, vn] = await read(s)
    const df_norm = dfAtOldV ?? (Number.isNaN(df) ? null : df)
    return { gf_norm: gf, df_norm, dw_cos: 0, dv_cos: 0, ftf_offdiag_ratio: g.ftfOffdiagRatio, fft_dist_ideal: g.fftDistIdeal, w_norm: wn, v_norm: vn }
  }

  /** Overwrites V with the ridge solution for the current F (reference §2.2). Returns the old V and, when asked, the
   *  reference's dF_norm at the old V. Non-finite F is left alone: the step's loss then marks the run diverged. */
  private async solveRidge(withDf: boolean): Promise<{ vBefore: Float32Array; dfNorm: number | null }> {
    const vBefore = (await this.params.V.data()).slice() as Float32Array
    const F = tf.tidy(() => hiddenF(this.params, this.train, this.spec))
    try {
      const Fh = (await F.data()) as Float32Array
      if (!Fh.every(Number.isFinite)) return { vBefore, dfNorm: null }
      let df: number | null = null
      if (withDf && this.params.Ut.length === 0) {
        const d = tf.tidy(() => dfNorm(tf.matMul(F, tf.transpose(this.params.V)) as tf.Tensor2D, this.params.V, this.train.targets, this.cfg.loss))
        df = (await read(d))[0]
      }
      const [n, K] = F.shape
      const centred = tf.tidy(() => this.cfg.loss === 'mse' ? tf.clone(this.train.targets) : tf.sub(this.train.targets, 1 / this.task.M))
      const V = ridgeTopLayer(Fh, n, K, (await read(centred)) as Float32Array, this.task.M, this.cfg.ridgeEta!)
      tf.tidy(() => this.params.V.assign(tf.tensor2d(V, [this.task.M, K])))
      return { vBefore, dfNorm: df }
    } finally {
      F.dispose()
    }
  }

  /** Host copies of the weights. */
  weights(): Promise<TensorMap> {
    return snapshotParams(this.params)
  }

  /** Everything needed to continue exactly from here. */
  async resumeState(): Promise<ResumeState> {
    return { epoch: this.epoch, params: await snapshotParams(this.params), optimizer: await this.opt.state() }
  }

  /** Parameters, for tests and diagnostics that need the live tensors. */
  get live(): Params {
    return this.params
  }

  dispose(): void {
    disposeParams(this.params); this.opt.dispose(); disposeBatch(this.train); disposeBatch(this.test)
    this.diagSamples?.dispose(); this.diagNodes?.dispose()
  }
}

/** A tensor's values on the host, then the tensor freed. Reads are asynchronous because WebGPU in Node has no
 *  synchronous read; on wasm and cpu the promise is already settled, so the hot path pays only a microtask. */
async function read(t: tf.Tensor): Promise<Float32Array | Int32Array | Uint8Array> {
  try { return await t.data() } finally { t.dispose() }
}
