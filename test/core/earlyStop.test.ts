// Early stopping: the rule's grammar and its named errors, the zero-output loss on known values, and when each condition
// fires (and when it must not: a dip resets the grok streak, a slow start is no collapse, a climbing test accuracy is not flat).
import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/core/config'
import { AUTO_STOP, isCollapsedState, parseStopRule, StopWatcher, zeroOutputLoss, type StopSignals } from '../../src/core/earlyStop'

describe('stop rule', () => {
  it('parses off, auto and lists', () => {
    expect(parseStopRule('off')).toEqual([])
    expect(parseStopRule(undefined)).toEqual([]) // configs stored before the knob existed
    expect(parseStopRule('auto')).toEqual(parseStopRule(AUTO_STOP))
    expect(parseStopRule('grok:3, memorized:500')).toEqual([{ kind: 'grok', n: 3 }, { kind: 'memorized', n: 500 }])
  })
  it('names the bad part on field stop-when, through the config too', () => {
    expect(() => parseStopRule('grok')).toThrow(/stop-when.*"grok"/)
    expect(() => parseStopRule('grok:0')).toThrow(/N ≥ 1/)
    expect(() => parseStopRule('grok:2,grok:3')).toThrow(/grok is given twice/)
    expect(() => resolveConfig({ 'stop-when': 'soon' })).toThrow(expect.objectContaining({ field: 'stop-when' }))
    expect(resolveConfig({ 'stop-when': 'memorized:300' }).stopWhen).toBe('memorized:300')
    expect(resolveConfig({}).stopWhen).toBe('off')
  })
})

describe('zero-output state', () => {
  it('has loss 1 − 1/M (projected MSE) and ln M (cross-entropy)', () => {
    expect(zeroOutputLoss('mse', 53)).toBeCloseTo(0.981132, 6) // the collapsed Z_53 runs' train loss, 0.98113
    expect(zeroOutputLoss('ce', 53)).toBeCloseTo(3.970292, 6)
  })
  it('is told from a network that learned', () => {
    expect(isCollapsedState('mse', 53, 0.980989, 0.0095)).toBe(true)
    expect(isCollapsedState('mse', 53, 0.0005, 1)).toBe(false)
    expect(isCollapsedState('mse', 53, 0.93, 0.66)).toBe(false)
  })
})

const ep = (epoch: number, train_acc: number, test_acc: number | null, train_loss = 0.01): StopSignals => ({ epoch, train_loss, train_acc, test_acc })
const feed = (w: StopWatcher, rows: StopSignals[]) => { for (const r of rows) { const f = w.observe(r); if (f) return f } return null }

describe('StopWatcher', () => {
  it('grok:3 fires at the third evaluation in a row at ≥ 0.95, and a dip restarts the count', () => {
    const w = new StopWatcher('grok:3', 'mse', 23)
    const rows = [ep(0, 0.1, 0.1), ep(5, 1, null), ep(10, 1, 0.96), ep(20, 1, 0.97), ep(30, 1, 0.9), ep(40, 1, 0.96), ep(50, 1, 0.99), ep(55, 1, null), ep(60, 1, 1), ep(70, 1, 1)]
    expect(feed(w, rows)).toEqual({ rule: 'grok:3', condition: 'grok', epoch: 60 })
  })
  it('memorized:100 fires after 100 epochs of train acc ≥ 0.99 with test acc flat, not while it climbs', () => {
    const flat = Array.from({ length: 30 }, (_, i) => ep(i * 10, i < 2 ? 0.5 : 1, 0.02 + (i % 2) * 0.005))
    expect(feed(new StopWatcher('memorized:100', 'mse', 23), flat)).toMatchObject({ condition: 'memorized', epoch: 120 })
    const climbing = Array.from({ length: 30 }, (_, i) => ep(i * 10, 1, 0.01 * i))
    expect(feed(new StopWatcher('memorized:100', 'mse', 23), climbing)).toBeNull()
  })
  it('collapsed:50 fires 50 epochs into a collapse, never on a slow start at the baseline', () => {
    const L0 = zeroOutputLoss('mse', 53)
    const slow = Array.from({ length: 200 }, (_, i) => ep(i, 0.02, null, L0 + 0.001))
    expect(feed(new StopWatcher('collapsed:50', 'mse', 53), slow)).toBeNull()
    const fall = [ep(0, 0.02, 0.02, L0 + 0.002), ep(1, 0.27, null, 0.97), ...Array.from({ length: 100 }, (_, i) => ep(2 + i, 0.015, null, L0 - 1e-4))]
    expect(feed(new StopWatcher('collapsed:50', 'mse', 53), fall)).toMatchObject({ condition: 'collapsed', epoch: 51 })
  })
  it('off never fires', () => {
    const w = new StopWatcher('off', 'mse', 23)
    expect(w.off).toBe(true)
    expect(feed(w, [ep(0, 1, 1), ep(10, 1, 1), ep(20, 1, 1), ep(30, 1, 1)])).toBeNull()
  })
})
