/** `li2 energy`: census of the local maxima of E(w) on the unit sphere for a group task (Thm 2, Thm 4/5), as a table or JSON. */
import { parseArgs } from 'node:util'
import { ApiError, MAX_SEED, toApiError, type EnergyCensus } from '../../api/contract'
import { intFlag } from '../args'
import { NO_STORE, withReadService } from '../service'
import { table } from '../table'

const USAGE = 'usage: li2 energy --group G [--train-frac p] [--act sqr|relu|silu|relusqr] [--restarts R] [--seed S] [--max-steps N] [--json]'
/** `li2 energy --help`. */
export const ENERGY_USAGE = USAGE + '\n\n' +
  'Gradient ascent of E(w) = ½‖Ỹᵀσ(Xw)‖² on the unit sphere from R seeded random starts (Thm 1), on the pairs a run with\n' +
  'this --train-frac and --seed trains on (default: the full table). Each distinct maximum is a feature (one irrep, Thm 2)\n' +
  'or memorization (a few inputs, Thm 5); below p_c = c_G·2.7482·ln M/M features are expected to give way (Thm 4).\n' +
  '--restarts R (1..100000, default 20), --max-steps N ascent steps per start (default 20000), --act σ (default sqr).\n'

/** Runs `li2 energy` with argv after the command name; returns the exit code (2 for bad flags). */
export async function energyCommand(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: argv,
      options: {
        group: { type: 'string' },
        'train-frac': { type: 'string', default: '1' },
        act: { type: 'string', default: 'sqr' },
        restarts: { type: 'string', default: '20' },
        seed: { type: 'string', default: '0' },
        'max-steps': { type: 'string', default: '20000' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (e) {
    process.stderr.write(`li2 energy: ${(e as Error).message}\n${USAGE}\n`)
    return 2
  }
  if (values.help) { process.stdout.write(`${USAGE}\n`); return 0 }
  try {
    if (typeof values.group !== 'string' || values.group.trim() === '') throw bad('--group', 'is required (e.g. 71, 4x7, D7, Q8, S4)')
    const trainFrac = number('--train-frac', values['train-frac'] as string, (x) => x > 0 && x <= 1, 'a number in (0, 1]')
    const restarts = number('--restarts', values.restarts as string, (x) => Number.isInteger(x) && x >= 1 && x <= 100000, 'an integer in 1..100000')
    const seed = intFlag(values.seed, '--seed', { min: 0, max: MAX_SEED })!
    const maxSteps = number('--max-steps', values['max-steps'] as string, (x) => Number.isInteger(x) && x >= 1, 'an integer ≥ 1')
    const group = values.group
    const { N, fraction, dim, ...res } = await withReadService(NO_STORE, (s) => s.energyCensus({ group, trainFrac, act: values.act as string, restarts, seed, maxSteps }))
    const { act, maxima, p_c: pc, ms } = res
    const p = { n: res.n, fraction, dim }
    if (values.json) { process.stdout.write(JSON.stringify(res) + '\n'); return 0 }
    const lines = [
      `local maxima of E(w) = ½‖Ỹᵀσ(Xw)‖² on the unit sphere: group ${res.group} (M = ${res.M}), σ = ${act}, ${p.n} of ${N} pairs, ${restarts} restarts, seed ${seed}`,
      ...verdict(p.fraction, pc, res.c_G, res),
      `ascent: ${res.steps} steps in ${fmt(ms / 1000, 3)} s; ${res.unconverged} of ${restarts} restarts hit --max-steps before converging`,
      '',
      table(['#', 'kind', 'irrep', 'E', 'E*', 'E/E*', 'purity', 'PR', 'count', 'basin'], maxima.map((m, i) => [
        i + 1, m.kind, m.irrep, fmt(m.E, 6), m.E_star === null ? null : fmt(m.E_star, 6),
        m.E_star ? (m.E / m.E_star).toFixed(4) : null, m.purity.toFixed(4), m.participation_ratio.toFixed(2), m.count, pct(m.frequency),
      ]), { legend: [
        ['kind', 'feature: w sits on one irrep (Thm 2); memorization: w sits on a few inputs (Thm 5); mixed: neither'],
        ['irrep', "the irrep holding most of w's power (k = frequency for Z_M)"],
        ['E*', 'full-table height of a feature maximum for σ = x², ‖w‖ = 1: M/(2d) for a real irrep of degree d, M/(4d) for a complex one'],
        ['purity', "share of w's power on that irrep (a feature needs ≥ 0.85)"],
        ['PR', `participation ratio: how many of the ${p.dim} inputs w uses (≈ 1: focused memorization)`],
        ['basin', 'share of the restarts that ended at this maximum'],
      ] }).trimEnd(),
    ]
    const ratios = maxima.filter((m) => m.E_star).map((m) => m.E / m.E_star!)
    if (p.fraction < 1 && ratios.length) {
      // what the numbers show (an earlier footnote said "E scales roughly with p²", which its own E/E* column contradicted)
      lines.push('', `On this subset the feature maxima reach E/E* = ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} of the full-table height E*.`)
    }
    process.stdout.write(lines.join('\n') + '\n')
    return 0
  } catch (e) {
    const a = toApiError(e) // bad flags here, or the service's refusal naming its argument
    if (a.code === 'invalid' && a.field) {
      const flag = a.field.startsWith('--') ? a.field : `--${a.field}`
      process.stderr.write(`li2 energy: ${flag}: ${a.message.slice(a.field.length + 2)}\n${USAGE}\n`)
      return 2
    }
    throw e
  }
}

/** A bad flag, as the service names its arguments. */
function bad(flag: string, rule: string): ApiError {
  return new ApiError('invalid', rule, flag)
}

function number(flag: string, raw: string, ok: (x: number) => boolean, rule: string): number {
  const x = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(x) || !ok(x)) throw bad(flag, `must be ${rule} (got ${JSON.stringify(raw)})`)
  return x
}

function fmt(x: number, digits: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e9 ? String(x) : x.toPrecision(digits)
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`
}

/** Where p sits against p_c, what the theory expects there, and what the census found (Thm 4, Thm 5; li2-theory.md §5). */
function verdict(p: number, pc: number, cG: number, c: Pick<EnergyCensus, 'feature_share' | 'memorization_share' | 'mixed_share'>): string[] {
  const found = `found: features ${pct(c.feature_share)}, memorization ${pct(c.memorization_share)}, mixed ${pct(c.mixed_share)} of the restarts`
  const where = `p = ${fmt(p, 3)} is ${(p / pc).toFixed(2)} × p_c (p_c = ${cG === 1 ? '' : 'c_G·'}2.7482·ln M/M = ${fmt(pc, 4)}${cG === 1 ? '' : `, c_G = d_max/2 = ${+cG.toPrecision(4)}`}: the training boundary of Fig. 5)`
  if (p >= 1) return [`${where}: the full table, where every local maximum is a feature at E* (Thm 2).`, found]
  if (p < pc) {
    return [`${where}: below it. Thm 4: so few pairs need not keep the feature maxima; they turn into memorization maxima (Thm 5).`,
      found + (c.memorization_share >= 0.5 ? ': mostly memorization, as expected below p_c. Use --train-frac 1 (or ≳ 2·p_c) to see features.' : '.')]
  }
  return [`${where}: above it. Feature maxima survive on enough pairs (Thm 4); idealised ascent may still need 2–3 × p_c (li2-theory.md §5).`, found + '.']
}
