/** SGD with momentum 0.9 (not Nesterov) and coupled L2, as torch.optim.SGD(momentum=0.9, weight_decay=wd). */
import * as tf from '@tensorflow/tfjs-core'
import type { Grads } from '../model/step'
import type { Params } from '../model/params'
import { pairs, SlotOptimizer } from './optimizer'

const MOMENTUM = 0.9

export class Sgd extends SlotOptimizer {
  constructor(private wd: number) { super() }

  step(p: Params, g: Grads, lr: number): void {
    this.t++
    for (const [name, theta, grad] of pairs(p, g)) {
      const buf = this.slots.get('buf', name, theta)
      tf.tidy(() => {
        const d = this.wd !== 0 ? tf.add(grad, tf.mul(theta, this.wd)) : grad
        // torch starts the buffer at d on the first step; 0.9·0 + d is the same
        const b1 = tf.add(tf.mul(buf, MOMENTUM), d)
        buf.assign(b1)
        theta.assign(tf.sub(theta, tf.mul(b1, lr)))
      })
    }
  }
}
