/** S training sessions of one task shape stepped as one stacked model (issue 16): the same records, diagnostics and
 *  resume states as S TrainingSessions, run by run, from one batched forward, backward and update per epoch. */
import * as tf from '@tensorflow/tfjs-core'
import type { TrainConfig } from '../config'
import { gramStats, subsampleIndex } from '../diagnostics/gram'
import { dfNorm, frobenius, gfNorm } from '../diagnostics/gradients'
import { cosineDistance } from '../diagnostics/weights'
import { activation } from '../model/activations'
import { initParams, type TensorMap } from '../model/params'
import { learningRate } from '../optim'
import type { Diagnostics, EpochOptions, EpochRecord, EpochResult, ResumeState } from '../session'
import type { Split } from '../split'
import type { Task } from '../task'
import { StackedOptimizer } from './optim'
import { disposeStackedBatch, makeStackedBatch, type StackedBatch, type StackedParams, type StackedSpec, stackedEvaluate, stackedTrainStep } from './stack'

/** The knobs runs of one stack may differ in: everything else (shapes, loss, optimizer, cadences) must be equal. */
const PER_RUN: readonly (keyof TrainConfig)[] = ['seed', 'lr', 'wd', 'topInitMult']

/** A key equal for configs that can share a stack, or null for a config that cannot stack (residual layers, ridge top layer). */
export function stackKey(cfg: TrainConfig): string | null {
  if (cfg.residualLayers > 0 || cfg.ridgeEta !== null) return null
  const rest: Record<string, unknown> = { ...cfg }
  for (const k of PER_RUN) delete rest[k]
  return JSON.stringify(Object.keys(rest).sort().map((k) => [k, rest[k]]))
}

/** Per-run options of a stacked epoch: `keepWeights` is asked for each run by its index in the stack. */
export interface StackedEpochOptions extends Omit<EpochOptions, 'keepWeights'> {
  keepWeights?(s: number, r: { epoch: number; train_acc: number; test_acc: number | null }): boolean
}

interface RunAux { samples: tf.Tensor2D | null; nodes: tf.Tensor2D | null }

/** Splits stacked host data [S, …] into per-run views. */
function slices(data: Float32Array, S: number): Float32Array[] {
  const size = data.length / S
  return Array.from({ length: S }, (_, s) => data.subarray(s * size, (s + 1) * size))
}

export class StackedSession {
  private params: StackedParams
  private opt: StackedOptimizer
  private train: StackedBatch
  private test: StackedBatch
  private spec: StackedSpec
  private aux: RunAux[]
  /** Steps taken so far, the same for every run. */
  epoch: number

  constructor(public cfgs: TrainConfig[], readonly task: Task, private splits: Split[], resumes?: (ResumeState | undefined)[]) {
    const key = stackKey(cfgs[0])
    if (key === null || cfgs.some((c) => stackKey(c) !== key)) throw new Error('these runs cannot share a stack')
    const S = cfgs.length, K = cfgs[0].hidden, dims = { M: task.M, K, q: task.q, residualLayers: 0 }
    if (resumes && resumes.some((r) => r?.epoch !== resumes[0]?.epoch)) throw new Error('stacked runs must resume from one epoch')
    const wt: tf.Tensor2D[] = [], v: tf.Tensor2D[] = []
    cfgs.forEach((c, s) => {
      const r = resumes?.[s]
      if (r) { wt.push(tf.tensor2d(r.params.Wt.data, r.params.Wt.shape as [number, number])); v.push(tf.tensor2d(r.params.V.data, r.params.V.shape as [number, number])) }
      else { const p = initParams(dims, c.seed, c.topInitMult); wt.push(p.Wt); v.push(p.V) }
    })
    this.params = { Wt: tf.variable(tf.stack(wt) as tf.Tensor3D, true), V: tf.variable(tf.stack(v) as tf.Tensor3D, true) }
    tf.dispose([...wt, ...v])
    this.opt = new StackedOptimizer(cfgs[0].optim, cfgs.map((c) => c.wd), resumes?.[0] ? resumes.map((r) => r!.optimizer) : undefined)
    this.epoch = resumes?.[0]?.epoch ?? 0
    this.spec = { act: activation(cfgs[0].act), loss: cfgs[0].loss, outputMult: cfgs[0].outputMult }
    this.train = makeStackedBatch(task, splits.map((x) => x.train), cfgs[0].loss)
    this.test = makeStackedBatch(task, splits.map((x) => x.test), cfgs[0].loss)
    this.aux = cfgs.map((c, s) => ({ samples: subsampleIndex(splits[s].train.length, c.diagSample, c.seed + 1), nodes: subsampleIndex(K, c.diagSample, c.seed + 2) }))
  }

  /** Runs in the stack. */
  get size(): number {
    return this.cfgs.length
  }

  /** Per-run test loss and accuracy at the current weights. */
  async evalTest(): Promise<{ loss: number; acc: number }[]> {
    const d = await read(tf.tidy(() => { const e = stackedEvaluate(this.params, this.test, this.spec); return tf.stack([e.loss, e.correct]) }))
    const S = this.size
    return Array.from({ length: S }, (_, s) => ({ loss: d[s], acc: d[S + s] / this.test.n }))
  }

  /** Records epoch `this.epoch` of every run and takes one stacked step (TrainingSession.runEpoch, run by run). */
  async runEpoch(opts: StackedEpochOptions = {}): Promise<EpochResult[]> {
    const t = this.epoch, c0 = this.cfgs[0], S = this.size
    const wantEval = opts.eval ?? t % c0.evalEvery === 0
    const wantDiag = opts.diag ?? t % c0.diagEvery === 0
    const test = wantEval ? await this.evalTest() : null
    const lrs = this.cfgs.map((c) => learningRate(c, t))
    const out = tf.tidy(() => stackedTrainStep(this.params, this.train, this.spec) as unknown as tf.TensorContainer) as unknown as ReturnType<typeof stackedTrainStep>
    const h = await read(tf.tidy(() => tf.stack([out.loss, out.correct])))
    const recs: EpochResult[] = Array.from({ length: S }, (_, s) => ({
      epoch: t, train_loss: h[s], train_acc: h[S + s] / this.train.n, test_loss: test?.[s].loss ?? null, test_acc: test?.[s].acc ?? null, lr: lrs[s], diag: null,
    }))
    const keep = recs.map((r, s) => wantDiag || (opts.keepWeights?.(s, { epoch: t, train_acc: r.train_acc, test_acc: r.test_acc }) ?? false))
    const before = keep.some(Boolean) ? await this.weightsAll() : null
    if (wantDiag) for (let s = 0; s < S; s++) recs[s].diag = await this.diagnose(s, out)
    this.opt.step(this.params, out.grads, lrs)
    if (wantDiag && before) {
      const wt = slices((await this.params.Wt.data()) as Float32Array, S), v = slices((await this.params.V.data()) as Float32Array, S)
      recs.forEach((r, s) => { r.diag!.dw_cos = cosineDistance(before[s].Wt.data, wt[s]); r.diag!.dv_cos = cosineDistance(before[s].V.data, v[s]) })
    }
    tf.dispose([out.loss, out.correct, out.grads.Wt, out.grads.V, out.F, out.Y, out.G_F])
    this.epoch++
    if (before && opts.keepWeights) recs.forEach((r, s) => { if (keep[s]) r.weights = before[s] })
    return recs
  }

  /** Every run's metrics at the current weights without a step, with diagnostics (TrainingSession.finalRecord). */
  async finalRecords(): Promise<EpochRecord[]> {
    const S = this.size
    const out = tf.tidy(() => stackedTrainStep(this.params, this.train, this.spec) as unknown as tf.TensorContainer) as unknown as ReturnType<typeof stackedTrainStep>
    const h = await read(tf.tidy(() => tf.stack([out.loss, out.correct])))
    const diags: Diagnostics[] = []
    for (let s = 0; s < S; s++) diags.push({ ...(await this.diagnose(s, out)), dw_cos: NaN, dv_cos: NaN })
    tf.dispose([out.loss, out.correct, out.grads.Wt, out.grads.V, out.F, out.Y, out.G_F])
    const test = await this.evalTest()
    return diags.map((diag, s) => ({ epoch: this.epoch, train_loss: h[s], train_acc: h[S + s] / this.train.n, test_loss: test[s].loss, test_acc: test[s].acc, lr: learningRate(this.cfgs[s], this.epoch), diag }))
  }

  /** Run s's Li2 diagnostics, read from its slice of the stacked step (TrainingSession.diagnose without ridge or residual layers). */
  private async diagnose(s: number, out: ReturnType<typeof stackedTrainStep>): Promise<Diagnostics> {
    const cfg = this.cfgs[s], m = cfg.outputMult
    // gatherND, not slice: tfjs-wasm's Slice copies the whole stacked input to the JS heap first
    const one = (x: tf.Tensor3D) => tf.gatherND(x, this.train.run[s]) as tf.Tensor2D
    const F = one(out.F)
    const g = await gramStats(F, this.aux[s].samples, this.aux[s].nodes)
    F.dispose()
    const v = tf.tidy(() => {
      const Y = one(out.Y), V = one(this.params.V), targets = one(this.train.targets)
      const gf = gfNorm({ loss: cfg.loss, Y, G_F: one(out.G_F), V, targets, outputMult: m })
      const dF = dfNorm((m !== 1 ? tf.div(Y, m) : Y) as tf.Tensor2D, V, targets, cfg.loss)
      return tf.stack([gf, dF, frobenius(one(this.params.Wt)), frobenius(V)])
    })
    const [gf, df, wn, vn] = await read(v)
    return { gf_norm: gf, df_norm: Number.isNaN(df) ? null : df, dw_cos: 0, dv_cos: 0, ftf_offdiag_ratio: g.ftfOffdiagRatio, fft_dist_ideal: g.fftDistIdeal, w_norm: wn, v_norm: vn }
  }

  /** Host copies of every run's weights (one sync per tensor). */
  async weightsAll(): Promise<TensorMap[]> {
    const [S, qM, K] = this.params.Wt.shape, M = this.params.V.shape[1]
    const wt = slices((await this.params.Wt.data()) as Float32Array, S), v = slices((await this.params.V.data()) as Float32Array, S)
    return Array.from({ length: S }, (_, s) => ({ Wt: { shape: [qM, K], data: wt[s].slice() }, V: { shape: [M, K], data: v[s].slice() } }))
  }

  /** Every run's resume state, each exactly what its TrainingSession would give. */
  async resumeStates(): Promise<ResumeState[]> {
    const w = await this.weightsAll(), host = await this.opt.hostSlots()
    return w.map((params, s) => ({ epoch: this.epoch, params, optimizer: this.opt.stateOf(s, host) }))
  }

  /** Keeps only the given runs (indices into the stack, in the order given): runs that stopped leave the stack. */
  keep(runs: number[]): void {
    const ix = tf.tensor1d(runs, 'int32')
    for (const k of ['Wt', 'V'] as const) {
      const old = this.params[k]
      this.params[k] = tf.tidy(() => tf.variable(tf.gather(old, ix) as tf.Tensor3D, true))
      old.dispose()
    }
    ix.dispose()
    this.opt.keep(runs)
    const gone = this.aux.filter((_, s) => !runs.includes(s))
    gone.forEach((a) => { a.samples?.dispose(); a.nodes?.dispose() })
    this.cfgs = runs.map((s) => this.cfgs[s]); this.aux = runs.map((s) => this.aux[s]); this.splits = runs.map((s) => this.splits[s])
    disposeStackedBatch(this.train); disposeStackedBatch(this.test)
    this.train = makeStackedBatch(this.task, this.splits.map((x) => x.train), this.cfgs[0].loss)
    this.test = makeStackedBatch(this.task, this.splits.map((x) => x.test), this.cfgs[0].loss)
  }

  dispose(): void {
    this.params.Wt.dispose(); this.params.V.dispose(); this.opt.dispose()
    disposeStackedBatch(this.train); disposeStackedBatch(this.test)
    this.aux.forEach((a) => { a.samples?.dispose(); a.nodes?.dispose() })
  }
}

/** A tensor's values on the host, then the tensor freed (reads are asynchronous: WebGPU in Node has no synchronous read). */
async function read(t: tf.Tensor): Promise<Float32Array | Int32Array | Uint8Array> {
  try { return await t.data() } finally { t.dispose() }
}
