/** A training session: model, optimizer, splits and diagnostics for one run, stepped one full-batch epoch at a time.
 *  The flat loop that drives it (cadences, storage, checkpoints) lives in the runner. Order within epoch t follows
 *  the reference (§6): metrics at the weights after t steps, then the update. */
import * as tf from '@tensorflow/tfjs-core'
import type { TrainConfig } from './config'
import { gramStats, subsampleIndex } from './diagnostics/gram'
import { cosineDistance } from './diagnostics/weights'
import { activation } from './model/activations'
import { type Batch, disposeBatch, makeBatch } from './model/batch'
import { disposeParams, initParams, type Params, paramsFromSnapshot, snapshotParams, type TensorMap } from './model/params'
import { ridgeTopLayer } from './model/ridge'
import { evaluate, type ModelSpec, type Probe, type StepOut, trainStep } from './model/step'
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

/** ‖x‖_F via mul/sum (tf.norm goes through a slow Pow kernel on wasm). */
function sqrtSumSq(x: tf.Tensor): tf.Scalar {
  return tf.sqrt(tf.sum(tf.mul(x, x))) as tf.Scalar
}

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
  evalTest(): { loss: number; acc: number } {
    const out = tf.tidy(() => { const e = evaluate(this.params, this.test, this.spec); return tf.stack([e.loss, e.correct]) })
    const [loss, correct] = out.dataSync(); out.dispose()
    return { loss, acc: correct / this.test.n }
  }

  /** Records epoch `this.epoch` and takes its step. Test metrics and diagnostics follow the config's cadences. */
  runEpoch(opts: { eval?: boolean; diag?: boolean } = {}): EpochRecord {
    const t = this.epoch
    const wantEval = opts.eval ?? t % this.cfg.evalEvery === 0
    const wantDiag = opts.diag ?? t % this.cfg.diagEvery === 0
    const test = wantEval ? this.evalTest() : null
    const lr = learningRate(this.cfg, t)
    const probes: ReadonlySet<Probe> = wantDiag || this.cfg.ridgeEta !== null ? new Set<Probe>(['F', 'G_F', 'Y']) : new Set()
    const prevW = wantDiag ? tf.clone(this.params.Wt) : null
    const prevV = wantDiag ? tf.clone(this.params.V) : null
    const out = tf.tidy(() => trainStep(this.params, this.train, this.spec, probes) as unknown as tf.TensorContainer) as unknown as StepOut
    const head = tf.tidy(() => tf.stack([out.loss, out.correct]))
    const [trainLoss, correct] = head.dataSync(); head.dispose()
    let diag: Diagnostics | null = null
    if (wantDiag) diag = this.diagnose(out.trace)
    if (this.cfg.ridgeEta !== null && Number.isFinite(trainLoss)) this.applyRidge(out.trace.F!)
    this.opt.step(this.params, out.grads, lr)
    if (diag && prevW && prevV) {
      const d = tf.tidy(() => tf.stack([cosineDistance(prevW, this.params.Wt), cosineDistance(prevV, this.params.V)]))
      const [dw, dv] = d.dataSync(); d.dispose()
      diag.dw_cos = dw; diag.dv_cos = dv
    }
    prevW?.dispose(); prevV?.dispose()
    tf.dispose([out.loss, out.correct, out.grads.Wt, out.grads.V, ...out.grads.Ut, ...Object.values(out.trace)])
    this.epoch++
    return { epoch: t, train_loss: trainLoss, train_acc: correct / this.train.n, test_loss: test?.loss ?? null, test_acc: test?.acc ?? null, lr, diag }
  }

  /** Metrics at the current weights without a step (the final row after the last epoch), with the diagnostics of a
   *  diag epoch: the trained weights are the ones most worth a G_F and Gram reading. ΔW, ΔV are NaN (stored as NULL): no step follows. */
  finalRecord(): EpochRecord {
    const out = tf.tidy(() => trainStep(this.params, this.train, this.spec, new Set<Probe>(['F', 'G_F', 'Y'])) as unknown as tf.TensorContainer) as unknown as StepOut
    const head = tf.tidy(() => tf.stack([out.loss, out.correct]))
    const [loss, correct] = head.dataSync(); head.dispose()
    const diag = { ...this.diagnose(out.trace), dw_cos: NaN, dv_cos: NaN }
    tf.dispose([out.loss, out.correct, out.grads.Wt, out.grads.V, ...out.grads.Ut, ...Object.values(out.trace)])
    const test = this.evalTest()
    return { epoch: this.epoch, train_loss: loss, train_acc: correct / this.train.n, test_loss: test.loss, test_acc: test.acc, lr: learningRate(this.cfg, this.epoch), diag }
  }

  private diagnose(trace: Partial<Record<Probe, tf.Tensor2D>>): Diagnostics {
    const F = trace.F!, G_F = trace.G_F!, Y = trace.Y!
    const g = gramStats(F, this.diagSamples, this.diagNodes)
    const s = tf.tidy(() => {
      // ‖A·V‖²_F = Σ (A·VVᵀ) ∘ A: an M×M Gram instead of an n×K product (the n×K norms cost ~40 ms each on wasm)
      const VVt = tf.matMul(this.params.V, tf.transpose(this.params.V)) // [M, M]
      const normThroughV = (A: tf.Tensor2D) => tf.sqrt(tf.relu(tf.sum(tf.mul(tf.matMul(A, VVt), A))))
      const m = this.cfg.outputMult
      const dY = tf.mul(tf.sub(tf.sub(Y, tf.mean(Y, 1, true)), this.train.targets), 2 * m / this.train.n) as tf.Tensor2D
      const gf = this.cfg.loss === 'mse' ? normThroughV(dY) : sqrtSumSq(G_F)
      const centred = this.cfg.loss === 'mse' ? this.train.targets : tf.sub(this.train.targets, 1 / this.task.M)
      const FVt = m !== 1 ? tf.div(Y, m) : Y
      const dF = this.params.Ut.length === 0 ? normThroughV(tf.sub(centred, FVt) as tf.Tensor2D) : tf.scalar(NaN)
      return tf.stack([gf, dF, sqrtSumSq(this.params.Wt), sqrtSumSq(this.params.V)])
    })
    const [gf, df, wn, vn] = s.dataSync(); s.dispose()
    return { gf_norm: gf, df_norm: Number.isNaN(df) ? null : df, dw_cos: 0, dv_cos: 0, ftf_offdiag_ratio: g.ftfOffdiagRatio, fft_dist_ideal: g.fftDistIdeal, w_norm: wn, v_norm: vn }
  }

  private applyRidge(F: tf.Tensor2D): void {
    const [n, K] = F.shape
    const centred = tf.tidy(() => this.cfg.loss === 'mse' ? tf.clone(this.train.targets) : tf.sub(this.train.targets, 1 / this.task.M))
    const V = ridgeTopLayer(F.dataSync() as Float32Array, n, K, centred.dataSync() as Float32Array, this.task.M, this.cfg.ridgeEta!)
    centred.dispose()
    tf.tidy(() => this.params.V.assign(tf.tensor2d(V, [this.task.M, K])))
  }

  /** Host copies of the weights. */
  weights(): TensorMap {
    return snapshotParams(this.params)
  }

  /** Everything needed to continue exactly from here. */
  resumeState(): ResumeState {
    return { epoch: this.epoch, params: snapshotParams(this.params), optimizer: this.opt.state() }
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
