/** One naming of irreps for every view (groups show, features, energy): Z_M with its standard table by DFT frequency
 *  ("k=5"), every other group by character index ("χ3"), in the order of characterTable(g).irreps. A real irrep class
 *  (a complex irrep merged with its conjugate) is named by its smaller frequency ("k=5" holds k = 5 and M − 5) or by
 *  both characters ("χ4+χ5"). */
import type { Irrep } from './characters'
import type { FiniteGroup } from './group'

const cyclicCache = new WeakMap<FiniteGroup, boolean>()

/** Whether g is Z_M with the table a∘b = (a + b) mod M, whose character χ_k is the DFT frequency k. */
export function isStandardCyclic(g: FiniteGroup): boolean {
  let hit = cyclicCache.get(g)
  if (hit === undefined) {
    const M = g.order
    hit = true
    for (let a = 0; a < M && hit; a++) for (let b = 0; b < M; b++) if (g.table[a * M + b] !== (a + b) % M) { hit = false; break }
    cyclicCache.set(g, hit)
  }
  return hit
}

/** The name of irrep i of characterTable(g). */
export function irrepName(g: FiniteGroup, i: number): string {
  return isStandardCyclic(g) ? `k=${i}` : `χ${i}`
}

/** The name of a real irrep class with the given member characters (one, or a conjugate pair). */
export function realIrrepName(g: FiniteGroup, members: readonly number[]): string {
  if (isStandardCyclic(g)) return `k=${Math.min(...members.map((i) => Math.min(i, g.order - i)))}`
  return members.map((i) => `χ${i}`).join('+')
}

/** Real, complex or quaternionic from the Frobenius–Schur indicator; the trivial irrep by name. */
export function irrepKind(x: Pick<Irrep, 'indicator'>, i: number): 'trivial' | 'real' | 'complex' | 'quaternionic' {
  return i === 0 ? 'trivial' : x.indicator === 0 ? 'complex' : x.indicator === 1 ? 'real' : 'quaternionic'
}
