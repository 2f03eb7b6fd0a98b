// `li2 theory` prints two tables whose rows say what each number means and which values are good; --json is unchanged.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { resolveConfig } from '../../src/core/config'
import { openStore } from '../../src/store'
import { runTrainJob } from '../../src/runner/trainJob'
import { theoryCommand } from '../../src/cli/commands/theory'

const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'li2-theory-')), 'lab.sqlite')

async function capture(argv: string[]): Promise<string> {
  let out = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true })
  try { expect(await theoryCommand(argv)).toBe(0) } finally { vi.restoreAllMocks() }
  return out
}
afterEach(() => { vi.restoreAllMocks() })

beforeAll(async () => {
  const store = openStore(db)
  const id = store.createRun(resolveConfig({ group: '11', hidden: 48, 'train-frac': 0.6, lr: 1e-2, wd: 1e-3, epochs: 100, backend: 'wasm' }))
  await runTrainJob(store, id)
  store.close()
}, 120_000)

describe('li2 theory', () => {
  it('prints Lemma 1 and Theorem 6 as tables with a meaning per number', async () => {
    const out = await capture(['1', '--epoch', '100', '--db', db])
    expect(out).toMatch(/^run 1, checkpoint at epoch 100 of 100: Stage (I|II|III)/)
    expect(out).toMatch(/^quantity\s+value\s+reads as$/m)
    expect(out).toMatch(/^Stage II relError\s+\S+\s+.*< 0\.3 good, ≥ 1 no better than 0 — (good|partial|does not hold)(, as expected in Stage III)?$/m)
    expect(out).toMatch(/^Lemma 1 check\s+\S+\s+relative gap between the two forms of G_F: the identity holds to rounding$/m)
    expect(out).toMatch(/^\s+j\s+l\s+cos\(f̃_j, f̃_l\)\s+b_jl/m)
    expect(out).toMatch(/The sign rule holds for \d+% of these 10 most similar pairs/)
    expect(out).not.toMatch(/\{"n":/) // no raw JSON in the human report
  })
  it('--json keeps the machine-readable report', async () => {
    const j = JSON.parse(await capture(['1', '--json', '--db', db]))
    expect(j.lazy_stage.stageII.relError).toBeTypeOf('number')
    expect(j.interaction.pairs).toHaveLength(10)
  })
})
