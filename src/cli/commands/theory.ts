/** `li2 theory RUN --epoch E`: Lemma 1 (lazy stage) and Theorem 6 (interaction) applied to a stored checkpoint's F. */
import type { InteractionReport, LazyStageReport } from '../../api/contract'
import { fmt, intFlag, numberFlag, parseFlags, reportError, runIdArg } from '../args'
import { withReadService } from '../service'
import { table } from '../table'

/** `li2 theory --help`. */
export const THEORY_USAGE = 'usage: li2 theory RUN [--epoch E] [--eta η] [--max-samples S] [--max-nodes N] [--pairs P] [--json] [--db PATH]\n\n' +
  'Applies the theory to the hidden features F of a stored checkpoint (default: the latest): Lemma 1 (the lazy ridge fixed\n' +
  'point and the gradient G_F it leaves, Stage I/II) and Theorem 6 (the sign rule that makes similar nodes repel, Stage III).\n' +
  'Each number is printed with what it means and which values are good. --eta η (default: the run\'s weight decay),\n' +
  '--max-samples / --max-nodes subsample large runs (default 512 each, seeded), --pairs P most similar node pairs (default 10).\n'

/** `li2 theory RUN --epoch E [--eta η] [--max-samples S] [--max-nodes N] [--pairs P] [--json] [--db PATH]`. */
export async function theoryCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, {
      db: { type: 'string' }, epoch: { type: 'string' }, eta: { type: 'string' }, 'max-samples': { type: 'string' },
      'max-nodes': { type: 'string' }, pairs: { type: 'string' }, json: { type: 'boolean' },
    })
    const id = runIdArg(positionals[0])
    const epochArg = intFlag(values.epoch, 'epoch', { min: 0 })
    const etaArg = numberFlag(values.eta, 'eta', { min: 0 })
    const maxSamples = intFlag(values['max-samples'], 'max-samples', { min: 2 }) ?? 512
    const maxNodes = intFlag(values['max-nodes'], 'max-nodes', { min: 2 }) ?? 512
    const pairs = intFlag(values.pairs, 'pairs', { min: 1 }) ?? 10
    // the service rebuilds F on the checkpoint nearest --epoch and says which one it used
    const r = await withReadService(values.db as string | undefined, (svc) => svc.getTheory({ id, epoch: epochArg, eta: etaArg, pairs, maxSamples, maxNodes }))
    const { epochs, wd, stages, ...out } = r
    if (values.json) process.stdout.write(JSON.stringify(out) + '\n')
    else process.stdout.write(`${r.requested_epoch !== null ? `no checkpoint at epoch ${r.requested_epoch}; using the nearest stored one, epoch ${r.epoch}\n` : ''}` + theoryText({ ...out, epochs, wd, stages }))
    return 0
  } catch (e) { return reportError(e) }
}

interface StageOnsets { I: number | null; II: number | null; III: number | null }

/** Which stage epoch t falls in, from the run's stage onsets. */
function stageAt(t: number, s: StageOnsets | null): string {
  if (!s) return 'unknown stage'
  if (s.III !== null && t >= s.III) return `Stage III (interaction; began at epoch ${s.III})`
  if (s.II !== null && t >= s.II) return `Stage II (independent feature learning; began at epoch ${s.II})`
  return 'Stage I (lazy learning)' + (s.II !== null ? `; Stage II began at epoch ${s.II}` : '')
}

/** The human report of `li2 theory`: two tables, each number beside what it says and which values are good. */
export function theoryText(o: { run_id: number; epoch: number; epochs: number; eta: number; wd: number; samples: number; nodes: number; subsampled: boolean; stages: StageOnsets | null; lazy_stage: LazyStageReport; interaction: InteractionReport }): string {
  const L = o.lazy_stage, I = o.interaction
  const g = (x: number | null) => fmt(x, 3)
  const late = o.stages?.III !== null && o.stages?.III !== undefined && o.epoch >= o.stages.III
  // past Stage III's onset the nodes interact (Thm 6), so the independent-node approximation is not expected to hold
  const verdict = (x: number | null, good: number, bad: number) => x === null ? '' : x <= good ? 'good' : (x >= bad ? 'does not hold' : 'partial') + (late ? ', as expected in Stage III' : '')
  const lines = [
    `run ${o.run_id}, checkpoint at epoch ${o.epoch} of ${o.epochs}: ${stageAt(o.epoch, o.stages)}`,
    `η = ${o.eta}${o.eta === o.wd ? " (the run's weight decay)" : o.wd === 0 ? ' (the run has wd = 0; the theory needs η > 0, so 1e-3 is used)' : ' (--eta)'}; F on ${o.samples} training pairs × ${o.nodes} hidden nodes${o.subsampled ? ' (a seeded subsample)' : ''}`,
    '',
    'Lemma 1, Stage I: with the features F frozen, the top layer converges to the ridge solution V = (F̃ᵀF̃ + ηI)⁻¹F̃ᵀỸ, and the',
    'gradient reaching the hidden layer becomes G_F = η(F̃F̃ᵀ + ηI)⁻¹ỸỸᵀF̃B. In Stage II it is ≈ s·ỸỸᵀF̃: each node then climbs E(w) on its own.',
    table(['quantity', 'value', 'reads as'], [
      ['‖G_F‖', g(L.gradNorm), 'size of the signal left for the hidden layer (0: nothing to learn; η = 0 gives 0 once V interpolates)'],
      ['‖ỸỸᵀF̃‖', g(L.labelTermNorm), 'the label-aligned term that drives Stage II (Prop. 1)'],
      ['residual share', g(L.residualShare), '‖Ỹ − F̃V‖/‖Ỹ‖: target share the ridge layer leaves unfit (0: the features interpolate the training set)'],
      ['Lemma 1 check', L.lemma1Error === null ? null : L.lemma1Error.toExponential(1), L.lemma1Error === null ? 'skipped (η = 0 or too large)' : `relative gap between the two forms of G_F: ${L.lemma1Error < 1e-6 ? 'the identity holds to rounding' : 'larger than rounding: check the inputs'}`],
      ['Stage II cosine', g(L.stageII.cosine), `cos(G_F, ỸỸᵀF̃): 1 = G_F points along the label term, as Stage II assumes; ${L.stageII.cosine >= 0.9 ? 'it does' : (L.stageII.cosine >= 0.5 ? 'partly' : 'it does not here') + (late ? ' (Stage III)' : '')}`],
      ['Stage II relError', g(L.stageII.relError), `‖s·ỸỸᵀF̃ − G_F‖/‖G_F‖, s = η/((Kc+η)(nc+η)): direction and size; < 0.3 good, ≥ 1 no better than 0 — ${verdict(L.stageII.relError, 0.3, 1)}`],
      ['F̃ᵀF̃ off-diagonal', L.diagonality ? g(L.diagonality.FtF) : null, 'share of ‖F̃ᵀF̃‖ off the diagonal: ≈ 0 = nodes independent; Fig. 3 keeps it ≤ 0.08 in Stage II'],
      ['FFᵀ vs aI + b11ᵀ', L.diagonality ? g(L.diagonality.FFt) : null, 'relative residual of that fit (the reference\'s fit_diag_11); Fig. 3: ≤ 0.08'],
    ], { align: ['l', 'r', 'l'] }).trimEnd(),
    '',
    'Theorem 6, Stage III: with B = (F̃ᵀF̃ + ηI)⁻¹, node j\'s gradient holds b_jl·ỸỸᵀf_l for every other node l, and',
    'sign(b_jl) = −sign(f̃_jᵀP_{η,−jl}f̃_l): for similar nodes b_jl < 0, so they push each other onto different features.',
    table(['j', 'l', 'cos(f̃_j, f̃_l)', 'b_jl', 'f̃_jᵀP f̃_l', 'rule holds'], I.pairs.map((p) => [p.j, p.l, p.cosine.toFixed(3), p.b_jl.toExponential(2), p.projectedInner.toExponential(2), p.holds ? 'yes' : 'NO']),
      { indent: 2, align: ['r', 'r', 'r', 'r', 'r', 'l'] }).trimEnd(),
    '',
    `The sign rule holds for ${(100 * I.holdShare).toFixed(0)}% of these ${I.pairs.length} most similar pairs (it is a theorem: below 100% means numerical trouble).`,
    `Repulsion: ${(100 * I.repulsionShare).toFixed(0)}% of the similar pairs (cos > 0) have b_jl < 0, i.e. push each other apart (100%: features diversify).`,
  ]
  return lines.join('\n') + '\n'
}
