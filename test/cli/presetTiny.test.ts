// README: `li2 sweep --preset tiny` (the form the README uses) runs, and the tiny preset shows a phase boundary for each
// of its groups (it used to generalize in 0 of 8 runs), quickly.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { sweepCommand } from '../../src/cli/commands/sweep'
import { phaseReport } from '../../src/runner/phase'
import { openStore } from '../../src/store'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-tiny-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('li2 sweep --preset tiny', () => {
  it('runs without the `run` word and yields a boundary p* near p_c for Z_11 and Z_13', async () => {
    const db = path.join(dir, 'li2.sqlite')
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const t0 = Date.now()
    try { expect(await sweepCommand(['--preset', 'tiny', '--workers', '2', '--quiet', '--db', db])).toBe(0) } finally { vi.restoreAllMocks() }
    const seconds = (Date.now() - t0) / 1000
    const store = openStore(db)
    const r = phaseReport(store, 'tiny')
    store.close()
    expect(r.outcomes.generalized).toBeGreaterThan(0)
    expect(r.outcomes.memorized).toBeGreaterThan(0)
    for (const b of r.boundaries) {
      expect(b.status, b.group).toBe('fit')
      expect(b.pStar! / b.p_c).toBeGreaterThan(0.8)
      expect(b.pStar! / b.p_c).toBeLessThan(1.3)
    }
    expect(seconds).toBeLessThan(180) // ~11 s on 2 busy cores
  }, 300_000)
})
