// gramStats: off/diag of F̃ᵀF̃ and the distance of FFᵀ from aI + b11ᵀ on matrices whose answers are known.
import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { gramStats, subsampleIndex } from '../../../src/core/diagnostics/gram'
import { useBackend } from '../helpers'

beforeAll(() => useBackend('cpu'))

describe('gramStats', () => {
  it('independent (orthogonal, centred) nodes have off/diag 0; FFᵀ = aI + b11ᵀ has distance 0', async () => {
    const F = tf.tensor2d([[1, 1], [-1, 1], [1, -1], [-1, -1]]) // two ±1 columns, centred and orthogonal
    const g = await gramStats(F, null, null)
    expect(g.ftfOffdiagRatio).toBeCloseTo(0, 6)
    // FFᵀ of ±1 columns: diagonal 2, off-diagonal entries 0 or −2: not of the ideal form
    expect(g.fftDistIdeal).toBeGreaterThan(0.1)
    const ideal = await gramStats(tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), null, null) // FFᵀ = I
    expect(ideal.fftDistIdeal).toBeCloseTo(0, 6)
  })
  it('two copies of one node give off/diag 1', async () => {
    const c = [0.3, -1.2, 2.0, 0.5, -0.7]
    expect((await gramStats(tf.tensor2d(c.map((x) => [x, x])), null, null)).ftfOffdiagRatio).toBeCloseTo(1, 6)
  })
  it('subsamples only above the sample size, seeded and sorted', () => {
    expect(subsampleIndex(10, 20, 1)).toBeNull()
    const a = subsampleIndex(1000, 8, 3)!.dataSync(), b = subsampleIndex(1000, 8, 3)!.dataSync()
    expect(Array.from(a)).toEqual(Array.from(b))
    expect(Array.from(a)).toEqual([...a].sort((x, y) => x - y))
  })
})
