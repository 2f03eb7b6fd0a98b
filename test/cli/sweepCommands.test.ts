// `li2 sweep run|status` and `li2 phase`: a tiny spec end to end in-process, JSON shape, and exit 2 naming bad flags or spec fields.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { phaseCommand } from '../../src/cli/commands/phase'
import { sweepCommand } from '../../src/cli/commands/sweep'
import { openStore } from '../../src/store'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-cli-sweep-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
afterEach(() => { vi.restoreAllMocks() })

function capture(): { out: () => string; err: () => string } {
  let out = '', err = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true })
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true })
  return { out: () => out, err: () => err }
}

const db = path.join(dir, 'li2.sqlite')
const spec = { name: 'cli', fixed: { hidden: 32, epochs: 100, backend: 'wasm', 'diag-every': 1000 }, grid: { group: ['11'], 'train-frac': [0.3, 0.6], seed: [1] } }

describe('li2 sweep / li2 phase', () => {
  it('runs a spec, reports status, and prints the phase table and JSON', async () => {
    const file = path.join(dir, 'spec.json')
    fs.writeFileSync(file, JSON.stringify(spec))
    let io = capture()
    expect(await sweepCommand(['run', file, '--workers', '2', '--db', db])).toBe(0)
    expect(io.err()).toMatch(/sweep cli \(#1\): 2 runs, 2 new/)
    expect(io.err()).toMatch(/2\/2 runs/)
    expect(io.out()).toMatch(/2 done, 0 failed/)
    vi.restoreAllMocks()

    io = capture()
    expect(await sweepCommand(['status', '--db', db])).toBe(0)
    expect(io.out()).toMatch(/cli\s+2\s+2\s+0\s+0/)
    vi.restoreAllMocks()

    io = capture()
    expect(await phaseCommand(['cli', '--json', '--db', db])).toBe(0)
    const r = JSON.parse(io.out())
    expect(r.cells).toHaveLength(2)
    for (const c of r.cells) expect(Object.keys(c)).toEqual(expect.arrayContaining(['group', 'p', 'runs', 'success_rate']))
    expect(r.cells.map((c: { p: number }) => c.p)).toEqual([0.3, 0.6])
    expect(r.boundaries[0].group).toBe('11')
    expect(r.fit.reference).toBe(2.7482)
    vi.restoreAllMocks()

    io = capture()
    expect(await phaseCommand(['cli', '--db', db])).toBe(0)
    expect(io.out()).toMatch(/boundaries/)
    expect(io.out()).toMatch(/reference 2\.7482/)
  })

  it.each([
    [['run', '--bogus'], '--bogus'],
    [['run', '--preset', 'tiny', '--workers', '0'], '--workers'],
    [['run', '--preset', 'nope'], 'preset'],
    [['frobnicate'], 'frobnicate'],
  ])('li2 sweep %j exits 2 naming %s', async (argv, name) => {
    const io = capture()
    expect(await sweepCommand([...argv, '--db', db])).toBe(2)
    expect(io.err()).toContain(name)
  })

  it('a bad spec file exits 2 naming the field and queues nothing', async () => {
    const bad = path.join(dir, 'bad.json')
    fs.writeFileSync(bad, JSON.stringify({ name: 'bad', grid: { group: ['11'], 'train-frac': [0.3, 'x'] } }))
    const io = capture()
    expect(await sweepCommand(['run', bad, '--db', db])).toBe(2)
    expect(io.err()).toMatch(/grid\.train-frac\[1\]: must be a finite number/)
    const s = openStore(db)
    expect(s.getSweep('bad')).toBeNull()
    s.close()
  })

  it('li2 phase exits 2 on an unknown flag or sweep', async () => {
    let io = capture()
    expect(await phaseCommand(['cli', '--nope', '--db', db])).toBe(2)
    expect(io.err()).toContain('--nope')
    vi.restoreAllMocks()
    io = capture()
    expect(await phaseCommand(['missing', '--db', db])).toBe(2)
    expect(io.err()).toMatch(/sweep: no sweep/)
  })
})
