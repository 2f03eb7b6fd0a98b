/** Z_M and products Z_m0 × Z_m1 × …, flattened mixed-radix as the reference (component 0 is the least significant digit). */
import { ValidationError } from '../errors'
import type { FiniteGroup } from './group'

/** Orders of the cyclic factors of a spec like "71" or "4x7" or "2x3x4"; null when the spec is not of that form. */
export function parseCyclicSpec(spec: string): number[] | null {
  const s = spec.trim()
  // "23", "C23" or "Z23" (GAP writes C23), and products such as "4x7" or "C4 x C7"
  if (!/^[CZ]?\d+(\s*[x×*]\s*[CZ]?\d+)*$/i.test(s)) return null
  return s.split(/\s*[x×*]\s*/i).map((f) => Number(f.replace(/^[CZ]/i, '')))
}

/** The product of cyclic groups with the given orders; one factor gives Z_M. */
export function cyclicProduct(orders: readonly number[]): FiniteGroup {
  if (orders.length === 0) throw new ValidationError('group', 'needs at least one cyclic factor')
  for (const m of orders) {
    if (!Number.isInteger(m) || m < 2) throw new ValidationError('group', `each cyclic factor must be an integer ≥ 2 (got ${m})`)
  }
  const order = orders.reduce((a, b) => a * b, 1)
  if (order > 20000) throw new ValidationError('group', `order must be ≤ 20000 (got ${order})`)
  const digits = (x: number): number[] => orders.map((m) => { const d = x % m; x = Math.floor(x / m); return d })
  const table = new Int32Array(order * order)
  const dig = Array.from({ length: order }, (_, x) => digits(x))
  for (let a = 0; a < order; a++) {
    for (let b = 0; b < order; b++) {
      let idx = 0, scale = 1
      for (let i = 0; i < orders.length; i++) {
        idx += ((dig[a][i] + dig[b][i]) % orders[i]) * scale
        scale *= orders[i]
      }
      table[a * order + b] = idx
    }
  }
  const name = orders.join('x')
  const description = orders.map((m) => `C${m}`).join(' x ')
  return { name, order, table, identity: 0, abelian: true, description }
}
