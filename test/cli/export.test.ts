// Data out: `li2 export --weights` writes an .npz that parses back (and that numpy loads, where numpy is installed),
// the JSON export carries config and summary, the CSV's last row has diagnostics, and `li2 delete` asks first.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { resolveConfig } from '../../src/core/config'
import { openStore } from '../../src/store'
import { npz } from '../../src/store/npz'
import { runTrainJob } from '../../src/runner/trainJob'
import { deleteCommand, exportCommand } from '../../src/cli/commands/runs'
import { restoreCommand, trashCommand } from '../../src/cli/commands/trash'

const dir = mkdtempSync(path.join(os.tmpdir(), 'li2-export-'))
const db = path.join(dir, 'lab.sqlite')
let id = 0

/** A minimal .npz reader for the test: zip entries (stored or deflated) → {name: {descr, shape, bytes}}. */
function readNpz(buf: Buffer): Record<string, { descr: string; shape: number[]; data: Buffer }> {
  const out: Record<string, { descr: string; shape: number[]; data: Buffer }> = {}
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const n = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  for (let i = 0; i < n; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50)
    const method = buf.readUInt16LE(p + 10), csize = buf.readUInt32LE(p + 20), nameLen = buf.readUInt16LE(p + 28)
    const extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32), off = buf.readUInt32LE(p + 42)
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8')
    const lnl = buf.readUInt16LE(off + 26), lex = buf.readUInt16LE(off + 28)
    const raw = buf.subarray(off + 30 + lnl + lex, off + 30 + lnl + lex + csize)
    const npy = method === 0 ? raw : inflateRawSync(raw)
    expect(npy.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY')
    const hl = npy.readUInt16LE(8)
    expect((10 + hl) % 64).toBe(0)
    const header = npy.subarray(10, 10 + hl).toString('latin1')
    const descr = /'descr': '([^']+)'/.exec(header)![1]
    const shape = /'shape': \(([^)]*)\)/.exec(header)![1].split(',').map((s) => s.trim()).filter(Boolean).map(Number)
    out[name.replace(/\.npy$/, '')] = { descr, shape, data: npy.subarray(10 + hl) }
    p += 46 + nameLen + extra + comment
  }
  return out
}

async function capture(f: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += typeof s === 'string' ? s : Buffer.from(s).toString('latin1'); return true })
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true })
  try { return { code: await f(), out, err } } finally { vi.restoreAllMocks() }
}
afterEach(() => { vi.restoreAllMocks() })

beforeAll(async () => {
  const store = openStore(db)
  id = store.createRun(resolveConfig({ group: '11', hidden: 32, 'train-frac': 0.6, epochs: 40, 'residual-layers': 1, backend: 'wasm' }))
  await runTrainJob(store, id)
  store.close()
}, 120_000)

describe('the npz writer', () => {
  it('writes float32, int32 and text members that read back exactly', () => {
    const W = Float32Array.from({ length: 6 }, (_, i) => i / 3)
    const z = readNpz(Buffer.from(npz({ W: { shape: [2, 3], data: W }, n: { shape: [1], data: Int32Array.of(7) }, config: { text: '{"σ":"sqr"}' } })))
    expect(z.W).toMatchObject({ descr: '<f4', shape: [2, 3] })
    expect(new Float32Array(z.W.data.buffer.slice(z.W.data.byteOffset, z.W.data.byteOffset + 24))).toEqual(W)
    expect(z.n).toMatchObject({ descr: '<i4', shape: [1] })
    expect(z.config.descr).toBe('<U11')
    expect(z.config.shape).toEqual([])
    expect(String.fromCodePoint(...new Uint32Array(z.config.data.buffer.slice(z.config.data.byteOffset, z.config.data.byteOffset + 44)))).toBe('{"σ":"sqr"}')
  })
})

describe('li2 export', () => {
  it('--weights --epoch E writes W [K, qM], V [M, K], U0 [K, K] of that checkpoint, with config and meta', async () => {
    const out = path.join(dir, 'w.npz')
    const r = await capture(() => exportCommand([String(id), '--weights', '--epoch', '16', '--out', out, '--db', db]))
    expect(r.code, r.err).toBe(0)
    const z = readNpz(readFileSync(out))
    expect(z.W.shape).toEqual([32, 22])
    expect(z.V.shape).toEqual([11, 32])
    expect(z.U0.shape).toEqual([32, 32])
    const store = openStore(db)
    const ck = store.getCheckpoint(id, 16)!
    store.close()
    const W = new Float32Array(z.W.data.buffer.slice(z.W.data.byteOffset, z.W.data.byteOffset + z.W.data.length))
    expect(W[3 * 22 + 5]).toBe(ck.tensors.Wt.data[5 * 32 + 3]) // W = Wtᵀ
    const meta = JSON.parse(String.fromCodePoint(...new Uint32Array(z.meta.data.buffer.slice(z.meta.data.byteOffset, z.meta.data.byteOffset + z.meta.data.length))))
    expect(meta).toMatchObject({ run_id: id, epoch: 16 })
    const bad = await capture(() => exportCommand([String(id), '--weights', '--epoch', '17', '--db', db]))
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/epoch: no checkpoint of run 1 at 17 \(stored: 0, 1, 2/)
  })

  it('numpy loads it (where python3 with numpy is installed)', () => {
    if (spawnSync('python3', ['-c', 'import numpy']).status !== 0) return
    const out = path.join(dir, 'latest.npz')
    execFileSync(process.execPath, [path.resolve(__dirname, '../../bin/li2.mjs'), 'export', String(id), '--weights', '--out', out, '--db', db], { stdio: 'pipe' })
    const py = 'import numpy as np, json, sys\nf = np.load(sys.argv[1])\nc = json.loads(str(f["config"]))\n' +
      'print(sorted(f.files), f["W"].shape, f["W"].dtype, f["V"].shape, c["hidden"], json.loads(str(f["meta"]))["epoch"])'
    const got = execFileSync('python3', ['-c', py, out], { encoding: 'utf8' }).trim()
    expect(got).toBe("['U0', 'V', 'W', 'config', 'meta'] (32, 22) float32 (11, 32) 32 40")
  })

  it('JSON carries config and summary; the CSV\'s last row (the trained weights) has diagnostics', async () => {
    const j = JSON.parse((await capture(() => exportCommand([String(id), '--format', 'json', '--db', db]))).out)
    expect(j.run.config.hidden).toBe(32)
    expect(j.run.summary.final.train_acc).toBeTypeOf('number')
    expect(j.run.stages.I).toBe(0)
    expect(j.metrics.epoch).toHaveLength(41)
    const csv = (await capture(() => exportCommand([String(id), '--db', db]))).out.trim().split('\n')
    const head = csv[0].split(','), last = csv[csv.length - 1].split(',')
    expect(last[0]).toBe('40')
    for (const c of ['gf_norm', 'ftf_offdiag_ratio', 'fft_dist_ideal', 'w_norm', 'v_norm']) expect(last[head.indexOf(c)], c).not.toBe('')
    expect(last[head.indexOf('dw_cos')]).toBe('') // no step follows the final row
  })
})

describe('li2 delete', () => {
  it('moves the run to the trash, says how to restore; li2 restore brings it back; li2 trash --empty needs --yes', async () => {
    const store = openStore(db)
    const other = store.createRun(resolveConfig({ group: '5', hidden: 4, epochs: 1 }), { status: 'finished' })
    store.close()
    const del = await capture(() => deleteCommand([String(other), '--db', db]))
    expect(del.code).toBe(0)
    expect(del.err).toMatch(new RegExp(`moved run ${other} .* to the trash; bring it back with: li2 restore ${other}`))
    const trashed = openStore(db)
    expect(trashed.getRun(other)!.deletedAt).not.toBeNull()
    trashed.close()
    expect((await capture(() => restoreCommand([String(other), '--db', db]))).code).toBe(0)
    const back = openStore(db)
    expect(back.getRun(other)!.deletedAt).toBeNull()
    back.close()
    await capture(() => deleteCommand([String(other), '--db', db]))
    const no = await capture(() => trashCommand(['--empty', '--db', db]))
    expect(no.code).toBe(2)
    expect(no.err).toMatch(/yes: emptying the trash deletes 1 run .* pass --yes to confirm/)
    const yes = await capture(() => trashCommand(['--empty', '--yes', '--db', db]))
    expect(yes.code).toBe(0)
    const s = openStore(db)
    expect(s.getRun(other)).toBeNull()
    s.close()
  })
})
