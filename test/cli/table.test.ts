// The CLI's one table printer: header, rule, numbers right-aligned, missing values as a dash, legend under the table.
import { describe, expect, it } from 'vitest'
import { table } from '../../src/cli/table'

describe('table', () => {
  it('aligns numeric columns right, text left, and prints null as —', () => {
    const t = table(['name', 'n', 'acc'], [['Z_11', 3, 0.5], ['D7', 12, null]])
    expect(t).toBe([
      'name   n  acc',
      '----  --  ---',
      'Z_11   3  0.5',
      'D7    12    —',
      '',
    ].join('\n'))
  })
  it('counts σ, Ỹ and — as one column each', () => {
    const lines = table(['σ', 'Ỹ'], [['—', 'x']]).split('\n')
    expect(lines[0]).toBe('σ  Ỹ')
    expect(lines[2]).toBe('—  x')
  })
  it('prints a legend of meanings under the table, names aligned', () => {
    const t = table(['a'], [[1]], { legend: [['relError', 'smaller is better'], ['cos', 'near 1 is good']] })
    expect(t.endsWith('\nrelError  smaller is better\ncos       near 1 is good\n')).toBe(true)
  })
})
