// `li2 energy`: JSON census on Z_11 (every maximum a single frequency at E* = M/4) and exit code 2 on bad flags.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { energyCommand } from '../../src/cli/commands/energy'

function capture(): { out: () => string; err: () => string } {
  let out = '', err = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true })
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true })
  return { out: () => out, err: () => err }
}

afterEach(() => { vi.restoreAllMocks() })

describe('li2 energy', () => {
  it('--json prints one object whose maxima carry E, E_star, irrep, purity, participation_ratio, count', async () => {
    const io = capture()
    expect(await energyCommand(['--group', '11', '--train-frac', '1', '--act', 'sqr', '--restarts', '6', '--seed', '1', '--json'])).toBe(0)
    const res = JSON.parse(io.out())
    expect(res.maxima.reduce((a: number, m: { count: number }) => a + m.count, 0)).toBe(6)
    for (const m of res.maxima) {
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['E', 'E_star', 'irrep', 'purity', 'participation_ratio', 'count']))
      expect(m.E_star).toBe(11 / 4)
      expect(Math.abs(m.E - 11 / 4)).toBeLessThan(1e-6)
    }
  })

  it('prints a table without --json', async () => {
    const io = capture()
    expect(await energyCommand(['--group', 'D7', '--restarts', '3'])).toBe(0)
    expect(io.out()).toMatch(/kind\s+irrep\s+E\s+E\*/)
  })

  it.each([
    [['--group', '11', '--bogus'], '--bogus'],
    [['--group', '11', '--train-frac', '1.5'], '--train-frac'],
    [['--group', '11', '--restarts', '0'], '--restarts'],
    [['--group', '11', '--act', 'tanh'], '--act'],
    [['--group', 'nope'], '--group'],
    [['--restarts', '3'], '--group'],
  ])('bad flags %j exit 2 naming %s', async (argv, flag) => {
    const io = capture()
    expect(await energyCommand(argv)).toBe(2)
    expect(io.err()).toContain(flag)
  })
})
