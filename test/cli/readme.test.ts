// The README's `li2` examples: every line names a command that exists with flags it accepts, and the D7 Muon example
// groks as its comment says (it used to sit at p_c with the defaults and memorized: test acc 0.074).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../src/cli/dispatch'

const ROOT = path.resolve(__dirname, '../..')
const LI2 = path.join(ROOT, 'bin/li2.mjs')
const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n').filter((l) => l.startsWith('npm run li2 -- '))

/** The arguments of one README line: up to its comment, quotes removed. */
function argsOf(line: string): string[] {
  const cmd = line.slice('npm run li2 -- '.length).split(/\s+#/)[0].trim()
  return [...cmd.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2])
}

describe('README examples', () => {
  it('each line is one command that exists (no pipes or alternatives in one line)', () => {
    expect(lines.length).toBeGreaterThan(10)
    for (const l of lines) {
      const a = argsOf(l)
      expect(Object.keys(COMMANDS), l).toContain(a[0])
      expect(a.join(' '), l).not.toMatch(/[|;]/)
    }
  })

  it('the D7 Muon example groks: test acc ≥ 0.99', () => {
    const line = lines.find((l) => /--group D7 .*--optim muon/.test(l))!
    const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'li2-readme-')), 'lab.sqlite')
    const r = spawnSync(process.execPath, [LI2, ...argsOf(line), '--db', db, '--json', '--quiet'], { encoding: 'utf8', timeout: 240_000 })
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.final.test_acc).toBeGreaterThanOrEqual(0.99)
    expect(out.first_epoch_test_acc_ge['0.99']).toBeLessThanOrEqual(1000)
  }, 300_000)
})
