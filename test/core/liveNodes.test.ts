// Silent hidden nodes (activations.ts liveNodes): a node whose every activation is below 1e-12 has its activations
// zeroed in the forward, so the matMuls on F never see subnormal products; every other activation, the loss and the
// first layer's gradient are untouched.
import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { cyclicProduct } from '../../src/core/groups/cyclic'
import { activation, liveNodes } from '../../src/core/model/activations'
import { makeBatch } from '../../src/core/model/batch'
import { initParams } from '../../src/core/model/params'
import { trainStep } from '../../src/core/model/step'
import { groupTask } from '../../src/core/task'
import { useBackend } from './helpers'

beforeAll(() => useBackend('cpu'))

describe('silent nodes', () => {
  it('are the nodes whose q largest weights cannot reach 1e-12 through the activation', () => {
    const colMax = tf.tensor1d([1e-7, 1e-5, 0, 3e-7])
    // sqr: (2·1e-7)² = 4e-14 silent, (2·1e-5)² = 4e-10 live, 0 silent, (6e-7)² = 3.6e-13 silent
    expect(Array.from(liveNodes(activation('sqr'), colMax, 2).dataSync())).toEqual([0, 1, 0, 0])
    // relu reaches 2e-7 from 1e-7: live; only the zero column is silent
    expect(Array.from(liveNodes(activation('relu'), colMax, 2).dataSync())).toEqual([1, 1, 0, 1])
  })

  it('a step zeroes exactly the silent nodes\' activations, and keeps the loss and the first layer\'s gradient', () => {
    const task = groupTask(cyclicProduct([7]), 2)
    const b = makeBatch(task, Int32Array.from({ length: 30 }, (_, i) => i), 'mse')
    const p = initParams({ M: 7, K: 8, q: 2, residualLayers: 0 }, 3)
    const silent = [1, 5]
    tf.tidy(() => p.Wt.assign(tf.mul(p.Wt, tf.tensor1d([1, 1e-9, 1, 1, 1, 1e-9, 1, 1]))))
    const spec = { act: activation('sqr'), loss: 'mse' as const, outputMult: 1 }
    const [F, pre, loss, gWt] = tf.tidy(() => {
      const s = trainStep(p, b, spec, new Set(['F', 'pre'] as const))
      return [s.trace.F!.arraySync(), s.trace.pre!.arraySync(), s.loss.dataSync()[0], s.grads.Wt.arraySync()]
    }) as [number[][], number[][], number, number[][]]
    F.forEach((row, i) => row.forEach((f, k) => {
      if (silent.includes(k)) expect(f).toBe(0)
      else expect(f).toBeCloseTo(pre[i][k] ** 2, 6)
    }))
    // the same model with the silent nodes' activations kept: F·Vᵀ differs by < 1e-16, so the loss is the same float
    const full = tf.tidy(() => {
      const x = tf.tensor2d(pre), Fk = tf.mul(x, x), Y = tf.matMul(Fk, tf.transpose(p.V))
      const R = tf.sub(tf.sub(Y, tf.mean(Y, 1, true)), b.targets)
      return tf.div(tf.sum(tf.mul(R, R)), pre.length).dataSync()[0]
    })
    expect(Math.abs(loss - full) / full).toBeLessThan(1e-6)
    // the silent nodes still get their first-layer gradient (from the true pre-activations), so they can come back
    for (const k of silent) expect(gWt.some((row) => row[k] !== 0)).toBe(true)
  })
})
