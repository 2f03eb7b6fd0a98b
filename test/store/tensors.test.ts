// The tensor blob codec: shapes, exact float32 values (NaN, ±Inf, −0), meta, unaligned input, and bad input.
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/core/errors'
import { decodeTensors, encodeTensors } from '../../src/store'

describe('encodeTensors / decodeTensors', () => {
  it('round-trips names, shapes, values and meta bit-for-bit', () => {
    const W = new Float32Array([1.5, -2, NaN, Infinity, -Infinity, -0, 3.4028234663852886e38, 1e-45])
    const t = {
      Wt: { shape: [2, 4], data: W },
      scalar: { shape: [], data: new Float32Array([7]) },
      empty: { shape: [0, 3], data: new Float32Array(0) },
      V: { shape: [3], data: new Float32Array([0.1, 0.2, 0.3]) },
    }
    const meta = { step: 42, rng: [1, 2, 3, 4], name: 'adam' }
    const back = decodeTensors(encodeTensors(t, meta))
    expect(back.meta).toEqual(meta)
    expect(Object.keys(back.tensors)).toEqual(['Wt', 'scalar', 'empty', 'V'])
    for (const [k, v] of Object.entries(t)) {
      expect(back.tensors[k].shape).toEqual(v.shape)
      expect(Buffer.from(back.tensors[k].data.buffer)).toEqual(Buffer.from(v.data.buffer)) // bitwise, so NaN and −0 count
    }
    expect(Number.isNaN(back.tensors.Wt.data[2])).toBe(true)
    expect(Object.is(back.tensors.Wt.data[5], -0)).toBe(true)
    expect(decodeTensors(encodeTensors({})).meta).toBeNull()
  })

  it('decodes from an unaligned view and encodes from a subarray view', () => {
    const big = new Float32Array([9, 1, 2, 3, 9])
    const enc = encodeTensors({ x: { shape: [3], data: big.subarray(1, 4) } })
    const shifted = new Uint8Array(enc.length + 1)
    shifted.set(enc, 1)
    const back = decodeTensors(shifted.subarray(1))
    expect([...back.tensors.x.data]).toEqual([1, 2, 3])
    expect(back.tensors.x.data.byteOffset % 4).toBe(0)
  })

  it('rejects a shape that does not match the data, and a foreign blob', () => {
    expect(() => encodeTensors({ W: { shape: [2, 2], data: new Float32Array(3) } })).toThrow(ValidationError)
    expect(() => decodeTensors(Buffer.from('not a tensor blob'))).toThrow(/magic/)
  })
})
