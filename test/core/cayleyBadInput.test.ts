// parseCayleyTable on hostile input: deep nesting, huge text and odd entries give a named ValidationError, never a RangeError.
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/core/errors'
import { parseCayleyTable } from '../../src/core/groups/cayleyParse'

function refusal(f: () => unknown): string {
  try { f() } catch (e) { expect(e).toBeInstanceOf(ValidationError); return (e as ValidationError).message }
  throw new Error('expected a ValidationError')
}

describe('parseCayleyTable refuses malformed shapes by name', () => {
  it('refuses lists nested 100k deep without recursing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    expect(refusal(() => parseCayleyTable(deep, 'json'))).toMatch(/^table: nests lists more than 3 deep/)
    expect(refusal(() => parseCayleyTable(`{"table": ${deep}}`, 'json'))).toMatch(/^table: nests lists more than 3 deep/)
  })

  it('describes a bad entry without serialising it whole', () => {
    expect(refusal(() => parseCayleyTable('[[0, [1]], [1, 0]]', 'json'))).toBe('table: entry at row 0, column 1 is a list of 1: entries must be integers in 0..1')
    expect(refusal(() => parseCayleyTable(`[[0, "${'x'.repeat(1000)}"], [1, 0]]`, 'json'))).toMatch(/is "x{20}…": entries/)
  })

  it('counts brackets inside strings as text, and refuses text too large for any allowed order', () => {
    expect(parseCayleyTable('{"name": "[[[[[[", "table": [[0, 1], [1, 0]]}', 'json').name).toBe('[[[[[[')
    expect(refusal(() => parseCayleyTable(' '.repeat(16 * 1024 * 1024 + 1), 'csv'))).toMatch(/^table: is 16777217 characters/)
  })
})
