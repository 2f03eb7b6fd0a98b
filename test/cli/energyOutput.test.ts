// `li2 energy` says where p sits against p_c and what that means, and its footnote agrees with its own E/E* column.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { energyCommand } from '../../src/cli/commands/energy'

async function run(argv: string[]): Promise<string> {
  let out = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true })
  expect(await energyCommand(argv)).toBe(0)
  return out
}
afterEach(() => { vi.restoreAllMocks() })

describe('li2 energy output', () => {
  it('below p_c (the README example) it says so, and that memorization is what the theory expects there', async () => {
    const out = await run(['--group', '11', '--train-frac', '0.5', '--restarts', '20'])
    expect(out).toMatch(/p = 0\.496 is 0\.83 × p_c .*: below it/)
    expect(out).toMatch(/memorization maxima \(Thm 5\)/)
    expect(out).toMatch(/mostly memorization, as expected below p_c/)
  })
  it('above p_c the footnote reports the E/E* range its table shows, not a p² rule', async () => {
    const out = await run(['--group', '11', '--train-frac', '0.89', '--restarts', '20'])
    expect(out).toMatch(/: above it/)
    expect(out).not.toMatch(/p²/)
    const ratios = [...out.matchAll(/^\s*\d+\s+feature\s+k=\d+\s+\S+\s+\S+\s+(\d\.\d+)/gm)].map((m) => Number(m[1]))
    expect(ratios.length).toBeGreaterThan(0)
    const m = /E\/E\* = (\d\.\d+)–(\d\.\d+) of the full-table height/.exec(out)!
    expect(Number(m[1])).toBeCloseTo(Math.min(...ratios), 2)
    expect(Number(m[2])).toBeCloseTo(Math.max(...ratios), 2)
  })
  it('--json carries p_c and p/p_c', async () => {
    const j = JSON.parse(await run(['--group', '11', '--train-frac', '0.5', '--restarts', '4', '--json']))
    expect(j.p_c).toBeCloseTo(2.7482 * Math.log(11) / 11, 6)
    expect(j.p_over_p_c).toBeCloseTo(60 / 121 / j.p_c, 6)
  })
})
