/** Every training knob in one typed object with its default, and the validator that names the field and rule.
 *  Defaults reproduce the paper's Fig. 3 top row (li2-theory.md §7); the reference-code defaults differ where noted. */
import { parseStopRule } from './earlyStop'
import { ValidationError } from './errors'
import './groups/catalog' // registers catalog names with groupOrder / resolveGroup
import { groupOrder } from './groups/registry'
import { formatBytes, LIMITS } from './limits'

export const ACTIVATIONS = ['sqr', 'relu', 'silu', 'relusqr'] as const
export const LOSSES = ['mse', 'ce'] as const
export const OPTIMIZERS = ['adam', 'adamw', 'sgd', 'muon'] as const
export const SCHEDULES = ['none', 'step', 'exponential', 'cosine', 'multistep'] as const
export const BACKENDS = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const

export type Activation = (typeof ACTIVATIONS)[number]
export type LossName = (typeof LOSSES)[number]
export type OptimizerName = (typeof OPTIMIZERS)[number]
export type ScheduleName = (typeof SCHEDULES)[number]
export type BackendName = (typeof BACKENDS)[number]

export interface TrainConfig {
  /** Group spec: "71", "4x7", "D7", "Q8", "SmallGroup(24,3)", or "table:PATH" for an imported Cayley table. */
  group: string
  /** z = f(x, y) mod M over Z_M instead of the group product (reference `expression`), e.g. "x^2+x*y+y^2". */
  expression: string | null
  /** q, the number of operands (reference `num_of_ops`). */
  ops: number
  /** K, hidden width (reference default 512; Fig. 3 uses 2048). */
  hidden: number
  act: Activation
  /** "mse" is the reference's projected MSE; "ce" is its `nll` (softmax cross-entropy). Fig. 3 uses mse. */
  loss: LossName
  optim: OptimizerName
  lr: number
  /** Weight decay η: coupled L2 for adam/sgd, decoupled for adamw and Muon's W. Fig. 3 top row: 2e-4. */
  wd: number
  /** Full-batch steps. */
  epochs: number
  seed: number
  /** Exactly one of trainFrac, trainCount, criticalDelta selects the split. */
  trainFrac: number | null
  trainCount: number | null
  /** δ in p = c·(mult − δ)·ln|G|/|G| (reference `use_critical_ratio`). */
  criticalDelta: number | null
  criticalMultiplier: number
  /** Extra residual layers x ← σ(x + U x) (reference `other_layers`). */
  residualLayers: number
  /** η of the ridge top layer (reference `set_weight_reg`); null = off. Requires mse. */
  ridgeEta: number | null
  topInitMult: number
  outputMult: number
  lrSchedule: ScheduleName
  lrDecayRate: number
  lrDecayStep: number
  lrMilestones: number[]
  /** Test-set evaluation cadence in epochs (train metrics come free with every step). */
  evalEvery: number
  /** Li2 diagnostics cadence (‖G_F‖, ΔW, ΔV, Gram diagonality, norms). */
  diagEvery: number
  /** Above this many nodes or samples the Gram statistics use a seeded random subsample of this size. */
  diagSample: number
  /** Scheduled weight checkpoints (with spectra): about this many, half log-spaced and half evenly spaced over the
   *  run, besides epoch 0, the final epoch, and one at each stage onset and first test-accuracy crossing (0.5/0.9/0.99). */
  checkpoints: number
  /** Resume state (weights + optimizer) is written at most this many epochs apart. */
  resumeEvery: number
  backend: BackendName
  /** Early stopping (core/earlyStop): off, auto, or a comma list of grok:N, memorized:N, collapsed:N. Absent in configs
   *  stored before it existed, which read as off. */
  stopWhen: string
}

export const DEFAULT_CONFIG: Readonly<TrainConfig> = Object.freeze({
  group: '71',
  expression: null,
  ops: 2,
  hidden: 2048,
  act: 'sqr',
  loss: 'mse',
  optim: 'adam',
  lr: 1e-3,
  wd: 2e-4,
  epochs: 3000, // reference default num_epochs
  seed: 0,
  trainFrac: 0.4, // n = 2016 of 71² (Fig. 3)
  trainCount: null,
  criticalDelta: null,
  criticalMultiplier: 2.7482,
  residualLayers: 0,
  ridgeEta: null,
  topInitMult: 1,
  outputMult: 1,
  lrSchedule: 'none',
  lrDecayRate: 0.1,
  lrDecayStep: 1000,
  lrMilestones: [1000],
  evalEvery: 10, // a test forward costs ~60% of a step on wasm (Z_71); 10 keeps the grokking epoch to ±10
  diagEvery: 10,
  diagSample: 512,
  checkpoints: 50, // instead of the reference's save_interval 1000: that misses grokking windows; ≈ 1.75 MB each at Z_71, K 2048
  resumeEvery: 50,
  backend: 'auto',
  stopWhen: 'off', // a single run trains its whole budget unless asked; sweep presets set auto
}) as Readonly<TrainConfig>

export type ConfigKey = keyof TrainConfig

/** The flag / JSON key for a config field: camelCase → kebab-case ("trainFrac" → "train-frac"). */
export function flagName(key: ConfigKey): string {
  return key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())
}

const KEY_BY_FLAG = new Map<string, ConfigKey>(
  (Object.keys(DEFAULT_CONFIG) as ConfigKey[]).map((k) => [flagName(k), k]),
)

/** Resolves a flag or JSON key ("train-frac" or "trainFrac") to its config field, or null. Own keys only, so
 *  "toString", "constructor" or "__proto__" are unknown options, not inherited ones. */
export function configKey(name: string): ConfigKey | null {
  if (KEY_BY_FLAG.has(name)) return KEY_BY_FLAG.get(name)!
  return Object.hasOwn(DEFAULT_CONFIG, name) ? (name as ConfigKey) : null
}

const SPLIT_KEYS: ConfigKey[] = ['trainFrac', 'trainCount', 'criticalDelta']

/** Merges partial input over the defaults and validates it. Setting one split key clears the default trainFrac. */
export function resolveConfig(input: Record<string, unknown>, base: Readonly<TrainConfig> = DEFAULT_CONFIG): TrainConfig {
  const out: Record<string, unknown> = { ...base, lrMilestones: [...base.lrMilestones] } // only configKey()'s own keys are written
  const given = new Map<ConfigKey, string>() // field → the name it was given as
  for (const [name, value] of Object.entries(input)) {
    const key = configKey(name)
    if (!key) throw new ValidationError(name.trim() === '' ? 'config' : name, `unknown option ${JSON.stringify(name)} (known: ${[...KEY_BY_FLAG.keys()].join(', ')})`)
    const prev = given.get(key)
    if (prev !== undefined) throw new ValidationError(flagName(key), `given twice, as ${JSON.stringify(prev)} and ${JSON.stringify(name)} (keep one)`)
    given.set(key, name)
    out[key] = coerce(key, value)
  }
  if (SPLIT_KEYS.some((k) => given.has(k))) for (const k of SPLIT_KEYS) if (!given.has(k)) out[k] = null
  const cfg = out as unknown as TrainConfig
  validateConfig(cfg)
  return cfg
}

function coerce(key: ConfigKey, value: unknown): unknown {
  const def = DEFAULT_CONFIG[key]
  const f = flagName(key)
  if (value === null && (key === 'trainFrac' || key === 'trainCount' || key === 'criticalDelta' || key === 'ridgeEta' || key === 'expression')) return null
  if (Array.isArray(def)) {
    const arr = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean).map(Number) : value
    if (!Array.isArray(arr) || arr.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw new ValidationError(f, 'must be a list of numbers')
    return arr
  }
  if (typeof def === 'number' || key === 'trainFrac' || key === 'trainCount' || key === 'criticalDelta' || key === 'ridgeEta') {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new ValidationError(f, `must be a finite number (got ${JSON.stringify(value)})`)
    return n
  }
  if (typeof value === 'number' && key === 'group') return String(value)
  if (typeof value !== 'string') throw new ValidationError(f, `must be a string (got ${JSON.stringify(value)})`)
  return value
}

function oneOf<T extends string>(key: ConfigKey, v: string, allowed: readonly T[]): void {
  if (!(allowed as readonly string[]).includes(v)) throw new ValidationError(flagName(key), `must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`)
}

function intAtLeast(cfg: TrainConfig, key: ConfigKey, min: number, max: number = LIMITS.maxInt): void {
  const v = cfg[key] as number
  if (!Number.isInteger(v) || v < min) throw new ValidationError(flagName(key), `must be an integer ≥ ${min} (got ${v})`)
  if (v > max) throw new ValidationError(flagName(key), `must be an integer ≤ ${max} (got ${v})`)
}

/** Estimated peak tensor bytes of one run (float32): loss targets and indices for all M^q samples; a step's activations,
 *  6 K-wide (+4 per residual layer) and 4 M-wide values per sample, counted over all samples because wasm's heap keeps
 *  the high-water mark of the train step and the test pass; parameters with their gradient, two optimizer slots and a
 *  temporary. Measured on Z_97 (li2 train, RSS above the ~210 MB process baseline): K = 2048 → 0.39 GB (estimate 0.49),
 *  K = 8192 → 1.5 GB (estimate 1.9). */
export function runBytes(d: { M: number; q: number; K: number; residualLayers: number }): number {
  const N = d.M ** d.q
  const perSample = d.M + d.q + 1 + (6 + 4 * d.residualLayers) * d.K + 4 * d.M
  const params = (d.q + 1) * d.M * d.K + d.residualLayers * d.K * d.K
  return 4 * (N * perSample + 5 * params)
}

/** Refuses a run the machine cannot hold, naming the limit: group order (character tables), samples M^q, and the memory
 *  estimate (runBytes). `kind` 'expression' skips the order rule (no group, no character table). */
export function checkRunSize(cfg: Pick<TrainConfig, 'hidden' | 'ops' | 'residualLayers'>, M: number, kind: 'group' | 'expression'): void {
  if (kind === 'group' && M > LIMITS.maxTrainOrder) {
    throw new ValidationError('group', `order ${M} is above ${LIMITS.maxTrainOrder}, the largest group a run trains on (each run computes the group's character table for its feature spectra)`)
  }
  const N = M ** cfg.ops
  if (N > LIMITS.maxSamples) {
    throw new ValidationError(cfg.ops > 2 ? 'ops' : 'group', `M^q = ${M}^${cfg.ops} = ${N.toPrecision(3)} samples is above the limit of ${LIMITS.maxSamples}`)
  }
  const dims = { M, q: cfg.ops, K: cfg.hidden, residualLayers: cfg.residualLayers }
  const bytes = runBytes(dims)
  if (bytes <= LIMITS.maxRunBytes) return
  const fits = (K: number) => runBytes({ ...dims, K }) <= LIMITS.maxRunBytes
  if (!fits(1)) {
    throw new ValidationError(cfg.ops > 2 ? 'ops' : 'group', `M = ${M}, q = ${cfg.ops} needs about ${formatBytes(runBytes({ ...dims, K: 1 }))} of tensor memory even at K = 1, above the ${formatBytes(LIMITS.maxRunBytes)} a run may use`)
  }
  let lo = 1, hi = cfg.hidden // largest K that fits: fits(lo), !fits(hi)
  while (hi - lo > 1) { const mid = Math.floor((lo + hi) / 2); if (fits(mid)) lo = mid; else hi = mid }
  throw new ValidationError('hidden', `K = ${cfg.hidden} with M = ${M}, q = ${cfg.ops} needs about ${formatBytes(bytes)} of tensor memory, above the ${formatBytes(LIMITS.maxRunBytes)} a run may use (K ≤ ${lo} fits)`)
}

/** M of a config's task when the name says it without building anything (cyclic, catalog, expression modulus); else null. */
function taskOrder(cfg: TrainConfig): number | null {
  if (cfg.expression !== null) { const M = Number(cfg.group.trim()); return Number.isInteger(M) ? M : null }
  return groupOrder(cfg.group)
}

/** Throws a ValidationError naming the first field that breaks its rule. Group existence is checked by the task builder. */
export function validateConfig(cfg: TrainConfig): void {
  if (typeof cfg.group !== 'string' || cfg.group.trim() === '') throw new ValidationError('group', 'must be a non-empty group name such as 71, 4x7 or D7')
  const cyc = /^\s*(\d+)\s*$/.exec(cfg.group)
  if (cyc && Number(cyc[1]) < 2) throw new ValidationError('group', `M must be ≥ 2 (got ${cyc[1]})`)
  intAtLeast(cfg, 'ops', 2)
  intAtLeast(cfg, 'hidden', 1, LIMITS.maxHidden)
  oneOf('act', cfg.act, ACTIVATIONS)
  oneOf('loss', cfg.loss, LOSSES)
  oneOf('optim', cfg.optim, OPTIMIZERS)
  oneOf('lrSchedule', cfg.lrSchedule, SCHEDULES)
  oneOf('backend', cfg.backend, BACKENDS)
  if (!(cfg.lr > 0)) throw new ValidationError('lr', `must be > 0 (got ${cfg.lr})`)
  if (!(cfg.wd >= 0)) throw new ValidationError('wd', `must be ≥ 0 (got ${cfg.wd})`)
  intAtLeast(cfg, 'epochs', 1)
  intAtLeast(cfg, 'seed', 0, LIMITS.maxSeed)
  const splits = SPLIT_KEYS.filter((k) => cfg[k] !== null)
  if (splits.length !== 1) throw new ValidationError('train-frac', `set exactly one of --train-frac, --train-count, --critical-delta (got ${splits.map(flagName).join(', ') || 'none'})`)
  if (cfg.trainFrac !== null && !(cfg.trainFrac > 0 && cfg.trainFrac < 1)) throw new ValidationError('train-frac', `must be in (0, 1) (got ${cfg.trainFrac})`)
  if (cfg.trainCount !== null) intAtLeast(cfg, 'trainCount', 1)
  if (!(cfg.criticalMultiplier > 0)) throw new ValidationError('critical-multiplier', 'must be > 0')
  intAtLeast(cfg, 'residualLayers', 0)
  if (cfg.ridgeEta !== null) {
    if (!(cfg.ridgeEta >= 0)) throw new ValidationError('ridge-eta', `must be ≥ 0 (got ${cfg.ridgeEta})`)
    if (cfg.loss !== 'mse') throw new ValidationError('ridge-eta', 'requires --loss mse (as the reference asserts)')
  }
  if (!(cfg.topInitMult > 0)) throw new ValidationError('top-init-mult', 'must be > 0')
  if (!(cfg.outputMult > 0)) throw new ValidationError('output-mult', 'must be > 0')
  if (!(cfg.lrDecayRate > 0)) throw new ValidationError('lr-decay-rate', 'must be > 0')
  intAtLeast(cfg, 'lrDecayStep', 1)
  for (const k of ['evalEvery', 'diagEvery', 'resumeEvery'] as const) intAtLeast(cfg, k, 1)
  intAtLeast(cfg, 'diagSample', 2)
  intAtLeast(cfg, 'checkpoints', 0)
  parseStopRule(cfg.stopWhen) // names the bad part on field stop-when
  if (cfg.expression !== null && !/^[\sxy0-9+\-*^()]+$/.test(cfg.expression)) throw new ValidationError('expression', 'may use only x, y, integers, + - * ^ and parentheses')
  const M = taskOrder(cfg)
  if (M !== null) checkRunSize(cfg, M, cfg.expression !== null ? 'expression' : 'group')
}
