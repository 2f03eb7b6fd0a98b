/** `li2 energy`: census of the local maxima of E(w) on the unit sphere for a group task (Thm 2, Thm 4/5), as a table or JSON. */
import { parseArgs } from 'node:util'
import { ValidationError } from '../../core/errors'
import { LIMITS } from '../../core/limits'
import { makeSplit, trainSize } from '../../core/split'
import { buildTask } from '../../core/taskFactory'
import { parseEnergyActivation } from '../../core/theory/activation'
import { maximaCensus } from '../../core/theory/census'
import { irrepSpectrum } from '../../core/theory/irrepSpectrum'
import { energyProblem } from '../../core/theory/problem'
import { taskCriticalFraction } from '../../core/theory/scaling'
import { intFlag } from '../args'

const USAGE = 'usage: li2 energy --group G [--train-frac p] [--act sqr|relu|silu|relusqr] [--restarts R] [--seed S] [--max-steps N] [--json]'

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
        p_c: pc, c_G: task.criticalC, feature_share: census.featureShare, memorization_share: census.memorizationShare, mixed_share: census.mixedShare,
        unconverged: census.unconverged, steps: census.steps, ms: Math.round(ms),
        // E_star is the σ = x², full-table, ‖w‖ = 1 prediction (M/(2d) real, M/(4d) complex or quaternionic); on a subset E scales roughly with p²
        maxima,
      }) + '\n')
      return 0
    }
    const lines = [
      `energy maxima: group ${task.name} (M = ${task.M}), σ = ${act}, ${p.n} of ${N} pairs (p = ${fmt(p.fraction, 4)}; p_c = ${task.criticalC === 1 ? '' : `c_G·`}2.7482·ln M/M = ${fmt(pc, 4)}${task.criticalC === 1 ? '' : `, c_G = d_max/2 = ${+task.criticalC.toPrecision(4)}`}), ${restarts} restarts, seed ${seed}`,
      `features ${pct(census.featureShare)}, memorization ${pct(census.memorizationShare)}, mixed ${pct(census.mixedShare)}; ${census.unconverged} unconverged; ${census.steps} ascent steps in ${fmt(ms / 1000, 3)} s`,
      '',
      table(['#', 'kind', 'irrep', 'E', 'E*', 'E/E*', 'purity', 'PR', 'count', 'basin'], maxima.map((m, i) => [
        String(i + 1), m.kind, m.irrep ?? '-', fmt(m.E, 6), m.E_star === null ? '-' : fmt(m.E_star, 6),
        m.E_star ? (m.E / m.E_star).toFixed(4) : '-', m.purity.toFixed(4), m.participation_ratio.toFixed(2), String(m.count), pct(m.frequency),
      ])),
    ]
    if (p.fraction < 1) lines.push('', 'E* is the full-table prediction (σ = x², ‖w‖ = 1); on a subset E scales roughly with p².')
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

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)))
  const line = (r: string[]): string => r.map((c, j) => (j < 3 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ')
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}
