/** A NumPy `.npz` writer: each array as a `.npy` (format 1.0) member of an uncompressed zip, as `numpy.savez` writes it.
 *  Written here rather than pulled in: the two formats need ~80 lines with Node's zlib.crc32, and no package in the
 *  dependency tree writes `.npy` (npyjs and numpy-parser only read). */
import { crc32 } from 'node:zlib'

/** One array for an `.npz`: float32/float64/int32 data with a row-major shape, or a string stored as a 0-d '<U' array. */
export type NpyArray =
  | { shape: readonly number[]; data: Float32Array | Float64Array | Int32Array }
  | { text: string }

/** The `.npy` bytes of one array (format 1.0, header padded to 64 bytes as NumPy writes it). */
export function npy(a: NpyArray): Uint8Array {
  let descr: string, shape: readonly number[], body: Uint8Array
  if ('text' in a) {
    const cps = [...a.text].map((c) => c.codePointAt(0)!)
    descr = `<U${Math.max(1, cps.length)}`
    shape = []
    const u = new Uint32Array(Math.max(1, cps.length)) // UTF-32LE, NumPy's unicode dtype (host is little-endian, checked in tensors.ts)
    u.set(cps)
    body = new Uint8Array(u.buffer)
  } else {
    const size = a.shape.reduce((x, y) => x * y, 1)
    if (size !== a.data.length) throw new Error(`npy: shape ${JSON.stringify(a.shape)} holds ${size} values but data has ${a.data.length}`)
    descr = a.data instanceof Float32Array ? '<f4' : a.data instanceof Float64Array ? '<f8' : '<i4'
    shape = a.shape
    body = new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength)
  }
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${tuple}, }`
  const pad = 64 - ((10 + header.length + 1) % 64)
  header += ' '.repeat(pad % 64) + '\n'
  const out = new Uint8Array(10 + header.length + body.length)
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]) // \x93NUMPY v1.0
  new DataView(out.buffer).setUint16(8, header.length, true)
  out.set(Buffer.from(header, 'latin1'), 10)
  out.set(body, 10 + header.length)
  return out
}

/** A stored (uncompressed) zip of `name.npy` members, one per array: what `numpy.load` opens as an NpzFile. */
export function npz(arrays: Record<string, NpyArray>): Uint8Array {
  const files = Object.entries(arrays).map(([name, a]) => ({ name: Buffer.from(`${name}.npy`, 'utf8'), data: npy(a) }))
  const DOS_DATE = 0x21 // 1980-01-01, 00:00: a fixed stamp keeps exports of the same checkpoint byte-identical
  const local: Uint8Array[] = [], central: Uint8Array[] = []
  let offset = 0
  for (const f of files) {
    if (f.data.length >= 0xffffffff || offset >= 0xffffffff) throw new Error('npz: members over 4 GiB need zip64, which this writer does not write')
    const crc = crc32(f.data)
    const lh = Buffer.alloc(30)
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(0x0800, 6) // UTF-8 names
    lh.writeUInt16LE(0, 8); lh.writeUInt16LE(0, 10); lh.writeUInt16LE(DOS_DATE, 12) // stored, time, date
    lh.writeUInt32LE(crc, 14); lh.writeUInt32LE(f.data.length, 18); lh.writeUInt32LE(f.data.length, 22)
    lh.writeUInt16LE(f.name.length, 26); lh.writeUInt16LE(0, 28)
    const ch = Buffer.alloc(46)
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(0x0800, 8)
    ch.writeUInt16LE(0, 10); ch.writeUInt16LE(0, 12); ch.writeUInt16LE(DOS_DATE, 14)
    ch.writeUInt32LE(crc, 16); ch.writeUInt32LE(f.data.length, 20); ch.writeUInt32LE(f.data.length, 24)
    ch.writeUInt16LE(f.name.length, 28) // extra, comment, disk, attributes stay 0
    ch.writeUInt32LE(offset, 42)
    local.push(lh, f.name, f.data)
    central.push(ch, f.name)
    offset += lh.length + f.name.length + f.data.length
  }
  const cdSize = central.reduce((s, b) => s + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10)
  end.writeUInt32LE(cdSize, 12); end.writeUInt32LE(offset, 16)
  return Buffer.concat([...local, ...central, end])
}
