// buildTask on catalog groups and expressions: labels, critical c (1 Abelian, d_max/2 otherwise), and the expression parser.
import { describe, expect, it } from 'vitest'
import { buildTask } from '../../../src/core/taskFactory'
import { compileExpression } from '../../../src/core/expression'
import { ValidationError } from '../../../src/core/errors'

describe('buildTask', () => {
  it('labels every q-tuple of a catalog group by its product', () => {
    const t = buildTask({ group: 'S4', expression: null, ops: 3 })
    const g = t.group!
    expect(t.M).toBe(24)
    expect(t.numSamples).toBe(24 ** 3)
    for (let i = 0; i < t.numSamples; i += 97) {
      const [a, b, c] = [t.operands[3 * i], t.operands[3 * i + 1], t.operands[3 * i + 2]]
      expect(t.labels[i]).toBe(g.table[g.table[a * 24 + b] * 24 + c])
    }
  })

  it('sets c = 1 for Abelian groups and d_max/2 otherwise', () => {
    expect(buildTask({ group: '71', expression: null, ops: 2 }).criticalC).toBe(1)
    expect(buildTask({ group: '4x7', expression: null, ops: 2 }).criticalC).toBe(1)
    expect(buildTask({ group: 'D7', expression: null, ops: 2 }).criticalC).toBe(1) // d_max = 2
    expect(buildTask({ group: 'S4', expression: null, ops: 2 }).criticalC).toBe(1.5) // d_max = 3
    expect(buildTask({ group: 'A5', expression: null, ops: 2 }).criticalC).toBe(2.5) // d_max = 5
  })

  it('builds expression tasks z = f(x, y) mod M', () => {
    const t = buildTask({ group: '7', expression: 'x^2+x*y+y^2', ops: 2 })
    expect(t.M).toBe(7)
    expect(t.criticalC).toBe(1)
    for (let i = 0; i < t.numSamples; i++) {
      const x = t.operands[2 * i], y = t.operands[2 * i + 1]
      expect(t.labels[i]).toBe((x * x + x * y + y * y) % 7)
    }
    expect(() => buildTask({ group: 'D7', expression: 'x+y', ops: 2 })).toThrow(ValidationError)
    expect(() => buildTask({ group: '7', expression: 'x+y', ops: 3 })).toThrow(ValidationError)
  })
})

describe('compileExpression', () => {
  it('follows precedence, unary minus, parentheses and ** as ^', () => {
    const M = 101
    const f = compileExpression('-(x - 2*y)^3 + x**2*y - 7', M)
    for (const [x, y] of [[0, 0], [3, 5], [100, 99], [50, 1]]) {
      const want = Number(((-((BigInt(x) - 2n * BigInt(y)) ** 3n) + BigInt(x) ** 2n * BigInt(y) - 7n) % 101n + 101n) % 101n)
      expect(f(x, y)).toBe(want)
    }
    expect(compileExpression('x^100000', 1000003)(3, 0)).toBe(Number(3n ** 100000n % 1000003n))
  })

  it('rejects anything outside integers, x, y, + - * ^ and parentheses', () => {
    for (const bad of ['x+', 'z', '2^x', 'x^-1', '(x+y', 'x y', 'alert(1)', '']) {
      expect(() => compileExpression(bad, 7), bad).toThrow(ValidationError)
    }
  })
})
