// The blob format for checkpoints and resume state: magic, a JSON header (names, shapes, offsets, meta), raw float32 LE data.
import os from 'node:os'
import { ValidationError } from '../core/errors'

/** One named tensor as the store keeps it: a row-major shape and its float32 values. */
export interface StoredTensor {
  shape: number[]
  data: Float32Array
}

/** A decoded blob: its tensors and the JSON meta saved beside them (optimizer step counts, rng state, …). */
export interface DecodedTensors {
  tensors: Record<string, StoredTensor>
  meta: unknown
}

interface HeaderEntry {
  name: string
  shape: number[]
  offset: number // bytes from the start of the data section
  length: number // float32 elements
}

interface Header {
  v: 1
  meta: unknown
  tensors: HeaderEntry[]
}

const MAGIC = Buffer.from('LI2T', 'latin1')
const ALIGN = 8 // data starts on an 8-byte boundary so a zero-copy view stays possible for future readers

if (os.endianness() !== 'LE') throw new Error('li2 store: tensor blobs assume a little-endian host')

/** Encodes named float32 tensors (and optional JSON meta) into one Buffer: "LI2T", u32 LE header length, header, pad, data. */
export function encodeTensors(t: Record<string, StoredTensor>, meta: unknown = null): Buffer {
  const entries: HeaderEntry[] = []
  let offset = 0
  for (const [name, { shape, data }] of Object.entries(t)) {
    if (!(data instanceof Float32Array)) throw new ValidationError(`tensors.${name}`, 'data must be a Float32Array')
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new ValidationError(`tensors.${name}`, `shape must be a list of non-negative integers (got ${JSON.stringify(shape)})`)
    }
    const size = shape.reduce((a, b) => a * b, 1)
    if (size !== data.length) throw new ValidationError(`tensors.${name}`, `shape ${JSON.stringify(shape)} holds ${size} values but data has ${data.length}`)
    entries.push({ name, shape: [...shape], offset, length: data.length })
    offset += data.byteLength
  }
  const header = Buffer.from(JSON.stringify({ v: 1, meta: meta === undefined ? null : meta, tensors: entries } satisfies Header), 'utf8')
  const start = align(MAGIC.length + 4 + header.length)
  const out = Buffer.alloc(start + offset)
  MAGIC.copy(out, 0)
  out.writeUInt32LE(header.length, MAGIC.length)
  header.copy(out, MAGIC.length + 4)
  for (const e of entries) {
    const d = t[e.name].data
    Buffer.from(d.buffer, d.byteOffset, d.byteLength).copy(out, start + e.offset)
  }
  return out
}

/** Decodes a blob from encodeTensors; each tensor gets its own aligned Float32Array copy, so it outlives the Buffer. */
export function decodeTensors(buf: Uint8Array): DecodedTensors {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
  if (b.length < MAGIC.length + 4 || !b.subarray(0, MAGIC.length).equals(MAGIC)) throw new ValidationError('tensors', 'not a Li2 tensor blob (bad magic)')
  const hlen = b.readUInt32LE(MAGIC.length)
  if (MAGIC.length + 4 + hlen > b.length) throw new ValidationError('tensors', 'truncated header')
  const header = JSON.parse(b.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + hlen)) as Header
  if (header.v !== 1) throw new ValidationError('tensors', `unknown blob version ${String(header.v)}`)
  const start = align(MAGIC.length + 4 + hlen)
  const tensors: Record<string, StoredTensor> = {}
  for (const e of header.tensors) {
    const from = start + e.offset
    const bytes = e.length * 4
    if (from + bytes > b.length) throw new ValidationError(`tensors.${e.name}`, 'data runs past the end of the blob')
    const data = new Float32Array(e.length) // aligned copy: SQLite hands back blobs at arbitrary byte offsets
    new Uint8Array(data.buffer).set(b.subarray(from, from + bytes))
    tensors[e.name] = { shape: e.shape, data }
  }
  return { tensors, meta: header.meta }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN
}
