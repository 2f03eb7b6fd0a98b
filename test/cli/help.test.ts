// `li2 CMD --help` answers for every command (it said "unknown option '--help'" for seven of them), `li2 train --help`
// explains every knob with the reference's name, and `li2 groups | head` ends quietly instead of with an EPIPE stack trace.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_CONFIG, flagName, type ConfigKey } from '../../src/core/config'
import { COMMANDS as TABLE, runCli } from '../../src/cli/dispatch'

const LI2 = path.resolve(__dirname, '../../bin/li2.mjs')
const li2 = (args: string[]) => spawnSync(process.execPath, [LI2, ...args], { encoding: 'utf8', timeout: 60_000 })
const COMMANDS = ['train', 'resume', 'runs', 'show', 'export', 'delete', 'restore', 'trash', 'groups', 'features', 'energy', 'theory', 'serve', 'sweep', 'phase', 'figure', 'db', 'notebook']

/** Runs `li2 argv` in this process; returns the exit code and what it printed. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true })
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true })
  try { return { code: await runCli(argv), out, err } } finally { vi.restoreAllMocks() }
}
afterEach(() => { vi.restoreAllMocks() })

describe('li2 --help', () => {
  it('covers every command', () => { expect(Object.keys(TABLE).sort()).toEqual([...COMMANDS].sort()) })

  it.each(COMMANDS)('li2 %s --help prints its usage and exits 0', async (cmd) => {
    const r = await cli([cmd, '--help'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(new RegExp(`^usage: li2 ${cmd}\\b`))
  })

  it('works from the shell, and as li2 help CMD and -h; the overview lists every command', async () => {
    const r = li2(['show', '--help'])
    expect([r.status, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toMatch(/^usage: li2 show RUN/)
    expect((await cli(['help', 'show'])).out).toMatch(/^usage: li2 show RUN/)
    expect((await cli(['features', '-h'])).out).toMatch(/^usage: li2 features RUN/)
    const all = (await cli(['--help'])).out
    for (const c of COMMANDS) expect(all).toMatch(new RegExp(`^  ${c}\\s`, 'm'))
  })

  it('train --help gives each knob its default, meaning, range and the reference name', async () => {
    const out = (await cli(['train', '--help'])).out
    for (const k of Object.keys(DEFAULT_CONFIG) as ConfigKey[]) expect(out).toMatch(new RegExp(`^  --${flagName(k)}=\\S*\\s+\\S.*\\[ref: .+\\]$`, 'm'))
    for (const ref of ['hidden_size', 'weight_decay', 'learning_rate', 'num_epochs', 'critical_ratio_delta', 'set_weight_reg', 'other_layers', 'save_interval'])
      expect(out).toContain(ref)
    expect(out).toMatch(/--hidden=2048\s+hidden width K/)
    expect(out).toMatch(/--train-frac=0\.4\s+.*in \(0, 1\)/)
  })
})

describe('a closed pipe on stdout', () => {
  it('li2 groups | head -1: exits 0 without a stack trace', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${LI2}" groups | head -1; exit \${PIPESTATUS[0]}`], { encoding: 'utf8', timeout: 60_000 })
    expect(r.stdout).toMatch(/^name\s+order/)
    expect(r.stderr).not.toMatch(/EPIPE|Error/)
    expect(r.status).toBe(0)
  })
})
