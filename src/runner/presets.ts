/** Sweep presets for the panels of the paper's Fig. 5 (li2-theory.md §7) at `quick` and `paper` scale, and a cost estimate
 *  from measured wasm step times, so a preset's wall time is known before it starts. */
import { DEFAULT_CONFIG, type TrainConfig } from '../core/config'
import { ValidationError } from '../core/errors'
import { criticalFraction } from '../core/split'
import { buildTask } from '../core/taskFactory'
import type { SweepSpec } from './sweepSpec'

/** Preset scales: quick ≈ an hour on 2 cores (wasm); paper = Fig. 5's K, lr, wd and 20 seeds. */
export type Scale = 'quick' | 'paper'
/** Every preset name. */
export const PRESET_NAMES = ['tiny', 'fig5-prime', 'fig5-composite', 'fig5-product', 'fig5-nonabelian'] as const
/** One preset name. */
export type PresetName = (typeof PRESET_NAMES)[number]

/** Groups per panel. Paper: the reference's worked M values for primes (reference §5), Fig. 5's eight products, and
 *  d_max = 2 non-Abelian groups from the catalog (`listCatalog({maxDegree: 2})`); composite M are our choice (not in the sources). */
const GROUPS: Record<Exclude<PresetName, 'tiny'>, Record<Scale, string[]>> = {
  'fig5-prime': { quick: ['11', '17', '23', '31', '41', '53', '71'], paper: ['23', '31', '47', '59', '71', '97', '113', '127'] },
  'fig5-composite': { quick: ['12', '18', '24', '32', '40', '54', '72'], paper: ['24', '36', '48', '60', '72', '96', '120'] },
  'fig5-product': {
    quick: ['4x7', '5x6', '2x2x9', '5x2x2x2', '6x4x2', '2x3x3x5'],
    paper: ['4x7', '5x6', '2x2x9', '13x11', '5x2x2x2', '6x4x2', '3x2x17', '2x3x3x5'],
  },
  'fig5-nonabelian': {
    quick: ['D5', 'Q8', 'Dic3', 'D7', 'SmallGroup(16,13)', 'SmallGroup(20,1)', 'SmallGroup(24,8)', 'Dic7', 'D32'],
    paper: ['D5', 'D7', 'Q8', 'Dic3', 'SmallGroup(16,13)', 'SmallGroup(20,1)', 'SmallGroup(24,8)', 'Dic7', 'SmallGroup(18,4)', 'D64'],
  },
}

/** Knobs per scale. quick departs from Fig. 5 (K 512, lr 1e-2, wd 2e-4, 8 seeds, 2000 epochs) so a panel ends in about an
 *  hour on wasm. Its wd was 1e-3 until every Z_53 run at 3–4·p_c and every Z_71 run from 1.5·p_c collapsed to the zero
 *  output under Adam's coupled decay (train loss 1 − 1/M; the reference in PyTorch does the same at those knobs); at
 *  wd 2e-4 the same cells generalize (docs/SCIENCE.md § Presets). paper is Fig. 5's caption (K 2048, lr 5e-4, wd 2e-4,
 *  20 seeds); its epoch budget is not in the sources (5000 is ours). Both stop early (`stop-when auto`). */
const SCALE: Record<Scale, { fixed: Record<string, unknown>; seeds: number; factors: number[] }> = {
  quick: { fixed: { hidden: 512, lr: 1e-2, wd: 2e-4, epochs: 2000, 'eval-every': 10, 'diag-every': 100, checkpoints: 8, 'resume-every': 100, 'stop-when': 'auto' }, seeds: 8, factors: [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] },
  paper: { fixed: { hidden: 2048, lr: 5e-4, wd: 2e-4, epochs: 5000, 'eval-every': 10, 'diag-every': 50, checkpoints: 8, 'resume-every': 100, 'stop-when': 'auto' }, seeds: 20, factors: [0.4, 0.6, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 3] },
}

/** tiny: a boundary in seconds. Z_11 and Z_13 straddle p_c (0.60, 0.54) at the quick scale's lr and wd; measured on 2 busy
 *  cores: 32 runs in 11 s, success 0/0/50/100% (Z_11) and 0/25/100/100% (Z_13) over p = 0.45…0.75, p* ≈ 0.65 and 0.55.
 *  (The old knobs, lr 1e-3 for 300 epochs at p = 0.3/0.6, generalized in 0 of 8 runs: no boundary to show.) */
const TINY: SweepSpec = {
  name: 'tiny', description: 'Z_11 and Z_13 across p_c: a phase boundary in seconds',
  fixed: { hidden: 128, lr: 1e-2, wd: 1e-3, epochs: 500, 'stop-when': 'auto' }, grid: { group: ['11', '13'], 'train-frac': [0.45, 0.55, 0.65, 0.75], seed: [1, 2, 3, 4] },
}

/** Largest training fraction a preset uses (a split needs test pairs left). */
const P_MAX = 0.9

/** A preset's spec. Fig. 5 panels sweep the critical ratio: δ such that p = c_G·(2.7482 − δ)·ln M / M = factor·p_c, per group. */
export function presetSpec(name: string, scale: Scale = 'quick'): SweepSpec {
  if (name === 'tiny') return TINY
  if (!(PRESET_NAMES as readonly string[]).includes(name)) throw new ValidationError('preset', `unknown preset ${JSON.stringify(name)} (known: ${PRESET_NAMES.join(', ')})`)
  if (scale !== 'quick' && scale !== 'paper') throw new ValidationError('scale', `must be quick or paper (got ${JSON.stringify(scale)})`)
  const s = SCALE[scale]
  const mult = DEFAULT_CONFIG.criticalMultiplier
  const grid = GROUPS[name as Exclude<PresetName, 'tiny'>][scale].map((group) => {
    const task = buildTask({ group, expression: null, ops: 2 })
    const pc = criticalFraction(task.M, task.criticalC, mult, 0)
    // δ = mult·(1 − factor) gives p = factor·p_c; keep p inside (2/|G|², P_MAX]
    const deltas = s.factors.filter((f) => f * pc <= P_MAX && f * pc * task.numSamples >= 2).map((f) => round(mult * (1 - f)))
    return { group: [group], 'critical-delta': deltas, seed: Array.from({ length: s.seeds }, (_, i) => i + 1) }
  })
  return { name: `${name}-${scale}`, description: `Fig. 5 panel ${name} at ${scale} scale`, fixed: { ...s.fixed }, grid }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6
}

/** Measured wasm cost per step: ≈ 1.8e-5 ms per (hidden node × training pair), test forward ≈ 0.6 of that every eval
 *  (2 cores, Z_23…Z_71, K 256–512: 0.4–11.5 ms/step; bench/trainStep.ts), plus ~0.05 ms of per-step overhead. */
export const MS_PER_NODE_SAMPLE = 1.8e-5

/** Measured parallel efficiency of more than one worker (bench/sweep.ts: 70% with 2 workers on 2 cores). */
export const PARALLEL_EFFICIENCY = 0.7

const SIZES = new Map<string, { N: number; M: number; C: number }>()

/** Modelled single-worker ms per epoch of a config: MS_PER_NODE_SAMPLE per (node × training pair), the test forward at 0.6
 *  of that every eval-every epochs, and 0.05 ms of overhead. Task sizes are cached by group name. */
export function epochCostMs(c: TrainConfig): number {
  const key = c.expression === null || c.expression === undefined ? c.group : `${c.group}\u0000${c.expression}\u0000${c.ops}`
  let t = SIZES.get(key)
  if (!t) { const task = buildTask(c); t = { N: task.numSamples, M: task.M, C: task.criticalC }; SIZES.set(key, t) }
  const p = c.trainFrac ?? (c.trainCount !== null ? c.trainCount / t.N : criticalFraction(t.M, t.C, c.criticalMultiplier, c.criticalDelta ?? 0))
  const nTrain = p * t.N, nTest = t.N - nTrain
  return MS_PER_NODE_SAMPLE * c.hidden * (nTrain + (0.6 * nTest) / c.evalEvery) + 0.05
}

/** Estimated wall time of a list of configs on `workers` parallel workers (ms) at their full epoch budgets (an upper bound
 *  when they stop early), and the total training steps. */
export function estimateCost(configs: readonly TrainConfig[], workers = 1): { runs: number; steps: number; ms: number } {
  let ms = 0, steps = 0
  for (const c of configs) { ms += c.epochs * epochCostMs(c); steps += c.epochs }
  // a second worker on 2 cores gave a 1.4× speed-up in bench/sweep.ts (the main thread and SQLite share the cores)
  return { runs: configs.length, steps, ms: ms / Math.max(1, workers > 1 ? workers * PARALLEL_EFFICIENCY : 1) }
}
