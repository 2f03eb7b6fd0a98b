/** `li2 groups` (catalog listing and `show`), and `li2 features RUN`: groups, characters and per-node spectra. */
import { ValidationError } from '../../core/errors'
import { listCatalog } from '../../core/groups/catalog'
import { characterTable } from '../../core/groups/characters'
import { resolveGroup } from '../../core/groups'
import type { FiniteGroup } from '../../core/groups/group'
import type { FeatureSpectra } from '../../core/groups/spectra'
import { openStore } from '../../store'
import { loadTableGroup } from '../../runner/tableGroup'
import { fmt, intFlag, parseFlags, reportError, runIdArg, table } from '../args'

/** Order, class sizes, irrep degrees and Frobenius–Schur indicators (lists sorted ascending). */
export function groupFacts(g: FiniteGroup) {
  const ct = characterTable(g)
  return {
    name: g.name, description: g.description ?? null, order: g.order, abelian: g.abelian,
    class_sizes: [...ct.classSizes].sort((a, b) => a - b),
    irrep_degrees: ct.irreps.map((x) => x.degree).sort((a, b) => a - b),
    frobenius_schur: ct.irreps.map((x) => x.indicator).sort((a, b) => a - b),
  }
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
      else process.stdout.write(`${f.name}${f.description ? ` (${f.description})` : ''}: order ${f.order}, ${f.abelian ? 'Abelian' : 'non-Abelian'}\nclass sizes: ${f.class_sizes.join(' ')}\nirrep degrees: ${f.irrep_degrees.join(' ')}\nFrobenius–Schur: ${f.frobenius_schur.join(' ')}\n`)
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
      const got = store.getSpectra<FeatureSpectra>(id, epoch)
      if (!got) throw new ValidationError('epoch', `no spectra stored for run ${id} at ${epoch} (stored epochs: ${store.listSpectraEpochs(id).join(', ') || 'none'})`)
      const s = got.data
      if (values.json) { process.stdout.write(JSON.stringify({ epoch: got.epoch, ...s }) + '\n'); return 0 }
      const sm = s.summary
      process.stdout.write(`run ${id}, epoch ${got.epoch}, ${s.group}: ${(100 * sm.pureShare).toFixed(1)}% pure nodes (purity ≥ ${sm.pureThreshold}), power-weighted purity ${fmt(sm.powerWeightedPurity, 3)}, irreps covered ${sm.irrepsCovered.length}/${sm.nonTrivialIrreps}\n`)
      process.stdout.write(table(['irrep', 'degree', 'kind', 'pure nodes', 'dominant nodes', 'power share'], s.irreps.map((ir, i) => [ir.label, ir.degree, ir.kind, sm.pureNodesPerIrrep[i], sm.dominantNodesPerIrrep[i], fmt(sm.powerPerIrrep[i], 3)]).filter((r) => (r[4] as number) > 0)))
      return 0
    } finally { store.close() }
  } catch (e) { return reportError(e) }
}
