// Property-based hostile `li2` argv for every command that stops before long work (train, sweep and energy compute or
// train; their flags go through the same parseFlags and resolveConfig, fuzzed in test/core/inputFuzz.test.ts): random
// known and unknown flags with odd values. Each run ends with exit 0, 1 or 2 and, whatever happens, no stack trace.
import fc from 'fast-check'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { COMMANDS, LAZY } from '../../src/cli/dispatch'
import { DEFAULT_CONFIG } from '../../src/core/config'
import { openStore } from '../../src/store'

/** Commands that would train or compute at length on valid flags. */
const LONG = new Set(['train', 'resume', 'sweep', 'energy', 'serve', 'figure'])
const NAMES = Object.keys(COMMANDS).filter((n) => !LONG.has(n))
const FLAGS = ['--json', '--limit', '--status', '--epoch', '--format', '--out', '--force', '--weights', '--yes', '--empty', '--order', '--max-degree',
  '--abelian', '--non-abelian', '--table', '--eta', '--pairs', '--test-acc', '--use', '--help', '-h', '--', '-x', '--db=', '--nope', '--limit=']
const VALUES = ['1', '0', '-1', '1.5', 'abc', '', ' ', 'NaN', 'Infinity', '1e400', '99999999999999999999', 'finished', 'csv', 'json', '%E0', '\u0000x',
  'x'.repeat(500), '../../etc/passwd', '/dev/null', 'show', '2', '3']

let dir = ''
let db = ''
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-flagfuzz-'))
  db = path.join(dir, 'li2.sqlite')
  const s = openStore(db)
  const id = s.createRun({ ...DEFAULT_CONFIG, group: '5', hidden: 4, epochs: 3, lrMilestones: [] })
  s.appendMetrics(id, [0, 1, 2].map((e) => ({ epoch: e, train_loss: 1, test_acc: 0.2 })))
  s.setStatus(id, 'finished')
  s.close()
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

async function run(name: string, argv: string[]): Promise<{ code: number; err: string }> {
  let err = ''
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true })
  const cwd = process.cwd()
  process.chdir(dir) // a default --out file lands in the temp folder
  try {
    const entry = COMMANDS[name]!
    const cmd = typeof entry.run === 'function' && LAZY.has(name)
      ? await (entry.run as () => Promise<(a: string[]) => Promise<number>>)() : entry.run as (a: string[]) => Promise<number>
    return { code: await cmd(argv), err }
  } finally { process.chdir(cwd); vi.restoreAllMocks() }
}

const argv = fc.array(fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FLAGS) }, { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
), { maxLength: 6 })

describe('hostile li2 flags', () => {
  it.each(NAMES.map((n) => [n]))('li2 %s: exit 0, 1 or 2, never a stack trace', async (name) => {
    await fc.assert(fc.asyncProperty(argv, async (args) => {
      const full = [...(name === 'db' ? ['check'] : []), ...args.filter((a) => !a.startsWith('--db') && a !== '--'), '--db', db]
      const r = await run(name, full)
      expect([0, 1, 2], `li2 ${name} ${JSON.stringify(full)}: ${r.err}`).toContain(r.code)
      expect(r.err, `li2 ${name} ${JSON.stringify(full)}`).not.toMatch(/\n\s+at /)
    }), { numRuns: 40, seed: 20261203, endOnFailure: true })
  })
})
