// ':memory:' cannot be shared with the training worker threads: the service, the runner and `li2 train --db :memory:` refuse
// it with a named error (field db) instead of failing the run with no message.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createService } from '../../src/api/service'
import { ValidationError } from '../../src/core/errors'
import { Runner } from '../../src/runner/runner'
import { SweepRunner } from '../../src/runner/sweepRunner'

const LI2 = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/li2.mjs')
const RULE = /^:memory: cannot be shared with the training worker threads .*give a file path/

function refusal(f: () => unknown): ValidationError {
  try { f() } catch (e) { expect(e).toBeInstanceOf(ValidationError); return e as ValidationError }
  throw new Error('expected a ValidationError')
}

describe(':memory: and the training workers', () => {
  it('the service, a runner and a sweep runner refuse it, naming the field', async () => {
    const e = await createService({ dbPath: ':memory:', workers: 1 }).then(() => null, (err: unknown) => err)
    expect(e).toBeInstanceOf(ValidationError)
    expect((e as ValidationError).field).toBe('db')
    expect((e as ValidationError).rule).toMatch(RULE)
    expect(refusal(() => new Runner({ dbPath: ':memory:', workers: 1 })).rule).toMatch(RULE)
    expect(refusal(() => new SweepRunner({ dbPath: ':memory:', workers: 1 })).rule).toMatch(RULE)
  })

  it('`li2 train --db :memory:` exits 2 with li2: db: <rule>', () => {
    const r = spawnSync(process.execPath, [LI2, 'train', '--epochs', '10', '--db', ':memory:'], { encoding: 'utf8', timeout: 60_000 })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^li2: db: :memory: cannot be shared with the training worker threads/)
  })
})
