// startRun refuses a bad config with every broken field at once (the form showed one error at a time), and still
// names the first rule in message/field for hosts that read only those.
import { describe, expect, it } from 'vitest'
import { ApiError, toErrorBody } from '../../src/api/contract'
import { checkedRunConfig } from '../../src/api/service'

function refused(input: Record<string, unknown>): ApiError {
  try { checkedRunConfig(input) } catch (e) { if (e instanceof ApiError) return e; throw e }
  throw new Error('config was accepted')
}

describe('checkedRunConfig', () => {
  it('lists each field that breaks its own rule', () => {
    const e = refused({ group: 'Foo7', hidden: 0, 'train-frac': 1.5, lr: -1, seed: 3 })
    expect(e.fields!.map((f) => f.field).sort()).toEqual(['group', 'hidden', 'lr', 'train-frac'])
    expect(e.fields!.find((f) => f.field === 'train-frac')!.message).toMatch(/must be in \(0, 1\) \(got 1\.5\)/)
    expect(e.field).toBe('hidden') // the first rule validateConfig checks
    const body = toErrorBody(e)
    expect(body.fields).toHaveLength(4)
    expect(body.message).toBe('hidden: must be an integer ≥ 1 (got 0)')
  })
  it('a rule between fields (a split too small for its group) is reported once', () => {
    const e = refused({ group: '5', 'train-count': 500 })
    expect(e.fields).toHaveLength(1)
    expect(e.fields![0].field).toBe(e.field)
  })
  it('a good config passes with its split', () => {
    const r = checkedRunConfig({ group: '11', 'train-frac': 0.5 })
    expect(r.cfg.group).toBe('11')
    expect(r.train.length + r.test.length).toBe(121)
  })
})
