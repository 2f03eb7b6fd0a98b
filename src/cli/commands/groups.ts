/** `li2 groups` (catalog listing and `show`), and `li2 features RUN`: groups, characters and per-node spectra. */
import { readFileSync, statSync, type Stats } from 'node:fs'
import path from 'node:path'
import { ApiError, type GroupFacts } from '../../api/contract'
import { fmt, intFlag, parseFlags, reportError, runIdArg, table } from '../args'
import { NO_STORE, withReadService } from '../service'

/** A bad-input error naming the flag, reported as `li2: field: rule` with exit 2. */
const usageError = (field: string, rule: string) => new ApiError('invalid', rule, field)

const MAX_TABLE_BYTES = 16 * 1024 * 1024 // as the runner's table:PATH reader: a table of order ≤ 1024 fits

/** The text of a Cayley table file for getGroup, refused by name (`table`) as the runner refuses a table:PATH. */
function readTable(file: string): string {
  const abs = path.resolve(file)
  let st: Stats
  try { st = statSync(abs) } catch (e) { throw usageError('table', `cannot read table ${abs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) }
  if (!st.isFile()) throw usageError('table', `table ${abs} is not a file`)
  if (st.size > MAX_TABLE_BYTES) throw usageError('table', `table ${abs} is ${st.size} bytes; a table of order ≤ 1024 fits in ${MAX_TABLE_BYTES}`)
  try { return readFileSync(abs, 'utf8') } catch (e) { throw usageError('table', `cannot read table ${abs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) }
}

function charText(c: { re: number; im: number }): string {
  const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3))
  if (c.im === 0) return num(c.re)
  const im = `${Math.abs(c.im) === 1 ? '' : num(Math.abs(c.im))}i`
  return c.re === 0 ? `${c.im < 0 ? '-' : ''}${im}` : `${num(c.re)}${c.im < 0 ? '-' : '+'}${im}`
}

/** The text of `li2 groups show`: one row per irrep, characters on the classes (class sizes in the header). */
function groupFactsText(f: GroupFacts): string {
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
      const file = values.table as string | undefined
      if (!file && !positionals[1]) throw usageError('NAME', 'give a group name (li2 groups show D7) or --table FILE')
      const args = file ? { name: file, table: readTable(file) } : { name: positionals[1] }
      const f = await withReadService(NO_STORE, (s) => s.getGroup(args))
      if (values.json) process.stdout.write(JSON.stringify(f) + '\n')
      else process.stdout.write(groupFactsText(f))
      return 0
    }
    if (positionals.length) throw usageError('arguments', `unknown subcommand ${JSON.stringify(positionals[0])} (use: li2 groups [filters] or li2 groups show NAME)`)
    const filter = { order: intFlag(values.order, 'order', { min: 1 }), maxDegree: intFlag(values['max-degree'], 'max-degree', { min: 1 }), abelian: values.abelian ? true : values['non-abelian'] ? false : undefined }
    const entries = await withReadService(NO_STORE, (s) => s.listGroups(filter))
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
    const epoch = intFlag(values.epoch, 'epoch', { min: 0 })
    // the service answers from the nearest stored epoch and says which was asked for
    const { epoch: at, requested_epoch: requested, ...s } = await withReadService(values.db as string | undefined, (svc) => svc.getFeatures({ id, epoch }))
    if (values.json) { process.stdout.write(JSON.stringify({ epoch: at, requested_epoch: requested, ...s }) + '\n'); return 0 }
    const sm = s.summary
    if (requested !== null) process.stdout.write(`no checkpoint at epoch ${requested}; using the nearest stored one, epoch ${at}\n`)
    process.stdout.write(`run ${id}, epoch ${at}, ${s.group}: ${(100 * sm.pureShare).toFixed(1)}% pure nodes (purity ≥ ${sm.pureThreshold}), power-weighted purity ${fmt(sm.powerWeightedPurity, 3)}, irreps covered ${sm.irrepsCovered.length}/${sm.nonTrivialIrreps}\n`)
    process.stdout.write(table(['irrep', 'degree', 'kind', 'pure nodes', 'dominant nodes', 'power share'], s.irreps.map((ir, i) => [ir.label, ir.degree, ir.kind, sm.pureNodesPerIrrep[i], sm.dominantNodesPerIrrep[i], fmt(sm.powerPerIrrep[i], 3)]).filter((r) => (r[4] as number) > 0)))
    return 0
  } catch (e) { return reportError(e) }
}
