/** The 2-layer network's weights (reference §2.1) and their PyTorch-default initialisation, drawn from the run's seed.
 *  Orientation: we store Wt = Wᵀ [qM, K] (rows are gathered per operand) and V [M, K] as the reference. */
import * as tf from '@tensorflow/tfjs-core'
import { Rng } from '../rng'

export interface Dims {
  M: number
  K: number
  q: number
  residualLayers: number
}

export interface Params {
  /** Wᵀ, [qM, K]: row j·M + g is operand j's input weight for element g. */
  Wt: tf.Variable<tf.Rank.R2>
  /** V, [M, K]. */
  V: tf.Variable<tf.Rank.R2>
  /** Uᵀ of each residual layer x ← σ(x + U x), [K, K]. */
  Ut: tf.Variable<tf.Rank.R2>[]
}

/** Plain arrays of a parameter set, for checkpoints. */
export type TensorMap = Record<string, { shape: number[]; data: Float32Array }>

function uniform(rng: Rng, size: number, bound: number, scale = 1): Float32Array {
  const a = new Float32Array(size)
  for (let i = 0; i < size; i++) a[i] = rng.uniform(-bound, bound) * scale
  return a
}

/** PyTorch nn.Linear defaults: W ~ U(±1/√(qM)), V ~ U(±1/√K)·topInitMult, U ~ U(±1/√K). */
export function initParams(d: Dims, seed: number, topInitMult = 1): Params {
  const rng = new Rng(seed)
  const Wt = tf.variable(tf.tensor2d(uniform(rng, d.q * d.M * d.K, 1 / Math.sqrt(d.q * d.M)), [d.q * d.M, d.K]), true)
  const V = tf.variable(tf.tensor2d(uniform(rng, d.M * d.K, 1 / Math.sqrt(d.K), topInitMult), [d.M, d.K]), true)
  const Ut = Array.from({ length: d.residualLayers }, (_, l) =>
    tf.variable(tf.tensor2d(uniform(rng, d.K * d.K, 1 / Math.sqrt(d.K)), [d.K, d.K]), true))
  return { Wt, V, Ut }
}

/** Copies the weights out of the backend (a sync point; asynchronous because WebGPU in Node has no synchronous read). */
export async function snapshotParams(p: Params): Promise<TensorMap> {
  const out: TensorMap = {
    Wt: { shape: p.Wt.shape, data: (await p.Wt.data()) as Float32Array },
    V: { shape: p.V.shape, data: (await p.V.data()) as Float32Array },
  }
  for (const [l, u] of p.Ut.entries()) out[`Ut${l}`] = { shape: u.shape, data: (await u.data()) as Float32Array }
  return out
}

/** Rebuilds parameters from a snapshot taken by `snapshotParams`. */
export function paramsFromSnapshot(t: TensorMap, residualLayers: number): Params {
  const v = (name: string): tf.Variable<tf.Rank.R2> => {
    const e = t[name]
    if (!e) throw new Error(`checkpoint lacks tensor ${name}`)
    return tf.variable(tf.tensor2d(e.data, e.shape as [number, number]), true)
  }
  return { Wt: v('Wt'), V: v('V'), Ut: Array.from({ length: residualLayers }, (_, l) => v(`Ut${l}`)) }
}

/** Frees the parameter variables. */
export function disposeParams(p: Params): void {
  p.Wt.dispose(); p.V.dispose(); p.Ut.forEach((u) => u.dispose())
}
