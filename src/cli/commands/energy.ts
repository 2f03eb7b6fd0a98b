/** `li2 energy`: census of the local maxima of E(w) on the unit sphere for a group task (Thm 2, Thm 4/5), as a table or JSON. */
import { parseArgs } from 'node:util'
import { ValidationError } from '../../core/errors'
import { LIMITS } from '../../core/limits'
import { makeSplit, trainSize } from '../../core/split'
import { buildTask } from '../../core/taskFactory'
import { parseEnergyActivation } from '../../core/theory/activation'
import { type Census, maximaCensus } from '../../core/theory/census'
import { irrepSpectrum } from '../../core/theory/irrepSpectrum'
import { energyProblem } from '../../core/theory/problem'
import { taskCriticalFraction } from '../../core/theory/scaling'
import { intFlag } from '../args'
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
    if (typeof values.group !== 'string' || values.group.trim() === '') throw new ValidationError('--group', 'is required (e.g. 71, 4x7, D7, Q8, S4)')
    const trainFrac = number('--train-frac', values['train-frac'] as string, (x) => x > 0 && x <= 1, 'a number in (0, 1]')
    const restarts = number('--restarts', values.restarts as string, (x) => Number.isInteger(x) && x >= 1 && x <= 100000, 'an integer in 1..100000')
    const seed = intFlag(values.seed, '--seed', { min: 0, max: LIMITS.maxSeed })!
    const maxSteps = number('--max-steps', values['max-steps'] as string, (x) => Number.isInteger(x) && x >= 1, 'an integer ≥ 1')
    const act = parseEnergyActivation(values.act as string, '--act')
    const task = buildTask({ group: values.group, expression: null, ops: 2 })
    if (task.group) irrepSpectrum(task.group) // cached; a group past the character-table limit is refused now, not after the census
    const N = task.numSamples
    // same split rule and seed as training, so the landscape is the one a run with this seed sees
    const samples = trainFrac === 1 ? undefined : makeSplit(N, trainSize(N, { kind: 'fraction', trainFrac }, task.M, task.criticalC), seed).train
    const p = energyProblem(task, act, samples)
    const t0 = performance.now()
    const census = maximaCensus(p, { restarts, seed, ascent: { maxSteps } })
    const ms = performance.now() - t0
    const pc = taskCriticalFraction(task)
    const maxima = census.maxima.map((m) => ({
      E: m.E, E_star: m.EStar, irrep: m.irrep, degree: m.degree, kind: m.kind,
      purity: m.purity, participation_ratio: m.participationRatio, count: m.count, frequency: m.frequency, E_spread: m.ESpread,
    }))
    if (values.json) {
      process.stdout.write(JSON.stringify({
        command: 'energy', group: task.name, M: task.M, act, train_frac: trainFrac, n: p.n, restarts, seed,
        p_c: pc, c_G: task.criticalC, p_over_p_c: p.fraction / pc, feature_share: census.featureShare, memorization_share: census.memorizationShare, mixed_share: census.mixedShare,
        unconverged: census.unconverged, steps: census.steps, ms: Math.round(ms),
        // E_star is the σ = x², full-table, ‖w‖ = 1 prediction (M/(2d) real, M/(4d) complex or quaternionic)
        maxima,
      }) + '\n')
      return 0
    }
    const lines = [
      `local maxima of E(w) = ½‖Ỹᵀσ(Xw)‖² on the unit sphere: group ${task.name} (M = ${task.M}), σ = ${act}, ${p.n} of ${N} pairs, ${restarts} restarts, seed ${seed}`,
      ...verdict(p.fraction, pc, task.criticalC, census),
      `ascent: ${census.steps} steps in ${fmt(ms / 1000, 3)} s; ${census.unconverged} of ${restarts} restarts hit --max-steps before converging`,
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
    if (e instanceof ValidationError) {
      const flag = e.field.startsWith('--') ? e.field : `--${e.field}`
      process.stderr.write(`li2 energy: ${flag}: ${e.rule}\n${USAGE}\n`)
      return 2
    }
    throw e
  }
}

function number(flag: string, raw: string, ok: (x: number) => boolean, rule: string): number {
  const x = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new ValidationError(flag, `must be ${rule} (got ${JSON.stringify(raw)})`)
  return x
}

function fmt(x: number, digits: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e9 ? String(x) : x.toPrecision(digits)
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`
}

/** Where p sits against p_c, what the theory expects there, and what the census found (Thm 4, Thm 5; li2-theory.md §5). */
function verdict(p: number, pc: number, cG: number, c: Census): string[] {
  const found = `found: features ${pct(c.featureShare)}, memorization ${pct(c.memorizationShare)}, mixed ${pct(c.mixedShare)} of the restarts`
  const where = `p = ${fmt(p, 3)} is ${(p / pc).toFixed(2)} × p_c (p_c = ${cG === 1 ? '' : 'c_G·'}2.7482·ln M/M = ${fmt(pc, 4)}${cG === 1 ? '' : `, c_G = d_max/2 = ${+cG.toPrecision(4)}`}: the training boundary of Fig. 5)`
  if (p >= 1) return [`${where}: the full table, where every local maximum is a feature at E* (Thm 2).`, found]
  if (p < pc) {
    return [`${where}: below it. Thm 4: so few pairs need not keep the feature maxima; they turn into memorization maxima (Thm 5).`,
      found + (c.memorizationShare >= 0.5 ? ': mostly memorization, as expected below p_c. Use --train-frac 1 (or ≳ 2·p_c) to see features.' : '.')]
  }
  return [`${where}: above it. Feature maxima survive on enough pairs (Thm 4); idealised ascent may still need 2–3 × p_c (li2-theory.md §5).`, found + '.']
}
