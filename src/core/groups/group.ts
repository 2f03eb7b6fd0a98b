/** A finite group given by its Cayley table: the one shape every task, spectrum and energy works on. */
export interface FiniteGroup {
  /** Canonical name, parseable back by `parseGroup` (e.g. "71", "4x7", "D7", "SmallGroup(24,3)"). */
  readonly name: string
  /** |G|. Elements are 0..order-1. */
  readonly order: number
  /** Row-major Cayley table: table[a * order + b] = a∘b. */
  readonly table: Int32Array
  /** Index of the identity element. */
  readonly identity: number
  readonly abelian: boolean
  /** Optional description (GAP's StructureDescription where known). */
  readonly description?: string
}

/** a∘b. */
export function mul(g: FiniteGroup, a: number, b: number): number {
  return g.table[a * g.order + b]
}

/** Inverse of every element, from the table. */
export function inverses(g: FiniteGroup): Int32Array {
  const n = g.order
  const inv = new Int32Array(n).fill(-1)
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (g.table[a * n + b] === g.identity) { inv[a] = b; break }
    }
  }
  return inv
}

/** Builds a group record from a table, finding the identity and commutativity. The table must already be valid. */
export function fromTable(name: string, order: number, table: Int32Array, description?: string): FiniteGroup {
  let identity = -1
  for (let e = 0; e < order && identity < 0; e++) {
    let ok = true
    for (let a = 0; a < order && ok; a++) ok = table[e * order + a] === a && table[a * order + e] === a
    if (ok) identity = e
  }
  let abelian = true
  for (let a = 0; a < order && abelian; a++) {
    for (let b = a + 1; b < order; b++) if (table[a * order + b] !== table[b * order + a]) { abelian = false; break }
  }
  return { name, order, table, identity, abelian, description }
}
