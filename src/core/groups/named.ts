/** Named non-Abelian families built directly as Cayley tables: dihedral D_n, dicyclic Dic_n, Z_p ⋊ Z_q, S_n, A_n, SL(2,3). */
import { ValidationError } from '../errors'
import type { FiniteGroup } from './group'
import { fromTable } from './group'

const MAX_ORDER = 20000

function checkOrder(field: string, order: number): void {
  if (order > MAX_ORDER) throw new ValidationError('group', `${field}: order must be ≤ ${MAX_ORDER} (got ${order})`)
}

/** Dihedral group D_n of order 2n (symmetries of an n-gon; GAP calls it D_{2n}). Element r^k s^e has index k + n·e. */
export function dihedral(n: number): FiniteGroup {
  if (!Number.isInteger(n) || n < 3) throw new ValidationError('group', `D_n needs an integer n ≥ 3 (got ${n}); D_n has order 2n`)
  const order = 2 * n
  checkOrder(`D${n}`, order)
  const table = new Int32Array(order * order)
  for (let x = 0; x < order; x++) {
    const a = x % n, e = Math.floor(x / n)
    for (let y = 0; y < order; y++) {
      const b = y % n, f = Math.floor(y / n)
      // (r^a s^e)(r^b s^f) = r^(a + (-1)^e b) s^(e+f), since s r s⁻¹ = r⁻¹
      const k = (((e ? a - b : a + b) % n) + n) % n
      table[x * order + y] = k + n * ((e + f) % 2)
    }
  }
  return fromTable(`D${n}`, order, table, `D${order}`)
}

/** Dicyclic group Dic_n of order 4n: ⟨a, x | a^(2n) = 1, x² = a^n, x a x⁻¹ = a⁻¹⟩; Dic_2 = Q8. Element a^k x^e has index k + 2n·e. */
export function dicyclic(n: number): FiniteGroup {
  if (!Number.isInteger(n) || n < 2) throw new ValidationError('group', `Dic_n needs an integer n ≥ 2 (got ${n}); Dic_n has order 4n`)
  const m = 2 * n, order = 4 * n
  checkOrder(`Dic${n}`, order)
  const table = new Int32Array(order * order)
  for (let u = 0; u < order; u++) {
    const k = u % m, e = Math.floor(u / m)
    for (let w = 0; w < order; w++) {
      const j = w % m, f = Math.floor(w / m)
      let exp: number, xe: number
      if (e === 0) { exp = k + j; xe = f } // a^k · a^j x^f
      else if (f === 0) { exp = k - j; xe = 1 } // a^k x a^j = a^(k−j) x
      else { exp = k - j + n; xe = 0 } // a^k x a^j x = a^(k−j) x² = a^(k−j+n)
      table[u * order + w] = (((exp % m) + m) % m) + m * xe
    }
  }
  const isQ = (n & (n - 1)) === 0
  return fromTable(n === 2 ? 'Q8' : `Dic${n}`, order, table, isQ ? `Q${order}` : `Dic${n}`)
}

/** Multiplicative order of r mod p (0 when gcd(r, p) > 1). */
function multOrder(r: number, p: number): number {
  let x = r % p
  for (let k = 1; k <= p; k++) {
    if (x === 1) return k
    x = (x * r) % p
  }
  return 0
}

/** The smallest r in 2..p−1 with multiplicative order exactly q mod p, or null. */
export function semidirectMultiplier(p: number, q: number): number | null {
  for (let r = 2; r < p; r++) if (multOrder(r, p) === q) return r
  return null
}

/** Z_p ⋊ Z_q with Z_q acting by a ↦ r·a, r the smallest multiplier of order q mod p (for prime p all such r give isomorphic groups).
 *  (a, b)·(c, d) = (a + r^b c, b + d); element (a, b) has index a + p·b. */
export function semidirect(p: number, q: number, r?: number): FiniteGroup {
  if (!Number.isInteger(p) || !Number.isInteger(q) || p < 3 || q < 2) throw new ValidationError('group', `Z_p:Z_q needs integers p ≥ 3, q ≥ 2 (got ${p}, ${q})`)
  const mult = r ?? semidirectMultiplier(p, q)
  if (mult === null || multOrder(mult, p) !== q) throw new ValidationError('group', `Z${p}:Z${q} needs a multiplier of order ${q} mod ${p}; none exists (q must divide the order of the unit group mod ${p})`)
  const order = p * q
  checkOrder(`Z${p}:Z${q}`, order)
  const pow = [1]
  for (let b = 1; b < q; b++) pow.push((pow[b - 1] * mult) % p)
  const table = new Int32Array(order * order)
  for (let x = 0; x < order; x++) {
    const a = x % p, b = Math.floor(x / p)
    for (let y = 0; y < order; y++) {
      const c = y % p, d = Math.floor(y / p)
      table[x * order + y] = ((a + pow[b] * c) % p) + p * ((b + d) % q)
    }
  }
  return fromTable(`Z${p}:Z${q}`, order, table, `C${p} : C${q}`)
}

/** Closes a set of permutations (arrays of images) under composition; a∘b applies a first, then b (as sympy in the reference `sym`). */
export function permutationGroup(name: string, gens: readonly number[][], description?: string): FiniteGroup {
  const deg = gens[0].length
  const key = (p: ArrayLike<number>): string => Array.prototype.join.call(p, ',')
  const id = Array.from({ length: deg }, (_, i) => i)
  const elts: number[][] = [id]
  const index = new Map<string, number>([[key(id), 0]])
  for (let i = 0; i < elts.length; i++) {
    for (const g of gens) {
      const p = elts[i].map((x) => g[x])
      const k = key(p)
      if (!index.has(k)) {
        index.set(k, elts.length)
        elts.push(p)
        checkOrder(name, elts.length)
      }
    }
  }
  const order = elts.length
  const table = new Int32Array(order * order)
  for (let a = 0; a < order; a++) {
    for (let b = 0; b < order; b++) table[a * order + b] = index.get(key(elts[a].map((x) => elts[b][x])))!
  }
  return fromTable(name, order, table, description)
}

/** Symmetric group S_n (n! elements, n ≤ 7), generated by a transposition and an n-cycle. */
export function symmetric(n: number): FiniteGroup {
  if (!Number.isInteger(n) || n < 3 || n > 7) throw new ValidationError('group', `S_n needs an integer 3 ≤ n ≤ 7 (got ${n})`)
  const swap = Array.from({ length: n }, (_, i) => (i === 0 ? 1 : i === 1 ? 0 : i))
  const cycle = Array.from({ length: n }, (_, i) => (i + 1) % n)
  return permutationGroup(`S${n}`, [swap, cycle], `S${n}`)
}

/** Alternating group A_n (n!/2 elements, 4 ≤ n ≤ 7), generated by the 3-cycles (0 1 i). */
export function alternating(n: number): FiniteGroup {
  if (!Number.isInteger(n) || n < 4 || n > 7) throw new ValidationError('group', `A_n needs an integer 4 ≤ n ≤ 7 (got ${n})`)
  const gens: number[][] = []
  for (let i = 2; i < n; i++) {
    const p = Array.from({ length: n }, (_, j) => j)
    p[0] = 1; p[1] = i; p[i] = 0
    gens.push(p)
  }
  return permutationGroup(`A${n}`, gens, `A${n}`)
}

/** SL(2,3): 2×2 matrices over GF(3) with determinant 1 (order 24), identity first, entries enumerated in base-3 order. */
export function sl23(): FiniteGroup {
  const mats: number[][] = []
  for (let c = 0; c < 81; c++) {
    const m = [c % 3, Math.floor(c / 3) % 3, Math.floor(c / 9) % 3, Math.floor(c / 27) % 3]
    if ((((m[0] * m[3] - m[1] * m[2]) % 3) + 3) % 3 === 1) mats.push(m)
  }
  mats.sort((x, y) => Number(!isIdentity(y)) - Number(!isIdentity(x)) || 0)
  const idx = (m: number[]): number => mats.findIndex((x) => x.every((v, i) => v === m[i]))
  const order = mats.length
  const table = new Int32Array(order * order)
  for (let a = 0; a < order; a++) {
    for (let b = 0; b < order; b++) {
      const [p, q, r, s] = mats[a], [t, u, v, w] = mats[b]
      table[a * order + b] = idx([(p * t + q * v) % 3, (p * u + q * w) % 3, (r * t + s * v) % 3, (r * u + s * w) % 3])
    }
  }
  return fromTable('SL(2,3)', order, table, 'SL(2,3)')
}

function isIdentity(m: number[]): boolean {
  return m[0] === 1 && m[1] === 0 && m[2] === 0 && m[3] === 1
}
