// The one rule for how a run came out, and the time to grok read from its summary.
import { describe, expect, it } from 'vitest'
import { runOutcome, timeToGrok } from '../../src/renderer/src/utils/outcome'

const final = (train_acc: number, test_acc: number) => ({ train_acc, test_acc, train_loss: 0.1, test_loss: 1 })

describe('runOutcome', () => {
  it('finished with test ≥ 0.9 is generalized', () => {
    expect(runOutcome({ status: 'finished', final: final(1, 0.9) })).toBe('generalized')
  })
  it('finished with train ≥ 0.9 and test < 0.5 is memorized; test in between is unfinished', () => {
    expect(runOutcome({ status: 'finished', final: final(0.95, 0.2) })).toBe('memorized')
    expect(runOutcome({ status: 'finished', final: final(0.95, 0.6) })).toBe('unfinished')
    expect(runOutcome({ status: 'finished', final: final(0.5, 0.2) })).toBe('unfinished')
  })
  it('diverged is diverged; running, cancelled or no final metrics are unfinished', () => {
    expect(runOutcome({ status: 'diverged', final: null })).toBe('diverged')
    expect(runOutcome({ status: 'running', final: final(1, 1) })).toBe('unfinished')
    expect(runOutcome({ status: 'cancelled', final: final(1, 1) })).toBe('unfinished')
    expect(runOutcome({ status: 'finished', final: null })).toBe('unfinished')
  })
})

describe('timeToGrok', () => {
  it('the first epoch at test acc ≥ 0.9, or null', () => {
    expect(timeToGrok({ first_epoch_test_acc_ge: { '0.5': 40, '0.9': 120, '0.99': null } })).toBe(120)
    expect(timeToGrok({ first_epoch_test_acc_ge: { '0.9': null } })).toBeNull()
    expect(timeToGrok(null)).toBeNull()
  })
})
