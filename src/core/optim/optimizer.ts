/** The optimizer contract and the per-parameter slots every optimizer keeps (moments, momentum buffers). */
import * as tf from '@tensorflow/tfjs-core'
import type { Grads } from '../model/step'
import type { Params, TensorMap } from '../model/params'

export interface OptimizerState {
  tensors: TensorMap
  meta: { step: number }
}

export interface Optimizer {
  /** Applies one update with learning rate lr to the parameters, from their gradients. */
  step(p: Params, g: Grads, lr: number): void
  /** Slots and step count, for resume (read back asynchronously: WebGPU in Node has no synchronous read). */
  state(): Promise<OptimizerState>
  /** Restores what `state()` returned. */
  restore(s: OptimizerState): void
  dispose(): void
}

/** Named parameter/gradient pairs in a fixed order. */
export function pairs(p: Params, g: Grads): [string, tf.Variable<tf.Rank.R2>, tf.Tensor2D][] {
  const out: [string, tf.Variable<tf.Rank.R2>, tf.Tensor2D][] = [['Wt', p.Wt, g.Wt], ['V', p.V, g.V]]
  p.Ut.forEach((u, l) => out.push([`Ut${l}`, u, g.Ut[l]]))
  return out
}

/** Zero-initialised slot variables keyed by "<slot>.<param>". */
export class Slots {
  private vars = new Map<string, tf.Variable>()

  /** The slot for a parameter, created as zeros of its shape on first use. */
  get(slot: string, name: string, like: tf.Tensor): tf.Variable {
    const key = `${slot}.${name}`
    let v = this.vars.get(key)
    if (!v) { v = tf.variable(tf.zerosLike(like), false, undefined); this.vars.set(key, v) }
    return v
  }

  /** Host copies of all slots. */
  async snapshot(): Promise<TensorMap> {
    const out: TensorMap = {}
    for (const [k, v] of this.vars) out[k] = { shape: v.shape, data: (await v.data()) as Float32Array }
    return out
  }

  /** Replaces all slots with the given host copies. */
  load(t: TensorMap): void {
    this.dispose()
    for (const [k, e] of Object.entries(t)) this.vars.set(k, tf.variable(tf.tensor(e.data, e.shape), false))
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose()
    this.vars.clear()
  }
}

/** Step counting, slot storage and resume for the optimizers below: only `step` differs between them. */
export abstract class SlotOptimizer implements Optimizer {
  protected slots = new Slots()
  protected t = 0

  abstract step(p: Params, g: Grads, lr: number): void

  async state(): Promise<OptimizerState> {
    return { tensors: await this.slots.snapshot(), meta: { step: this.t } }
  }

  restore(s: OptimizerState): void {
    this.slots.load(s.tensors); this.t = s.meta.step
  }

  dispose(): void {
    this.slots.dispose()
  }
}
