// `li2 energy` reports the same p_c as the critical-ratio split rule, c_G included (SL(2,3): c_G = d_max/2 = 1.5).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { energyCommand } from '../../src/cli/commands/energy'
import { resolveConfig } from '../../src/core/config'
import { trainSize } from '../../src/core/split'
import { buildTask } from '../../src/core/taskFactory'
import { dataScaling } from '../../src/core/theory/scaling'

afterEach(() => { vi.restoreAllMocks() })

function run(argv: string[]): Promise<{ code: number; out: string }> {
  let out = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true })
  return energyCommand(argv).then((code) => ({ code, out }))
}

describe('p_c with the group constant', () => {
  it('SL(2,3): energy --json p_c is the split rule\'s c_G·2.7482·ln M/M (0.546), not 0.364', async () => {
    const { code, out } = await run(['--group', 'SL(2,3)', '--restarts', '2', '--max-steps', '200', '--json'])
    expect(code).toBe(0)
    const res = JSON.parse(out)
    const cfg = resolveConfig({ group: 'SL(2,3)', criticalDelta: 0 })
    const task = buildTask(cfg)
    // the fraction the critical split trains on, before rounding to whole samples
    const n = trainSize(task.numSamples, { kind: 'critical', delta: 0, multiplier: cfg.criticalMultiplier }, task.M, task.criticalC)
    expect(res.c_G).toBe(1.5)
    expect(res.p_c).toBeCloseTo(1.5 * 2.7482 * Math.log(24) / 24, 10)
    expect(Math.abs(res.p_c - n / task.numSamples)).toBeLessThan(1 / task.numSamples)
  })

  it('the table labels p_c with c_G for a non-Abelian group and not for Z_M', async () => {
    expect((await run(['--group', 'SL(2,3)', '--restarts', '1', '--max-steps', '100'])).out).toMatch(/p_c = c_G·2\.7482·ln M\/M = 0\.5459, c_G = d_max\/2 = 1\.5: the training boundary/)
    vi.restoreAllMocks()
    expect((await run(['--group', '11', '--restarts', '1', '--max-steps', '100'])).out).toMatch(/p_c = 2\.7482·ln M\/M = 0\.599/)
  })

  it('the data-scaling run reports the task\'s p_c too', () => {
    const task = buildTask({ group: 'Q8', expression: null, ops: 2 })
    const r = dataScaling(task, { fractions: [1], restarts: 1, seed: 0, ascent: { maxSteps: 50 } })
    expect(r.cG).toBe(task.criticalC)
    expect(r.pc).toBeCloseTo(task.criticalC * 2.7482 * Math.log(8) / 8, 12)
  })
})
