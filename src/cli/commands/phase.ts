/** `li2 phase SWEEP [--json]`: the memorization/generalization phase table of a sweep, each group's boundary p* and the fit of c in p* = c·ln M / M. */
import { parseArgs } from 'node:util'
import { ApiError, toApiError } from '../../api/contract'
import { withReadService } from '../service'
import { table } from '../table'

const USAGE = 'usage: li2 phase SWEEP [--json] [--db PATH] [--test-acc 0.95] [--train-acc 0.99] [--use final|max] [--theory]'
/** `li2 phase --help`. */
export const PHASE_USAGE = USAGE + '\n\n' +
  'The memorization/generalization table of a sweep: per (group, p) cell the runs that generalized (test acc ≥ --test-acc),\n' +
  'memorized (train acc ≥ --train-acc, test below), collapsed (train loss at the zero-output value 1 − 1/M, train acc near\n' +
  'chance) or diverged; per group the boundary p* where success (generalized among generalized + memorized; collapsed runs\n' +
  'are neither) crosses 50% (logistic fit, 95% interval), and the fit of c in p* = c·c_G·ln M/M beside the reference\'s 2.7482.\n' +
  'A run stopped early (--stop-when) counts as finished with the outcome it stopped at.\n' +
  '--use max judges by the best test accuracy a run reached instead of its last; --theory adds the energy-only boundary.\n'

/** Runs `li2 phase` with argv after the command name; returns the exit code (2 for bad flags). */
export async function phaseCommand(argv: string[]): Promise<number> {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] }
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        db: { type: 'string' },
        'test-acc': { type: 'string' },
        'train-acc': { type: 'string' },
        use: { type: 'string' },
        theory: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    })
  } catch (e) {
    process.stderr.write(`li2 phase: ${(e as Error).message}\n${USAGE}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) { process.stdout.write(USAGE + '\n'); return 0 }
  try {
    if (positionals.length !== 1) throw new ApiError('invalid', 'give one sweep name or id (see li2 sweep status)', 'SWEEP')
    const num = (flag: string): number | undefined => {
      const raw = values[flag] as string | undefined
      if (raw === undefined) return undefined
      const x = Number(raw)
      if (raw.trim() === '' || !(x > 0 && x <= 1)) throw new ApiError('invalid', `must be a number in (0, 1] (got ${JSON.stringify(raw)})`, `--${flag}`)
      return x
    }
    const use = values.use as 'final' | 'max' | undefined
    if (use !== undefined && use !== 'final' && use !== 'max') throw new ApiError('invalid', `must be final or max (got ${String(use)})`, '--use')
    const args = { sweep: positionals[0], testAcc: num('test-acc'), trainAcc: num('train-acc'), use, theory: values.theory === true }
    const report = await withReadService(values.db as string | undefined, (s) => s.getPhase(args))
    const rule = report.rule
    if (values.json) { process.stdout.write(JSON.stringify(report) + '\n'); return 0 }
    const f = (x: number | null, d = 3): string => (x === null ? '-' : x.toFixed(d))
    const o = report.outcomes
    const lines = [
      `phase diagram of sweep ${report.sweep.name} (#${report.sweep.id}): ${o.generalized} generalized, ${o.memorized} memorized, ${o.collapsed ?? 0} collapsed, ${o.diverged} diverged, ${o.unfinished} unfinished, ${o.pending} pending`,
      `rule: generalized when ${rule.use} test acc ≥ ${rule.testAcc}; memorized when train acc ≥ ${rule.trainAcc} and test below; collapsed at the zero-output loss with train acc ≤ 3/M; time to grok = first epoch with test acc ≥ ${rule.grokAcc}`,
      'success = generalized / (generalized + memorized): the boundary is fit on those two outcomes only',
      '',
      table(['group', 'M', 'p', 'runs', 'pending', 'gen', 'mem', 'coll', 'div', 'success', 'grok epoch ± se'], report.cells.map((c) => [
        c.group, String(c.M), f(c.p, 4), String(c.runs), String(c.pending), String(c.generalized), String(c.memorized), String(c.collapsed ?? 0), String(c.diverged),
        c.success_rate === null ? '-' : `${Math.round(100 * c.success_rate)}%`, c.ttg_mean === null ? '-' : `${c.ttg_mean.toFixed(0)} ± ${c.ttg_se === null ? '-' : c.ttg_se.toFixed(0)}`,
      ]), { align: ['l'] }).trimEnd(),
      '',
      'boundaries (50% success; logistic fit, 95% profile-likelihood interval):',
      table(['group', 'M', 'p*', '95% interval', 'p_c = 2.7482·c_G·ln M/M', 'energy-only', 'status'], report.boundaries.map((b) => [
        b.group, String(b.M), f(b.pStar, 4), b.status === 'fit' ? `[${f(b.lo, 4)}, ${f(b.hi, 4)}]` : b.status === 'all-generalized' ? `< ${f(b.hi, 4)}` : b.status === 'none-generalized' ? `> ${f(b.lo, 4)}` : '-',
        f(b.p_c, 4), f(b.theory_p, 4), b.status + (b.separated ? ' (step)' : ''),
      ]), { align: ['l'] }).trimEnd(),
      '',
      report.fit.c === null
        ? `fit: no group with a fitted boundary yet (reference ${report.fit.reference})`
        : `fit p* = c·c_G·ln M / M over ${report.fit.n} groups: c = ${report.fit.c.toFixed(3)}` +
          (report.fit.lo === null ? ' (one group: no interval)' : ` (95% interval ${report.fit.lo.toFixed(3)} … ${report.fit.hi!.toFixed(3)})`) +
          `; reference ${report.fit.reference}; energy-only ${report.fit.theory_c === null ? '-' : report.fit.theory_c.toFixed(3)}`,
    ]
    process.stdout.write(lines.join('\n') + '\n')
    return 0
  } catch (e) {
    const a = toApiError(e) // bad flags here, or the service's refusal naming its argument
    if (a.code !== 'internal' && a.field) {
      process.stderr.write(`li2 phase: ${a.message}\n${USAGE}\n`)
      return 2
    }
    throw e
  }
}
