// `li2 groups show`: one row per irrep (degree and Frobenius–Schur indicator paired), GAP's name beside ours, C23 accepted.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const LI2 = path.resolve(__dirname, '../../bin/li2.mjs')
const li2 = (args: string[]) => spawnSync(process.execPath, [LI2, ...args], { encoding: 'utf8', timeout: 60_000 })

interface IrrepRow { index: number; name: string; degree: number; frobenius_schur: number; kind: string; real_class: string; characters: { re: number; im: number }[] }

describe('li2 groups show', () => {
  it('SmallGroup(24,3) = SL(2,3): --json pairs degree and indicator per irrep; one quaternionic irrep, of degree 2', () => {
    const r = li2(['groups', 'show', 'SmallGroup(24,3)', '--json'])
    expect(r.status, r.stderr).toBe(0)
    const f = JSON.parse(r.stdout)
    expect(f.gap_name).toBe('SL(2,3)')
    const irreps: IrrepRow[] = f.irreps
    const quaternionic = irreps.filter((x) => x.frobenius_schur === -1)
    expect(quaternionic).toHaveLength(1)
    expect(quaternionic[0]).toMatchObject({ degree: 2, kind: 'quaternionic' })
    expect(irreps.filter((x) => x.degree === 1 && x.frobenius_schur === -1)).toHaveLength(0)
    // characters: χ(1) is the degree, and Σ d² = |G|
    for (const x of irreps) expect(x.characters[0]).toEqual({ re: x.degree, im: 0 })
    expect(irreps.reduce((a, x) => a + x.degree ** 2, 0)).toBe(24)
    // complex irreps come in conjugate pairs that features and energy report as one real irrep
    expect(irreps.filter((x) => x.kind === 'complex').map((x) => x.real_class).sort()).toEqual(['χ1+χ2', 'χ1+χ2', 'χ3+χ5', 'χ3+χ5'])
    // the sorted lists stay for older readers
    expect(f.irrep_degrees).toEqual([1, 1, 1, 2, 2, 2, 3])
  })

  it('the table has one row per irrep with its degree, indicator and kind', () => {
    const out = li2(['groups', 'show', 'SmallGroup(24,3)']).stdout
    expect(out).toMatch(/^4\s+χ4\s+2\s+-1\s+quaternionic/m)
    expect(out).toContain('SmallGroup(24,3) (GAP: SL(2,3))')
  })

  it('accepts C23 (GAP\'s name) as 23, and names Z_M irreps by frequency as li2 energy does', () => {
    const a = JSON.parse(li2(['groups', 'show', 'C23', '--json']).stdout), b = JSON.parse(li2(['groups', 'show', '23', '--json']).stdout)
    expect(a).toEqual(b)
    expect(a.gap_name).toBe('C23')
    expect(a.irreps[5]).toMatchObject({ name: 'k=5', real_class: 'k=5' })
    expect(a.irreps[18]).toMatchObject({ name: 'k=18', real_class: 'k=5' })
    expect(JSON.parse(li2(['groups', 'show', 'C4 x C7', '--json']).stdout).order).toBe(28)
  })

  it('shows GAP\'s name beside ours where they differ: our D7 is GAP\'s D14', () => {
    expect(li2(['groups', 'show', 'D7']).stdout).toMatch(/^D7 \(GAP: D14\): order 14, non-Abelian/)
  })
})
