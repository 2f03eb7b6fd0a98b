/** `li2 groups` (catalog listing and `show`), and `li2 features RUN`: groups, characters and per-node spectra. */
import { ValidationError } from '../../core/errors'
import { listCatalog } from '../../core/groups/catalog'
import { characterTable } from '../../core/groups/characters'
import { resolveGroup } from '../../core/groups'
import type { FiniteGroup } from '../../core/groups/group'
import { irrepKind, irrepName, realIrrepName } from '../../core/groups/irrepNames'
import type { FeatureSpectra } from '../../core/groups/spectra'
import { nearestEpoch } from '../../runner/schedule'
import { openStore } from '../../store'
import { loadTableGroup } from '../../runner/tableGroup'
import { fmt, intFlag, parseFlags, reportError, runIdArg, table } from '../args'

/** Order, classes and one entry per irrep (name, degree, Frobenius–Schur indicator, kind, characters on the classes),
 *  plus the degree and indicator lists sorted ascending as before. */
export function groupFacts(g: FiniteGroup) {
  const ct = characterTable(g)
  const gap = gapName(g)
  return {
    name: g.name, gap_name: gap, description: g.description ?? null, order: g.order, abelian: g.abelian,
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

function charText(c: { re: number; im: number }): string {
  const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3))
  if (c.im === 0) return num(c.re)
  const im = `${Math.abs(c.im) === 1 ? '' : num(Math.abs(c.im))}i`
  return c.re === 0 ? `${c.im < 0 ? '-' : ''}${im}` : `${num(c.re)}${c.im < 0 ? '-' : '+'}${im}`
}

/** The text of `li2 groups show`: one row per irrep, characters on the classes (class sizes in the header). */
function groupFactsText(f: ReturnType<typeof groupFacts>): string {
  const head = `${f.name}${f.gap_name ? ` (GAP: ${f.gap_name})` : ''}: order ${f.order}, ${f.abelian ? 'Abelian' : 'non-Abelian'}, ${f.classes.length} classes, ${f.irreps.length} irreps`
  const rows = f.irreps.map((x) => [x.index, x.name, x.degree, x.frobenius_schur, x.kind, x.real_class, ...x.characters.map(charText)])
  const cls = f.classes.map((c) => `|C|=${c.size}`)
  return `${head}\n${table(['#', 'irrep', 'degree', 'FS', 'kind', 'as in features', ...cls], rows)}FS: Frobenius–Schur indicator (1 real, 0 complex, −1 quaternionic). 'as in features': the real irrep (a complex one with its conjugate) that li2 features and li2 energy report. Then the character on each conjugacy class.\n`
}

/** `li2 groups [--order N] [--max-degree D] [--abelian|--non-abelian] [--json]` and `li2 groups show NAME | --table FILE [--json]`. */
export async function groupsCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, {
      order: { type: 'string' }, 'max-degree': { type: 'string' }, abelian: { type: 'boolean' }, 'non-abelian': { type: 'boolean' },
      table: { type: 'string' }, json: { type: 'boolean' },
    })
    if (positionals[0] === 'show') {
      const g = values.table ? loadTableGroup(values.table as string, 'table') : positionals[1] ? resolveGroup(positionals[1]) : null
      if (!g) throw new ValidationError('NAME', 'give a group name (li2 groups show D7) or --table FILE')
      const f = groupFacts(g)
      if (values.json) process.stdout.write(JSON.stringify(f) + '\n')
      else process.stdout.write(groupFactsText(f))
      return 0
    }
    if (positionals.length) throw new ValidationError('arguments', `unknown subcommand ${JSON.stringify(positionals[0])} (use: li2 groups [filters] or li2 groups show NAME)`)
    const entries = listCatalog({ order: intFlag(values.order, 'order', { min: 1 }), maxDegree: intFlag(values['max-degree'], 'max-degree', { min: 1 }), abelian: values.abelian ? true : values['non-abelian'] ? false : undefined })
    if (values.json) { process.stdout.write(JSON.stringify(entries) + '\n'); return 0 }
    process.stdout.write(table(['name', 'order', 'GAP', 'id', 'irrep degrees'], entries.map((e) => [e.name, e.order, e.description ?? '', e.smallgroupId ? `(${e.smallgroupId.join(',')})` : '', e.irrepDegrees?.join(' ') ?? ''])))
    process.stdout.write(`${entries.length} groups\n`)
    return 0
  } catch (e) { return reportError(e) }
}

/** `li2 features RUN [--epoch E] [--json] [--db PATH]`. */
export async function featuresCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, { db: { type: 'string' }, epoch: { type: 'string' }, json: { type: 'boolean' } })
    const id = runIdArg(positionals[0])
    const store = openStore(values.db as string | undefined)
    try {
      if (!store.getRun(id)) throw new ValidationError('RUN', `no run ${id} in ${store.path}`)
      const epoch = intFlag(values.epoch, 'epoch', { min: 0 }) ?? 'latest'
      // answer from the nearest stored checkpoint, and say which one
      const at = epoch === 'latest' ? 'latest' : nearestEpoch(store.listSpectraEpochs(id), epoch)
      const got = at === null ? null : store.getSpectra<FeatureSpectra>(id, at)
      if (!got) throw new ValidationError('epoch', `no spectra stored for run ${id} (it has no checkpoint yet)`)
      const s = got.data
      const requested = epoch === 'latest' || epoch === got.epoch ? null : epoch
      if (values.json) { process.stdout.write(JSON.stringify({ epoch: got.epoch, requested_epoch: requested, ...s }) + '\n'); return 0 }
      const sm = s.summary
      if (requested !== null) process.stdout.write(`no checkpoint at epoch ${requested}; using the nearest stored one, epoch ${got.epoch}\n`)
      process.stdout.write(`run ${id}, epoch ${got.epoch}, ${s.group}: ${(100 * sm.pureShare).toFixed(1)}% pure nodes (purity ≥ ${sm.pureThreshold}), power-weighted purity ${fmt(sm.powerWeightedPurity, 3)}, irreps covered ${sm.irrepsCovered.length}/${sm.nonTrivialIrreps}\n`)
      process.stdout.write(table(['irrep', 'degree', 'kind', 'pure nodes', 'dominant nodes', 'power share'], s.irreps.map((ir, i) => [ir.label, ir.degree, ir.kind, sm.pureNodesPerIrrep[i], sm.dominantNodesPerIrrep[i], fmt(sm.powerPerIrrep[i], 3)]).filter((r) => (r[4] as number) > 0)))
      return 0
    } finally { store.close() }
  } catch (e) { return reportError(e) }
}
