import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../src/store'

const LI2 = path.resolve(__dirname, '../../bin/li2.mjs')
const tmpDb = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'li2-cli-')), 'lab.sqlite')
const li2 = (args: string[]) => spawnSync(process.execPath, [LI2, ...args], { encoding: 'utf8', timeout: 120_000 })

describe('li2 train', () => {
  it('trains, stores and prints the --json summary', () => {
    const db = tmpDb()
    const r = li2(['train', '--group', '23', '--hidden', '512', '--train-frac', '0.4', '--lr', '1e-2', '--wd', '1e-3', '--epochs', '400', '--seed', '2', '--db', db, '--json'])
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.status).toBe('finished')
    expect(out.backend).toMatch(/wasm|cpu|tensorflow/)
    expect(out.final.test_acc).toBeGreaterThanOrEqual(0.95)
    expect(out.first_epoch_test_acc_ge['0.9']).toBeGreaterThan(0)
    expect(out.first_epoch_test_acc_ge['0.9']).toBeLessThanOrEqual(out.first_epoch_test_acc_ge['0.99'])
    expect(out.stages.I).toBe(0)
    expect(out.ms_per_step).toBeGreaterThan(0)
    const store = openStore(db)
    const m = store.getMetrics(out.run_id)
    expect(m.epoch.length).toBe(401) // epochs 0..399 plus the final evaluation at 400
    expect(m.epoch[400]).toBe(400)
    expect(store.getSplit(out.run_id)!.train.length).toBe(211)
    expect(store.listCheckpoints(out.run_id)).toContain(400)
    store.close()
  })

  it('refuses bad input before training, naming the field, and leaves the store untouched', () => {
    const db = tmpDb()
    const cases: [string[], RegExp][] = [
      [['--group', '1'], /group: M must be ≥ 2/],
      [['--train-frac', '1.5'], /train-frac: must be in \(0, 1\)/],
      [['--hidden', '0'], /hidden: must be an integer ≥ 1/],
      [['--lr=-0.1'], /lr: must be > 0/],
      [['--bogus', '3'], /bogus: unknown option/],
      [['--group', 'Foo7'], /group: unknown group/],
      [['--config', '/nonexistent/cfg.json'], /config: cannot read/],
      [['--stop-when', 'soon'], /stop-when: must be off, auto, or a comma list/],
    ]
    for (const [args, msg] of cases) {
      const r = li2(['train', ...args, '--db', db])
      expect(r.status, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(msg)
    }
    const store = openStore(db)
    expect(store.listRuns()).toHaveLength(0)
    store.close()
    const bad = li2(['train', '--db', '/proc/li2-no/lab.sqlite'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/^li2: db: /)
  })

  it('--stop-when grok:3 ends a grokking run early as finished and says where, in --json and in the closing summary', () => {
    const args = ['train', '--group', '23', '--hidden', '256', '--train-frac', '0.6', '--lr', '1e-2', '--wd', '2e-4', '--epochs', '2000', '--seed', '1', '--checkpoints', '0', '--stop-when', 'grok:3']
    const r = li2([...args, '--db', tmpDb(), '--json'])
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({ status: 'finished', stopped_early: { rule: 'grok:3', condition: 'grok' } })
    expect(out.epochs).toBe(out.stopped_early.epoch + 1)
    expect(out.epochs).toBeLessThan(2000)
    expect(out.final.test_acc).toBeGreaterThanOrEqual(0.95)
    const h = li2([...args, '--db', tmpDb(), '--quiet'])
    expect(h.stdout).toMatch(/stopped early at epoch \d+: grok \(--stop-when grok:3\)/)
  })

  it('keeps a kill -9\'d run\'s metrics and `li2 resume` finishes it', async () => {
    const db = tmpDb()
    const child = spawn(process.execPath, [LI2, 'train', '--group', '23', '--hidden', '256', '--train-frac', '0.4', '--lr', '1e-2', '--wd', '1e-3', '--epochs', '4000', '--resume-every', '20', '--db', db, '--quiet'], { stdio: 'ignore' })
    // wait until some metrics and a resume state are committed
    const store = openStore(db)
    const t0 = Date.now()
    for (;;) {
      await new Promise((r) => setTimeout(r, 200))
      const runs = store.listRuns()
      if (runs.length && (store.lastMetricEpoch(runs[0].id) ?? 0) >= 100 && store.getResumeState(runs[0].id)) break
      if (Date.now() - t0 > 60_000) throw new Error('run did not start')
    }
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    const run = store.listRuns()[0]
    expect(store.getRun(run.id)!.status).toBe('interrupted')
    const kept = store.lastMetricEpoch(run.id)!
    expect(kept).toBeGreaterThanOrEqual(100)
    const resumedFrom = store.getResumeState(run.id)!.epoch
    store.close()
    const r = li2(['resume', String(run.id), '--db', db, '--json'])
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).status).toBe('finished')
    const after = openStore(db)
    const m = after.getMetrics(run.id, { columns: ['train_loss'] })
    // every epoch exactly once, no gap where the kill happened
    expect(m.epoch).toEqual(Array.from({ length: 4001 }, (_, i) => i))
    expect(resumedFrom).toBeGreaterThan(0)
    after.close()
  })
})
