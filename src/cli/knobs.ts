/** What each `li2 train` knob does, its unit or range, and the reference's name for it (reference-code.md §10),
 *  grouped for `li2 train --help`. A Record over every config key, so a new knob without help text fails to compile. */
import { DEFAULT_CONFIG, flagName, type ConfigKey } from '../core/config'
import { legend } from './table'

interface Knob {
  /** Section of the help text. */
  s: 'task' | 'split' | 'model' | 'optimizer' | 'cadence'
  /** What it sets, with its unit or range. */
  what: string
  /** The reference's config name (dyn_madd.yaml), or how the reference does it. */
  ref: string
}

/** Help for every knob. */
export const KNOBS: Record<ConfigKey, Knob> = {
  group: { s: 'task', what: 'the group: cyclic "71", product "4x7", "D7", "Q8", "SmallGroup(24,3)", or table:FILE', ref: 'M + group_type' },
  expression: { s: 'task', what: 'train on z = f(x, y) mod M instead of the group product, e.g. "x^2+x*y+y^2"', ref: 'expression' },
  ops: { s: 'task', what: 'operands per sample q (integer ≥ 2)', ref: 'num_of_ops' },
  trainFrac: { s: 'split', what: 'share p of all |G|^q pairs used for training, in (0, 1)', ref: 'test_size = 1 − p' },
  trainCount: { s: 'split', what: 'number of training pairs n, instead of --train-frac (integer ≥ 1)', ref: 'none' },
  criticalDelta: { s: 'split', what: 'δ in p = c_G·(mult − δ)·ln M/M: δ > 0 below the Fig. 5 boundary, δ < 0 above', ref: 'use_critical_ratio + critical_ratio_delta' },
  criticalMultiplier: { s: 'split', what: 'mult in that ratio (> 0; 2.7482 is the fitted Fig. 5 constant)', ref: 'critical_ratio_multiplier' },
  hidden: { s: 'model', what: 'hidden width K: nodes in the hidden layer (integer ≥ 1)', ref: 'hidden_size' },
  act: { s: 'model', what: 'σ: sqr (x²), relu, silu, relusqr', ref: 'activation' },
  loss: { s: 'model', what: 'mse (projected MSE, as the theory) or ce (softmax cross-entropy)', ref: 'loss_func (ce = nll)' },
  residualLayers: { s: 'model', what: 'extra residual layers x ← σ(x + Ux) (integer ≥ 0)', ref: 'other_layers' },
  ridgeEta: { s: 'model', what: 'η of a ridge top layer: V solved in closed form each step (≥ 0, needs --loss mse; null = off)', ref: 'set_weight_reg' },
  topInitMult: { s: 'model', what: 'multiplies V at initialisation (> 0)', ref: 'top_layer_init_multiplier' },
  outputMult: { s: 'model', what: 'multiplies the logits (> 0)', ref: 'output_multiplier' },
  optim: { s: 'optimizer', what: 'adam (coupled L2), adamw, sgd (momentum 0.9), muon (Muon on W, Adam on V)', ref: 'optim' },
  lr: { s: 'optimizer', what: 'learning rate (> 0)', ref: 'learning_rate' },
  wd: { s: 'optimizer', what: 'weight decay η (≥ 0): coupled for adam/sgd, decoupled for adamw/muon; η = 0 does not grok (Fig. 3)', ref: 'weight_decay' },
  epochs: { s: 'optimizer', what: 'full-batch steps (integer ≥ 1)', ref: 'num_epochs' },
  seed: { s: 'optimizer', what: 'seed of the initialisation and the split (integer ≥ 0)', ref: 'seed' },
  lrSchedule: { s: 'optimizer', what: 'none, step, exponential, cosine or multistep', ref: 'lr_decay_type' },
  lrDecayRate: { s: 'optimizer', what: 'γ of step/exponential/multistep (> 0; per epoch for exponential)', ref: 'lr_decay_rate' },
  lrDecayStep: { s: 'optimizer', what: 'epochs per decay of the step schedule (integer ≥ 1)', ref: 'lr_decay_step' },
  lrMilestones: { s: 'optimizer', what: 'epochs of the multistep decays, comma-separated', ref: 'lr_decay_milestones' },
  evalEvery: { s: 'cadence', what: 'epochs between test-set evaluations (integer ≥ 1)', ref: 'none: evaluates every epoch' },
  diagEvery: { s: 'cadence', what: 'epochs between Li2 diagnostics: ‖G_F‖, ΔW, ΔV, Gram diagonality, norms (integer ≥ 1)', ref: 'none: evaluates every epoch' },
  diagSample: { s: 'cadence', what: 'above this many samples or nodes the Gram statistics use a seeded subsample (integer ≥ 2)', ref: 'none: always the full n×n' },
  checkpoints: { s: 'cadence', what: 'scheduled weight checkpoints (with spectra), half log-, half evenly spaced over the run; stage onsets and first test-accuracy crossings are always added (integer ≥ 0)', ref: 'save_interval, init_save_range' },
  resumeEvery: { s: 'cadence', what: 'epochs between resume states: at most this much work is redone after a crash (integer ≥ 1)', ref: 'none' },
  backend: { s: 'cadence', what: 'auto, tensorflow-gpu, webgpu, tensorflow, wasm or cpu (auto: the fastest installed; webgpu only on a hardware adapter unless named)', ref: 'none: CUDA only' },
  stopWhen: {
    s: 'cadence',
    what: 'early stopping: off; auto (= grok:3,memorized:800,collapsed:200, the sweep presets\' default); or a comma list of grok:N (test acc ≥ 0.95 at N evaluations in a row), memorized:N (train acc ≥ 0.99, test acc below 0.95 and within 0.01 for N epochs), collapsed:N (at the zero-output loss, train acc ≤ 3/M, for N epochs after leaving it); the run stays finished and stores stopped_early {rule, condition, epoch}',
    ref: 'none: always trains every epoch',
  },
}

const SECTIONS: [Knob['s'], string][] = [
  ['task', 'task'], ['split', 'split (set one of --train-frac, --train-count, --critical-delta)'], ['model', 'model'],
  ['optimizer', 'optimization'], ['cadence', 'logging, checkpoints and backend'],
]

/** The `li2 train --help` text: usage, then per section each knob with its default, meaning, range and reference name. */
export function trainHelp(): string {
  const out = [
    'usage: li2 train [knobs] [--config FILE.json] [--db PATH] [--json] [--quiet]',
    '',
    "Trains one run and stores it. With no knobs: the paper's Fig. 3 top row (Z_71, K 2048, 40% of the pairs, Adam lr 1e-3, wd 2e-4).",
    '--config FILE.json holds {"flag-name": value, …}; flags given on the command line override it.',
    'Each knob: --flag=default  what it sets (unit or range)  [ref: its name in the reference code\'s config, dyn_madd.yaml]',
  ]
  for (const [s, title] of SECTIONS) {
    const keys = (Object.keys(KNOBS) as ConfigKey[]).filter((k) => KNOBS[k].s === s)
    out.push('', `${title}:`, ...legend(keys.map((k) => [`--${flagName(k)}=${fmtDefault(DEFAULT_CONFIG[k])}`, `${KNOBS[k].what}  [ref: ${KNOBS[k].ref}]`]), 2))
  }
  return out.join('\n') + '\n'
}

function fmtDefault(v: unknown): string {
  return Array.isArray(v) ? v.join(',') : v === null ? 'null' : String(v)
}
