// A run is claimed in the store by the process that will train it: two `li2 resume` at once train it once.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/core/config'
import { openStore } from '../../src/store'
import { cleanupTmp, exited, tmpDir } from './helpers'

afterAll(cleanupTmp)

const LI2 = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/li2.mjs')
const li2 = (args: string[]) => spawn(process.execPath, [LI2, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
const fixed = { group: '23', hidden: 128, 'resume-every': 50, 'diag-every': 1000, 'checkpoint-every': 1000, 'checkpoint-init': 0, backend: 'wasm' }

describe('claims on runs', () => {
  it('two `li2 resume 1` at once: one trains it, the other is refused naming the pid (exit 2)', async () => {
    const db = path.join(tmpDir(), 'li2.sqlite')
    const store = openStore(db)
    const id = store.createRun(resolveConfig({ ...fixed, epochs: 1500 }))
    store.setStatus(id, 'interrupted')
    store.close()
    const [a, b] = await Promise.all([li2(['resume', String(id), '--db', db, '--quiet']), li2(['resume', String(id), '--db', db, '--quiet'])].map(exited))
    const [won, lost] = a.code === 0 ? [a, b] : [b, a]
    expect(won.code, won.err).toBe(0)
    expect(won.out).toMatch(new RegExp(`^run ${id} finished`))
    expect(lost.code, lost.out).toBe(2)
    expect(lost.err).toMatch(new RegExp(`^li2: id: run ${id} is already (training|queued to train) \\(pid \\d+\\)\\n$`))
    const after = openStore(db)
    expect(after.getRun(id)).toMatchObject({ status: 'finished', epochsDone: 1500 })
    expect(after.getMetrics(id, { columns: [] }).epoch).toEqual(Array.from({ length: 1501 }, (_, i) => i)) // trained once: no gap, no duplicate
    after.close()
  })
})
