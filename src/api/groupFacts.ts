/** The facts of one group that `getGroup` returns (and `li2 groups show` prints): classes, and per irrep its name,
 *  degree, Frobenius–Schur indicator, kind and characters. */
import path from 'node:path'
import { ValidationError } from '../core/errors'
import { parseCayleyTable } from '../core/groups/cayleyParse'
import { characterTable } from '../core/groups/characters'
import type { FiniteGroup } from '../core/groups/group'
import { resolveGroup } from '../core/groups'
import { irrepKind, irrepName, realIrrepName } from '../core/groups/irrepNames'
import type { GroupFacts } from './contract'

const TABLE_PREFIX = 'table:' // as runner/tableGroup names a table group, so its name resolves back to the file

/** The group `name` names, or the Cayley table `table` (its text; CSV when name ends in .csv) named `table:name`. */
export function groupFor(name: string, table?: string): FiniteGroup {
  if (table === undefined) return resolveGroup(name)
  try {
    return parseCayleyTable(table, name.toLowerCase().endsWith('.csv') ? 'csv' : 'json', TABLE_PREFIX + name)
  } catch (e) {
    if (e instanceof ValidationError) throw new ValidationError('table', `table ${path.resolve(name)}: ${e.rule}`)
    throw e
  }
}

/** Order, classes and one entry per irrep (name, degree, Frobenius–Schur indicator, kind, characters on the classes),
 *  plus the degree and indicator lists sorted ascending. */
export function groupFacts(g: FiniteGroup): GroupFacts {
  const ct = characterTable(g)
  return {
    name: g.name, gap_name: gapName(g), description: g.description ?? null, order: g.order, abelian: g.abelian,
    class_sizes: [...ct.classSizes].sort((a, b) => a - b),
    classes: ct.classes.map((c, i) => ({ size: ct.classSizes[i], representative: c[0] })),
    irreps: ct.irreps.map((x, i) => ({
      index: i, name: irrepName(g, i), degree: x.degree, frobenius_schur: x.indicator, kind: irrepKind(x, i),
      conjugate: irrepName(g, x.conjugate), real_class: realIrrepName(g, [...new Set([i, x.conjugate])].sort((a, b) => a - b)), characters: Array.from(x.re, (re, c) => ({ re: clean(re), im: clean(x.im[c]) })),
    })),
    irrep_degrees: ct.irreps.map((x) => x.degree).sort((a, b) => a - b),
    frobenius_schur: ct.irreps.map((x) => x.indicator).sort((a, b) => a - b),
  }
}

/** GAP's name for g (StructureDescription), where we know it and it differs from ours: our D7 is GAP's D14. */
function gapName(g: FiniteGroup): string | null {
  return g.description && g.description !== g.name ? g.description : null
}

/** Rounds float noise off a character value (|x| < 1e-9 → 0, near-integers → integers). */
function clean(x: number): number {
  const r = Math.round(x)
  return Math.abs(x - r) < 1e-9 ? r + 0 : Number(x.toFixed(6))
}
