// Bad input on the command line: exit 2 and "li2: field: rule" (never a stack trace), nothing stored or overwritten,
// and the documented forms (table:PATH) accepted. In-process where the command stops before training; spawned otherwise.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { energyCommand } from '../../src/cli/commands/energy'
import { featuresCommand, groupsCommand } from '../../src/cli/commands/groups'
import { exportCommand, runsCommand } from '../../src/cli/commands/runs'
import { sweepCommand } from '../../src/cli/commands/sweep'
import { theoryCommand } from '../../src/cli/commands/theory'
import { trainCommand } from '../../src/cli/commands/train'
import { resolveConfig } from '../../src/core/config'
import { enqueueSweep } from '../../src/runner/sweepRunner'
import { expandSpec } from '../../src/runner/sweepSpec'
import { openStore } from '../../src/store'

const LI2 = path.resolve(__dirname, '../../bin/li2.mjs')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-bad-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
afterEach(() => { vi.restoreAllMocks() })

/** Runs a command in-process; returns its exit code and what it wrote. */
async function run(cmd: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true })
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true })
  try { return { code: await cmd(argv), out, err } } finally { vi.restoreAllMocks() }
}

/** Expects exit 2 with one "li2: field: rule" line and no stack trace. */
async function refused(cmd: (argv: string[]) => Promise<number>, argv: string[], msg: RegExp): Promise<void> {
  const r = await run(cmd, argv)
  expect(r.code, `${argv.join(' ')}\n${r.err}`).toBe(2)
  expect(r.err).toMatch(msg)
  expect(r.err).not.toMatch(/\n\s+at /)
}

/** A store holding one (untrained) run. */
function storeWithRun(name: string): string {
  const db = path.join(dir, name)
  const s = openStore(db)
  s.createRun(resolveConfig({ group: '5', hidden: 8 }))
  s.close()
  return db
}

describe('li2 export --out', () => {
  it('never writes over the store or its -wal/-shm files, however they are spelled, even with --force', async () => {
    const db = storeWithRun('X.sqlite')
    fs.symlinkSync(db, path.join(dir, 'link.csv'))
    fs.linkSync(db, path.join(dir, 'hard.csv'))
    const before = fs.readFileSync(db)
    for (const out of [db, `${db}-wal`, `${db}-shm`, path.join(dir, '.', 'X.sqlite'), path.join(dir, 'link.csv'), path.join(dir, 'hard.csv')]) {
      for (const force of [[], ['--force']]) await refused(exportCommand, ['1', '--db', db, '--out', out, ...force], /^li2: out: .* is the store/)
    }
    expect(fs.readFileSync(db).equals(before)).toBe(true)
    const s = openStore(db)
    expect(s.listRuns()).toHaveLength(1)
    s.close()
  })

  it('refuses an existing file without --force, a directory and a missing folder', async () => {
    const db = storeWithRun('Y.sqlite')
    const out = path.join(dir, 'metrics.csv')
    expect((await run(exportCommand, ['1', '--db', db, '--out', out])).code).toBe(0)
    fs.writeFileSync(out, 'keep me')
    await refused(exportCommand, ['1', '--db', db, '--out', out], /^li2: out: .*metrics\.csv already exists \(add --force to replace it\)/)
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me')
    expect((await run(exportCommand, ['1', '--db', db, '--out', out, '--force'])).code).toBe(0)
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^epoch,/)
    await refused(exportCommand, ['1', '--db', db, '--out', dir], /^li2: out: .* is a directory/)
    await refused(exportCommand, ['1', '--db', db, '--out', path.join(dir, 'no', 'such', 'm.csv')], /^li2: out: folder .*no\/such does not exist/)
  })
})

describe('number flags share one parser', () => {
  it('refuses non-integers and out-of-range values by flag name', async () => {
    const db = storeWithRun('Z.sqlite')
    await refused(runsCommand, ['--db', db, '--limit', 'abc'], /^li2: limit: must be an integer in 1\.\.100000 \(got "abc"\)/)
    await refused(runsCommand, ['--db', db, '--limit', '1.5'], /^li2: limit: must be an integer/)
    await refused(runsCommand, ['--db', db, '--status', 'nope'], /^li2: status: must be one of queued, running/)
    await refused(featuresCommand, ['1', '--db', db, '--epoch', ''], /^li2: epoch: must be an integer ≥ 0/)
    await refused(groupsCommand, ['--order', '2.5'], /^li2: order: must be an integer ≥ 1/)
    await refused(theoryCommand, ['1', '--db', db, '--eta', 'Infinity'], /^li2: eta: must be a finite number ≥ 0 \(got "Infinity"\)/)
    await refused(theoryCommand, ['1', '--db', db, '--pairs', '1.5'], /^li2: pairs: must be an integer ≥ 1 \(got "1\.5"\)/)
    const e = await run(energyCommand, ['--group', '5', '--seed', '4294967296'])
    expect(e.code).toBe(2)
    expect(e.err).toMatch(/--seed: must be an integer in 0\.\.4294967295/)
  })
})

describe('li2 groups show stays bounded', () => {
  it('refuses orders and character tables beyond the limits within seconds, naming the limit', async () => {
    const t0 = Date.now()
    await refused(groupsCommand, ['show', '20000'], /^li2: group: 20000 has order 20000; groups are limited to order ≤ 5040/)
    await refused(groupsCommand, ['show', '1000'], /^li2: group: 1000 has 1000 conjugacy classes; character tables are limited to 400 classes/)
    expect(Date.now() - t0).toBeLessThan(10_000)
  })

  it('li2 energy refuses a group past the character-table limit before its census', async () => {
    const t0 = Date.now()
    const e = await run(energyCommand, ['--group', 'D1000', '--restarts', '1'])
    expect(e.code).toBe(2)
    expect(e.err).toMatch(/--group: D1000 has 503 conjugacy classes; character tables are limited to 400 classes/)
    expect(Date.now() - t0).toBeLessThan(10_000)
  })

  it('refuses a Cayley table nested 100k deep by name', async () => {
    const f = path.join(dir, 'deep.json')
    fs.writeFileSync(f, '['.repeat(100_000) + ']'.repeat(100_000))
    await refused(groupsCommand, ['show', '--table', f], /^li2: table: table .*deep\.json: nests lists more than 3 deep/)
  })
})

describe('li2 train refuses before the store exists', () => {
  it.each([
    [['--train-frac', '1.5'], /^li2: train-frac: must be in \(0, 1\) \(got 1\.5\)/],
    [['--seed', '4294967296'], /^li2: seed: must be an integer ≤ 4294967295/],
    [['--hidden', '300000000'], /^li2: hidden: must be an integer ≤ 65536/],
    [['--group', '7000'], /^li2: group: order 7000 is above 400/],
    [['--group', '97', '--hidden', '16384'], /^li2: hidden: K = 16384 with M = 97, q = 2 needs about .* GiB of tensor memory, above the 2\.00 GiB a run may use \(K ≤ \d+ fits\)/],
    [['--group', 'table:/no/such/table.json'], /^li2: group: cannot read table \/no\/such\/table\.json: ENOENT/],
  ])('%j', async (args, msg) => {
    const db = path.join(dir, 'fresh', 'sub', 'lab.sqlite')
    await refused(trainCommand, [...args, '--db', db], msg)
    expect(fs.existsSync(path.join(dir, 'fresh'))).toBe(false)
  })

  it('refuses inherited and doubled config keys from a --config file', async () => {
    const db = path.join(dir, 'cfg.sqlite')
    const cfg = (o: string) => { const f = path.join(dir, 'cfg.json'); fs.writeFileSync(f, o); return f }
    await refused(trainCommand, ['--config', cfg('{"toString": 1}'), '--db', db], /^li2: toString: unknown option/)
    await refused(trainCommand, ['--config', cfg('{"constructor": "x"}'), '--db', db], /^li2: constructor: unknown option/)
    await refused(trainCommand, ['--config', cfg('{"trainFrac": 0.3, "train-frac": 0.5}'), '--db', db], /^li2: train-frac: given twice, as "trainFrac" and "train-frac"/)
    // a flag still overrides the file, under either name
    await refused(trainCommand, ['--config', cfg('{"trainFrac": 0.3}'), '--train-frac', '2', '--db', db], /^li2: train-frac: must be in \(0, 1\) \(got 2\)/)
    expect(fs.existsSync(db)).toBe(false)
  })
})

describe('li2 train with a table:PATH group', () => {
  it('trains on a Cayley table named relative to the shell, stores its absolute path, and counts epochs to E/E', () => {
    const work = fs.mkdtempSync(path.join(dir, 'table-'))
    fs.writeFileSync(path.join(work, 'z5.json'), JSON.stringify(Array.from({ length: 5 }, (_, a) => Array.from({ length: 5 }, (_, b) => (a + b) % 5))))
    const db = path.join(work, 'lab.sqlite')
    const r = spawnSync(process.execPath, [LI2, 'train', '--group', 'table:z5.json', '--hidden', '8', '--train-frac', '0.5', '--epochs', '1', '--db', db, '--json'], { cwd: work, encoding: 'utf8', timeout: 120_000 })
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).status).toBe('finished')
    expect(r.stderr).toMatch(/epoch 1\/1/)
    expect(r.stderr).not.toMatch(/epoch 2\/1/)
    const s = openStore(db)
    expect(s.listRuns()[0].config.group).toBe(`table:${path.join(work, 'z5.json')}`)
    s.close()
  })
})

describe('li2 sweep', () => {
  it('judges a sweep\'s size per run, naming the knob\'s path, and bounds random.seed', () => {
    expect(expandSpec({ fixed: { group: '11', epochs: 1 }, grid: { hidden: [16384] } })).toHaveLength(1) // fits Z_11, not Z_71
    const refusedSpec = (spec: unknown) => { try { expandSpec(spec) } catch (e) { return (e as Error).message } return '' }
    expect(refusedSpec({ fixed: { group: '97' }, grid: { hidden: [16384] } })).toMatch(/^grid\.hidden\[0\]: K = 16384 with M = 97/)
    expect(refusedSpec({ grid: { group: ['11', '7000'] } })).toMatch(/^grid\.group\[1\]: order 7000 is above 400/)
    expect(refusedSpec({ random: { n: 1, seed: 2 ** 32, space: { lr: { log: [1e-3, 1e-2] } } } })).toMatch(/^random\.seed: must be an integer in 0\.\.4294967295/)
  })

  it('refuses an unknown --scale, and --scale without --preset', async () => {
    await refused(sweepCommand, ['run', '--preset', 'tiny', '--scale', 'huge', '--db', path.join(dir, 'sw0.sqlite')], /--scale: must be one of quick, paper \(got "huge"\)/)
    const f = path.join(dir, 'spec0.json')
    fs.writeFileSync(f, JSON.stringify({ fixed: { group: '5' } }))
    await refused(sweepCommand, ['run', f, '--scale', 'paper', '--db', path.join(dir, 'sw0.sqlite')], /--scale: applies to --preset only/)
    expect(fs.existsSync(path.join(dir, 'sw0.sqlite'))).toBe(false)
  })

  it('says so, exit 2, when every run of the spec is queued in another sweep', async () => {
    const db = path.join(dir, 'sw.sqlite')
    const grid = { group: ['5'], 'train-frac': [0.4, 0.6] }
    const s = openStore(db)
    enqueueSweep(s, { name: 'first', fixed: { hidden: 8, epochs: 2 }, grid })
    s.close()
    const f = path.join(dir, 'second.json')
    fs.writeFileSync(f, JSON.stringify({ name: 'second', fixed: { hidden: 8, epochs: 2 }, grid }))
    await refused(sweepCommand, ['run', f, '--db', db, '--quiet'], /spec: nothing to run in sweep second: 2 of its 2 runs are queued in another sweep \(2 in "first" \(#1\)\)/)
    const t = openStore(db)
    expect(t.jobCounts().queued).toBe(2)
    expect(t.listRuns()).toHaveLength(0)
    t.close()
  })
})
