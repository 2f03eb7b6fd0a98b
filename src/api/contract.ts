/** The one typed service contract every host speaks (Electron IPC, HTTP/WebSocket, CLI): methods, their argument
 *  schemas, events and errors. Pure TypeScript: the renderer imports this file and nothing else from src/. */

export type RunStatus = 'queued' | 'running' | 'finished' | 'diverged' | 'interrupted' | 'cancelled' | 'failed'

// ---- the choice lists forms and hosts need, written once here (core's config checks the same values; a test keeps them equal) ----
/** Every run status, in lifecycle order. */
export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'finished', 'diverged', 'interrupted', 'cancelled', 'failed']
/** The optimizers a run may use (`--optim`). */
export const OPTIMIZERS = ['adam', 'adamw', 'sgd', 'muon'] as const
/** The hidden activations σ (`--act`); the energy census takes the same names. */
export const ACTIVATIONS = ['sqr', 'relu', 'silu', 'relusqr'] as const
/** The losses (`--loss`). */
export const LOSSES = ['mse', 'ce'] as const
/** Training backends (core's BACKENDS): `auto` picks tfjs-node-gpu → webgpu (hardware adapter) → tfjs-node → wasm → cpu. */
export const BACKENDS = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const
/** Every `li2 train` flag, one per config knob, in core's DEFAULT_CONFIG order (the start-run form's keys; a test keeps them equal). */
export const CONFIG_FLAGS = [
  'group', 'expression', 'ops', 'hidden', 'act', 'loss', 'optim', 'lr', 'wd', 'epochs', 'seed', 'train-frac', 'train-count',
  'critical-delta', 'critical-multiplier', 'residual-layers', 'ridge-eta', 'top-init-mult', 'output-mult', 'lr-schedule',
  'lr-decay-rate', 'lr-decay-step', 'lr-milestones', 'eval-every', 'diag-every', 'diag-sample', 'checkpoints', 'resume-every', 'backend',
  'stop-when',
] as const
/** The prefix of a group read from a Cayley table file (`table:PATH`). */
export const TABLE_PREFIX = 'table:'
/** The largest seed (seeds are uint32). */
export const MAX_SEED = 4294967295
/** The sweep presets (`li2 sweep run --preset`), and their scales. */
export const SWEEP_PRESETS = ['tiny', 'fig5-prime', 'fig5-composite', 'fig5-product', 'fig5-nonabelian'] as const
export const SWEEP_SCALES = ['quick', 'paper'] as const
/** The export formats of exportRun. */
export const EXPORT_FORMATS = ['csv', 'json'] as const

/** Start-run form input: the `li2 train` flag names as keys (e.g. "train-frac"), values as numbers or strings. */
export type RunInput = Record<string, string | number | null>

export interface StageMarks { I: number | null; II: number | null; III: number | null; rule: string }

/** How a run came out under the default outcome rule (runner/outcomes: generalized when test acc ≥ 0.95, memorized when
 *  train acc ≥ 0.99 below that, diverged on a non-finite loss); unfinished: still training, stopped, or in between. */
export type RunOutcomeName = 'generalized' | 'memorized' | 'diverged' | 'unfinished' | 'collapsed'
/** collapsed: finished at the zero-output loss with train acc near chance (runner/outcomes; left out of the boundary fit). */
export const RUN_OUTCOMES: readonly RunOutcomeName[] = ['generalized', 'memorized', 'diverged', 'unfinished', 'collapsed']

export interface RunSummary {
  id: number
  status: RunStatus
  group: string
  hidden: number
  optim: string
  lr: number
  wd: number
  seed: number
  trainFrac: number | null
  epochsDone: number
  totalEpochs: number
  backend: string | null
  createdAt: number
  finishedAt: number | null
  msPerStep: number | null
  final: { train_acc: number; test_acc: number; train_loss: number; test_loss: number } | null
  sweepId: number | null
  /** A name beside the id, or null. */
  label: string | null
  /** Tags, sorted. */
  tags: string[]
  /** When the run went to the trash (ms since the epoch), or null while it is live. */
  deletedAt: number | null
  /** The task's activation, loss and expression (for filters and Compare's legend). */
  act: string
  loss: string
  expression: string
  /** Outcome under the default rule, and the first epoch with test acc ≥ its grok threshold (0.95), or null. */
  outcome: RunOutcomeName
  timeToGrok: number | null
}

/** The longest tag and label setTags and setLabel accept. */
export const MAX_TAG = 64
export const MAX_LABEL = 200

/** listRuns' filters: a tag, the trash instead of the live runs, free text over config and label. */
export interface RunFilters {
  status?: RunStatus
  sweepId?: number
  tag?: string
  /** true: only trashed runs; absent or false: only live ones. */
  trashed?: boolean
  /** Case-insensitive text searched in the config JSON and the label. */
  q?: string
  limit?: number
}

export interface RunDetail extends RunSummary {
  config: Record<string, unknown>
  backendVersion: string | null
  stages: StageMarks | null
  summary: Record<string, unknown> | null
  notes: string
  /** The process that holds the run while it trains (queued or running), if any. */
  ownerPid?: number | null
  error: string | null
  checkpoints: number[]
}

/** A run as stored (the store's row, with a summary derived from its metrics where it ended without one): what
 *  `li2 show --json` and `li2 runs` read. `unreadable` says why part of the row could not be read. */
export interface RunRecord {
  id: number
  createdAt: number
  updatedAt: number
  status: RunStatus
  config: Record<string, unknown>
  groupName: string | null
  seed: number | null
  backend: string | null
  backendVersion: string | null
  startedAt: number | null
  finishedAt: number | null
  epochsDone: number
  totalEpochs: number | null
  msPerStep: number | null
  stages: unknown
  summary: Record<string, unknown> | null
  notes: string | null
  error: string | null
  sweepId: number | null
  ownerPid: number | null
  ownerHost: string | null
  heartbeatAt: number | null
  unreadable: string | null
}

/** Column-wise metrics for plotting: each key is an array aligned with `epoch`. */
export type MetricSeries = Record<string, (number | null)[]> & { epoch: number[] }

/** One metric of one run as drawn: the epochs kept and their values (null where the metric was not measured). */
export interface SampledSeries { epoch: number[]; value: (number | null)[] }

/** getMetricsMany's answer for one run: each asked column downsampled on its own to the point budget. */
export interface RunSeries {
  id: number
  columns: Record<string, SampledSeries>
  /** Stored rows in the asked epoch range (before downsampling). */
  rows: number
  /** True when some column kept fewer points than it has in the range (min–max per bucket: spikes survive). */
  downsampled: boolean
}

/** The most runs and columns one getMetricsMany call takes, and its largest point budget per series. */
export const MAX_SERIES_RUNS = 500
export const MAX_SERIES_COLUMNS = 16
export const MAX_SERIES_POINTS = 100000

export interface RunProgress {
  runId: number
  epoch: number
  totalEpochs: number
  train_loss: number
  train_acc: number
  /** The latest evaluated test accuracy (every eval-every epochs), measured at epoch test_epoch. */
  test_acc: number | null
  test_epoch?: number | null
  msPerStep: number
}

export interface RunFinished {
  runId: number
  status: RunStatus
}

/** Events pushed by the service (WebSocket on the headless host, IPC on Electron). */
export interface ServiceEvents {
  onRunProgress: RunProgress
  onRunFinished: RunFinished
  onSweepProgress: SweepProgress
  onCensusProgress: CensusProgress
}
export type EventName = keyof ServiceEvents
// a Record, so that a new event added to ServiceEvents fails to compile until it is listed (every host forwards this list)
const EVENT_SET: Record<EventName, true> = { onRunProgress: true, onRunFinished: true, onSweepProgress: true, onCensusProgress: true }
/** Every event, as hosts forward them (WebSocket, IPC, preload). */
export const EVENT_NAMES = Object.keys(EVENT_SET) as EventName[]

export interface GroupEntry {
  name: string
  order: number
  description: string
  abelian: boolean
  irrepDegrees?: number[]
  smallgroupId?: [number, number]
}

/** One irrep of `getGroup`: name, degree, Frobenius–Schur indicator, kind, and its characters on the classes. */
export interface IrrepFacts {
  index: number
  name: string
  degree: number
  frobenius_schur: number
  kind: string
  conjugate: string
  /** The real irrep (a complex one with its conjugate) that features and the energy census report. */
  real_class: string
  characters: { re: number; im: number }[]
}

/** `getGroup`: the facts `li2 groups show` prints. */
export interface GroupFacts {
  name: string
  gap_name: string | null
  description: string | null
  order: number
  abelian: boolean
  class_sizes: number[]
  classes: { size: number; representative: number }[]
  irreps: IrrepFacts[]
  irrep_degrees: number[]
  frobenius_schur: number[]
}

/** Per-node irrep spectra of one checkpoint (core's FeatureSpectra), with the epoch answered and the one asked for
 *  when no spectra were stored there (`requested_epoch`; null when answered exactly or for the latest). */
export interface FeatureSpectra {
  epoch: number
  requested_epoch: number | null
  group: string
  K: number
  q: number
  irreps: Array<{ label: string; degree: number; kind: string; dim: number }>
  dominant: number[]
  purity: number[]
  participation: number[]
  elementSpread: number[]
  outputDominant: number[]
  outputPurity: number[]
  power?: number[][]
  summary: {
    pureThreshold: number
    pureShare: number
    irrepsCovered: number[]
    nonTrivialIrreps: number
    pureNodesPerIrrep: number[]
    dominantNodesPerIrrep: number[]
    powerWeightedPurity: number
    powerPerIrrep: number[]
  }
}

/** Lemma 1 on a checkpoint's features (core/theory/lazyStage's LazyStageReport). */
export interface LazyStageReport {
  n: number; K: number; M: number; eta: number
  gradNorm: number
  labelTermNorm: number
  residualShare: number
  lemma1Error: number | null
  stageII: { c: number; scalar: number; cosine: number; relError: number }
  diagonality: { FtF: number; FFt: number } | null
}

/** Theorem 6's sign rule on the most similar node pairs (core/theory/interaction's InteractionReport). */
export interface InteractionReport {
  n: number; K: number; eta: number
  method: 'direct' | 'woodbury'
  pairs: { j: number; l: number; cosine: number; b_jl: number; projectedInner: number; predictedSign: number; holds: boolean }[]
  holdShare: number
  repulsionShare: number
}

/** `getTheory`: the theory applied to one checkpoint's hidden features F. */
export interface TheoryReport {
  run_id: number
  epoch: number
  requested_epoch: number | null
  eta: number
  samples: number
  nodes: number
  subsampled: boolean
  lazy_stage: LazyStageReport
  interaction: InteractionReport
  /** The run's epochs, weight decay and stage onsets, for reading the numbers. */
  epochs: number
  wd: number
  stages: { I: number | null; II: number | null; III: number | null } | null
}

/** One distinct local maximum of E(w) found by `energyCensus`. */
export interface EnergyMaximum {
  E: number
  /** Full-table, σ = x², ‖w‖ = 1 height of a feature maximum (M/(2d) real, M/(4d) complex or quaternionic); null otherwise. */
  E_star: number | null
  /** The irrep holding most of w's power (null for memorization). */
  irrep: string | null
  degree: number | null
  kind: string
  purity: number
  participation_ratio: number
  count: number
  frequency: number
  E_spread: number
}

/** `energyCensus`: the local maxima of E(w) on the unit sphere from seeded restarts (Thm 1, 2, 4, 5). */
export interface EnergyCensus {
  command: 'energy'
  group: string
  M: number
  act: string
  train_frac: number
  n: number
  restarts: number
  seed: number
  p_c: number
  c_G: number
  p_over_p_c: number
  feature_share: number
  memorization_share: number
  mixed_share: number
  unconverged: number
  steps: number
  ms: number
  maxima: EnergyMaximum[]
  /** Pairs in the full table, the share of them used, and inputs of w (q·M): context, not part of `li2 energy --json`. */
  N: number
  fraction: number
  dim: number
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'

/** Where a sweep stands: training on this host's workers, paused here, queued with nothing training it, or ended. */
export type SweepState = 'running' | 'paused' | 'idle' | 'done'
/** What controlSweep does: start (or resume) training the queued jobs here in the background, pause (runs in flight are
 *  interrupted and go back to the queue with their resume state), cancel (queued jobs and runs in flight), retry
 *  (failed and cancelled jobs back to the queue, then start). */
export const SWEEP_ACTIONS = ['start', 'pause', 'cancel', 'retry'] as const
export type SweepAction = (typeof SWEEP_ACTIONS)[number]

// ---- stored energy censuses (the Energy page) ----

export type CensusStatus = 'running' | 'done' | 'failed' | 'cancelled'
/** Every census status (the store's CHECK has the same list; a test keeps them equal). */
export const CENSUS_STATUSES: readonly CensusStatus[] = ['running', 'done', 'failed', 'cancelled']
/** The most restarts one census takes, and the most training fractions in one p-scan. */
export const MAX_CENSUS_RESTARTS = 100000
export const MAX_SCAN_POINTS = 40

/** A census's inputs as stored, with defaults filled in (a table's text is kept for recomputing, not sent back). */
export interface CensusInputs {
  /** The group spec, or the Cayley table file's name when `fromTable`. */
  group: string
  fromTable: boolean
  trainFrac: number
  act: string
  restarts: number
  seed: number
  maxSteps: number
  /** The training fractions of a p-scan, or null for a single census. */
  pScan: number[] | null
}

/** A p-scan: where the restarts end as the training fraction p falls, against p_c = c_G·2.7482·ln M/M (Thm 4). */
export interface CensusScan {
  group: string
  M: number
  p_c: number
  c_G: number
  /** Largest p first. */
  points: { p: number; n: number; feature_share: number; memorization_share: number; mixed_share: number; maxima: number; unconverged: number }[]
}

/** One stored census: its inputs, progress and, once done, its result (single census) or scan (p-scan). */
export interface CensusRecord {
  id: number
  createdAt: number
  finishedAt: number | null
  status: CensusStatus
  /** The group's name as the census reports it (Z_11, D7, table:FILE). */
  group: string
  inputs: CensusInputs
  /** Restarts done and to do, over every p of a scan. */
  done: number
  total: number
  result: EnergyCensus | null
  scan: CensusScan | null
  error: string | null
}

/** `onCensusProgress`: restarts done, and the status (the last event of a census has its final status). */
export interface CensusProgress { id: number; done: number; total: number; status: CensusStatus }

/** `energySlice`: E on the great 2-sphere through one maximum w*, w(a, b) = cos a·cos b·w* + sin a·cos b·d1 + sin b·d2. */
export interface EnergySlice {
  id: number
  /** The maximum's index in the census's `maxima` (0-based). */
  maximum: number
  /** Angles in degrees; the centre (0, 0) is w*. */
  a: number[]
  b: number[]
  /** E[ib][ia]. */
  E: number[][]
  /** E(w*), and E* of that maximum (null when it is not a feature). */
  E_center: number
  E_star: number | null
  /** What d1 and d2 are: toward another maximum of the census (it lies on the grid at its angle) or seeded random. */
  directions: { d1: string; d2: string }
  /** The angle (degrees) at which the other maximum lies along a, when d1 points to one; else null. */
  other_at: number | null
}

/** One sweep with its job counts. */
export interface SweepSummary {
  id: number
  name: string
  createdAt: number
  counts: Record<JobStatus, number>
  state: SweepState
  /** Estimated time to finish while it trains here, or null. */
  etaMs: number | null
  description: string | null
}

/** `sweepStatus`: one sweep's counts, the jobs running now (with their run's progress) and the first failures. */
export interface SweepStatus extends SweepSummary {
  running: { jobId: number; runId: number | null; epochsDone: number | null; totalEpochs: number | null; claimedBy: string | null }[]
  failed: { jobId: number; runId: number | null; error: string | null }[]
}

/** One Slurm array task of a sweep: Slurm's state (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, …; UNKNOWN once
 *  the controller forgot it and no status file says how it ended), exit code, and its runs' progress from its status file. */
export interface SlurmTaskStatus {
  task: number
  runs: number
  state: string
  reason: string
  exitCode: number | null
  signal: number | null
  jobId: number
  done: number
  failed: number
  active: { epoch: number; totalEpochs: number }[]
  error: string | null
}

/** `slurmSweepStatus`: a sweep run through Slurm (`li2 sweep run --executor slurm`): its folder, array job ids and tasks. */
export interface SlurmSweepStatus {
  executor: 'slurm'
  sweepId: number
  name: string
  dir: string
  jobIds: number[]
  tasks: SlurmTaskStatus[]
  /** No task pending or running. */
  ended: boolean
}

/** A sweep spec as `li2 sweep run SPEC.json` reads it (fixed knobs, grid or random axes, seeds); checked by the service. */
export type SweepSpecInput = Record<string, unknown>

/** `planSweep`: a spec (from a preset or given) checked and expanded, before anything is stored. */
export interface SweepPlan {
  spec: SweepSpecInput
  runs: number
  /** Full-batch steps over all runs, and the cost model's wall time for `workers` workers. */
  steps: number
  estimateMs: number
  workers: number
}

/** `enqueueSweep`: what was queued; `elsewhere` counts this spec's runs already queued in another sweep (they run there). */
export interface SweepEnqueued {
  sweepId: number
  name: string
  total: number
  added: number
  skipped: number
  requeued: number
  elsewhere: { label: string; count: number }[]
}

/** `onSweepProgress` and `runSweep`'s result: a sweep's job counts, its runs in flight here, and an ETA once a run ended. */
export interface SweepProgress {
  sweepId: number
  total: number
  done: number
  failed: number
  cancelled: number
  queued: number
  running: number
  active: RunProgress[]
  etaMs: number | null
}

/** When a finished run counts as generalized or memorized (runner/outcomes). */
export interface OutcomeRule { testAcc: number; trainAcc: number; grokAcc: number; use: 'final' | 'max' }

/** `getPhase`: a sweep's memorization/generalization table, each group's boundary p* and the fit of c in p* = c·c_G·ln M/M. */
export interface PhaseReport {
  sweep: { id: number; name: string }
  rule: OutcomeRule
  cells: {
    group: string; M: number; p: number; runs: number; pending: number; generalized: number; memorized: number; diverged: number
    unfinished: number; success_rate: number | null; ttg_mean: number | null; ttg_se: number | null; ttg_n: number
    /** The cell's stored runs (Compare opens them). */
    runIds: number[]
    /** Runs at the zero-output state (runner/outcomes); out of success_rate and the boundary fit. */
    collapsed: number
  }[]
  boundaries: {
    group: string; M: number; C: number; p_c: number; runs: number; theory_p: number | null
    pStar: number | null; lo: number | null; hi: number | null; slope: number | null
    status: 'fit' | 'all-generalized' | 'none-generalized' | 'no-data'; separated: boolean
  }[]
  fit: { c: number | null; lo: number | null; hi: number | null; n: number; reference: number; theory_c: number | null }
  outcomes: Record<string, number>
}

/** The arrays of one weight checkpoint as stored (Wt [qM, K], V [M, K], Ut<l> [K, K]), row-major. */
export interface CheckpointArrays {
  runId: number
  epoch: number
  config: Record<string, unknown>
  status: RunStatus
  tensors: Record<string, { shape: number[]; data: number[] }>
}

/** `getNode`: one hidden node of one checkpoint (core/groups/nodeWeights). */
export interface NodeDetail {
  run_id: number
  epoch: number
  group: string
  node: number
  M: number
  K: number
  q: number
  /** inputs[b][x]: the node's weight on element x in operand slot b (u = inputs[0], v = inputs[1]; Wt's block b). */
  inputs: number[][]
  /** output[y] = V[y, node]. */
  output: number[]
  /** Per real irrep (index as getFeatures' irreps): input power summed over blocks, its share of the non-trivial input
   *  power, and the output weights' power. Empty for an expression task. */
  spectrum: { label: string; degree: number; kind: string; power: number; share: number; outputPower: number }[]
  /** Index into spectrum of the dominant non-trivial irrep (−1: none) and its share. */
  dominant: number
  purity: number
  /** For Z_M (elements are residues mod M): |DFT| of each input block and of the output at frequencies 0..⌊M/2⌋; else null. */
  dft: { inputs: number[][]; output: number[] } | null
}

// ---- the lab notebook: dated markdown entries with live embeds ----

/** What an embed shows: a run's chart, a Compare selection, a sweep's phase diagram, an energy census, a features
 *  heatmap, or an exported figure. */
export const EMBED_KINDS = ['run-chart', 'compare', 'phase', 'census', 'features', 'figure'] as const
export type EmbedKind = (typeof EMBED_KINDS)[number]
/** The fence language of an embed in an entry's markdown: a block ```li2 with one JSON object inside. */
export const EMBED_FENCE = 'li2'

/** One embed as written in an entry. `snapshot` is what it showed when it was made (a run's group and knobs), shown
 *  in its place when what it names is gone. */
export interface NotebookEmbed {
  kind: EmbedKind
  /** run-chart, features: the run; compare: the runs. */
  run?: number
  runs?: number[]
  /** run-chart: the chart (runCurves' id: loss, acc, gf, dwdv, gram, norms); compare: the metric. */
  chart?: string
  metric?: string
  /** phase: the sweep (id or name). */
  sweep?: string
  /** census: the stored census. */
  census?: number
  /** features: the checkpoint epoch (default: the latest). */
  epoch?: number
  /** figure: the files written and how they were made. */
  files?: string[]
  provenance?: Record<string, unknown>
  snapshot?: string
}

/** One piece of an entry's body: markdown text, or an embed (null with `error` when its block does not parse). */
export type EntryPart = { text: string } | { embed: NotebookEmbed | null; raw: string; error?: string }

/** Splits an entry's markdown into text and embeds (```li2 blocks), in order. */
export function parseEntryBody(body: string): EntryPart[] {
  const parts: EntryPart[] = []
  const lines = body.split('\n')
  let text: string[] = []
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```' + EMBED_FENCE) { text.push(lines[i]); continue }
    let j = i + 1
    while (j < lines.length && lines[j].trim() !== '```') j++
    if (text.length) parts.push({ text: text.join('\n') })
    text = []
    const raw = lines.slice(i + 1, j).join('\n')
    parts.push(readEmbed(raw))
    i = j
  }
  if (text.length) parts.push({ text: text.join('\n') })
  return parts
}

function readEmbed(raw: string): EntryPart {
  let v: unknown
  try { v = JSON.parse(raw) } catch (e) { return { embed: null, raw, error: `not JSON: ${(e as Error).message}` } }
  const o = v as Partial<NotebookEmbed> | null
  if (!o || typeof o !== 'object' || !EMBED_KINDS.includes(o.kind as EmbedKind)) return { embed: null, raw, error: `kind must be one of ${EMBED_KINDS.join(', ')}` }
  return { embed: o as NotebookEmbed, raw }
}

/** The markdown block that embeds `e`. */
export function embedBlock(e: NotebookEmbed): string {
  return '```' + EMBED_FENCE + '\n' + JSON.stringify(e) + '\n```'
}

/** Every run an entry's embeds name (run-chart, features, compare), each once, ascending. */
export function embeddedRunIds(body: string): number[] {
  const ids = new Set<number>()
  for (const p of parseEntryBody(body)) {
    if (!('embed' in p) || !p.embed) continue
    if (Number.isInteger(p.embed.run)) ids.add(p.embed.run!)
    for (const r of p.embed.runs ?? []) if (Number.isInteger(r)) ids.add(r)
    for (const r of (p.embed.provenance?.runs as number[] | undefined) ?? []) if (Number.isInteger(r)) ids.add(r)
  }
  return [...ids].sort((a, b) => a - b)
}

/** One notebook entry. */
export interface NotebookEntry {
  id: number
  createdAt: number
  updatedAt: number
  title: string
  topic: string
  body: string
  tags: string[]
  /** The runs its embeds name. */
  runIds: number[]
}

/** listEntries' answer: an entry and, when searched, a snippet with each match between NOTE_MARK.open and .close. */
export interface NotebookHit extends NotebookEntry { snippet: string | null }
export const NOTE_MARK = { open: '\u0001', close: '\u0002' } as const
/** The longest entry title and body, and the most tags. */
export const MAX_ENTRY_TITLE = 300
export const MAX_ENTRY_BODY = 1_000_000

/** Venue widths a figure may be exported at (the same list as api/figures/venues; a test keeps them equal). */
export const EXPORT_VENUES: readonly { name: string; label: string; widthIn: number }[] = [
  { name: 'neurips', label: 'NeurIPS text width', widthIn: 5.5 },
  { name: 'icml-single', label: 'ICML one column', widthIn: 3.25 },
  { name: 'icml-double', label: 'ICML two columns', widthIn: 6.75 },
  { name: 'ieee-single', label: 'IEEE one column', widthIn: 3.5 },
  { name: 'ieee-double', label: 'IEEE two columns', widthIn: 7.16 },
  { name: 'nature-single', label: 'Nature one column (89 mm)', widthIn: 89 * (1 / 25.4) },
  { name: 'nature-double', label: 'Nature two columns (183 mm)', widthIn: 183 * (1 / 25.4) },
]
export const EXPORT_FIGURE_FORMATS = ['svg', 'png', 'pdf'] as const

/** exportFigure's answer: the file (base64), its name and type, and the notebook entry that records it. */
export interface ExportedFigure { name: string; mime: string; base64: string; entryId: number }

/** The service: every method takes one JSON object and returns a JSON-serialisable value. */
export interface Li2Service {
  /** Runs matching the filters, newest first; trashed runs only with `trashed: true`. */
  listRuns(args: RunFilters): Promise<RunSummary[]>
  getRun(args: { id: number }): Promise<RunDetail>
  /** Stored runs as records, newest first (`li2 runs`). */
  listRunRecords(args: { status?: RunStatus; limit?: number }): Promise<RunRecord[]>
  /** One run as stored, with its checkpoint and spectra epochs (`li2 show`). */
  getRunRecord(args: { id: number }): Promise<RunRecord & { checkpoints: number[]; spectra_epochs: number[] }>
  getMetrics(args: { id: number; columns?: string[]; every?: number; from?: number }): Promise<MetricSeries>
  /** Metrics of many runs for drawing: each column of each run in the epoch range [from, to] downsampled to at most
   *  `points` points (default 2000) by min–max per bucket, so a spike survives; `downsampled` says when it did. Unknown
   *  ids are a not_found error naming `ids`. */
  getMetricsMany(args: { ids: number[]; columns: string[]; points?: number; from?: number; to?: number }): Promise<{ runs: RunSeries[] }>
  startRun(args: { config: RunInput }): Promise<{ id: number }>
  cancelRun(args: { id: number }): Promise<{ ok: true }>
  /** Continues a run from its resume state; `backend` switches it (e.g. to wasm after its WebGPU device was lost). */
  resumeRun(args: { id: number; backend?: string }): Promise<{ id: number }>
  /** Moves a run to the trash (restoreRun brings it back; emptyTrash deletes). A queued or training run is refused:
   *  cancel it first. */
  deleteRun(args: { id: number }): Promise<{ ok: true }>
  /** Takes a run out of the trash with everything it owns. */
  restoreRun(args: { id: number }): Promise<{ ok: true }>
  /** Deletes every trashed run for good; returns how many. */
  emptyTrash(args: Record<string, never>): Promise<{ deleted: number }>
  /** Deletes one trashed run for good (a live run must go to the trash first). */
  purgeRun(args: { id: number }): Promise<{ ok: true }>
  /** Replaces a run's tags (each trimmed, 1 to MAX_TAG characters; duplicates dropped). */
  setTags(args: { id: number; tags: string[] }): Promise<{ tags: string[] }>
  /** Sets a run's label; an empty one clears it. */
  setLabel(args: { id: number; label: string }): Promise<{ label: string | null }>
  /** Every tag on a live run, with how many carry it. */
  listTags(args: Record<string, never>): Promise<{ tag: string; runs: number }[]>
  setNotes(args: { id: number; notes: string }): Promise<{ ok: true }>
  /** Spectra at the stored epoch nearest `epoch` (default: the latest); `power: true` adds the per-node power table
   *  (`power[j][ρ]`, computed from the checkpoint's weights), which a heatmap of nodes × irreps needs. */
  getFeatures(args: { id: number; epoch?: number; power?: boolean }): Promise<FeatureSpectra>
  listGroups(args: { order?: number; maxDegree?: number; abelian?: boolean }): Promise<GroupEntry[]>
  /** One group's classes and irreps; `table` is a Cayley table's text (JSON, or CSV when `name` ends in .csv) named `name`. */
  getGroup(args: { name: string; table?: string }): Promise<GroupFacts>
  /** Lemma 1 and Theorem 6 on the checkpoint nearest `epoch` (default: the latest). */
  getTheory(args: { id: number; epoch?: number; eta?: number; pairs?: number; maxSamples?: number; maxNodes?: number }): Promise<TheoryReport>
  energyCensus(args: { group: string; trainFrac?: number; act?: string; restarts?: number; seed?: number; maxSteps?: number }): Promise<EnergyCensus>
  /** Checks the inputs (every broken field in `fields`, nothing stored on a refusal), stores a running census and runs it
   *  in a worker thread; progress on onCensusProgress. `table` is a Cayley table's text with `group` its file name;
   *  `pScan` runs one census per training fraction instead of one at `trainFrac`. */
  startCensus(args: { group: string; table?: string; trainFrac?: number; act?: string; restarts?: number; seed?: number; maxSteps?: number; pScan?: number[] }): Promise<{ id: number }>
  /** One stored census, as it stands (running, done, failed or cancelled). */
  getCensus(args: { id: number }): Promise<CensusRecord>
  /** Stored censuses, newest first. */
  listCensuses(args: { limit?: number }): Promise<CensusRecord[]>
  /** Stops a running census (it is kept, as cancelled). */
  cancelCensus(args: { id: number }): Promise<{ ok: true }>
  /** Deletes a census that is not running. */
  deleteCensus(args: { id: number }): Promise<{ ok: true }>
  /** E on a 2-D slice of the sphere through maximum `maximum` of a done census, `resolution` points per axis (default 41). */
  energySlice(args: { id: number; maximum: number; resolution?: number }): Promise<EnergySlice>
  listSweeps(args: Record<string, never>): Promise<SweepSummary[]>
  /** One sweep by id or name (default: the newest). */
  sweepStatus(args: { id?: number; name?: string }): Promise<SweepStatus>
  /** Checks and expands a spec (or a preset at a scale) without storing anything. */
  planSweep(args: { spec?: SweepSpecInput; preset?: string; scale?: 'quick' | 'paper'; workers?: number }): Promise<SweepPlan>
  /** Queues a sweep's runs as jobs (idempotent: a config already queued or run is skipped). */
  enqueueSweep(args: { spec?: SweepSpecInput; preset?: string; scale?: 'quick' | 'paper' }): Promise<SweepEnqueued>
  /** Trains a sweep's queued jobs on this host's workers until none is left; progress on onSweepProgress. */
  runSweep(args: { id: number }): Promise<SweepProgress>
  /** Starts, pauses, cancels or retries a sweep on this host and returns at once with its summary; progress on onSweepProgress. */
  controlSweep(args: { id: number; action: SweepAction }): Promise<SweepSummary>
  /** The phase report of a sweep (id or name); the rule's thresholds default to runner/outcomes' and `theory` adds the energy-only boundary. */
  getPhase(args: { sweep: string; testAcc?: number; trainAcc?: number; use?: 'final' | 'max'; theory?: boolean }): Promise<PhaseReport>
  /** A run's metrics (every column, every epoch) as CSV, or run plus metrics as JSON. */
  exportRun(args: { id: number; format: 'csv' | 'json' }): Promise<{ text: string }>
  /** The tensors of the checkpoint at `epoch` (default: the latest), for weight export. */
  getCheckpoint(args: { id: number; epoch?: number }): Promise<CheckpointArrays>
  defaults(args: Record<string, never>): Promise<Record<string, unknown>>
  /** One hidden node of the checkpoint stored at exactly `epoch`: its input weights per operand block, output weights,
   *  irrep spectrum and (for Z_M) DFT magnitudes. An epoch without a checkpoint or a node ≥ K is refused, naming the field. */
  getNode(args: { id: number; epoch: number; node: number }): Promise<NodeDetail>
  /** Many runs' records at once (Compare's config diff, stages and summary), in the order asked, each id once; an id
   *  with no run is left out (the caller compares what it asked with what came back). */
  getRuns(args: { ids: number[] }): Promise<RunDetail[]>
  /** A sweep's Slurm tasks (null for a sweep run on this host): asks the controller (scontrol) and reads the status files. */
  slurmSweepStatus(args: { id?: number; name?: string }): Promise<SlurmSweepStatus | null>
  /** Stores a notebook entry (its embeds' runs are recorded, so deleting one can warn). */
  createEntry(args: { title: string; topic?: string; body?: string; tags?: string[] }): Promise<NotebookEntry>
  /** Changes an entry's title, topic, body or tags (what is left out stays). */
  updateEntry(args: { id: number; title?: string; topic?: string; body?: string; tags?: string[] }): Promise<NotebookEntry>
  deleteEntry(args: { id: number }): Promise<{ ok: true }>
  getEntry(args: { id: number }): Promise<NotebookEntry>
  /** Entries, newest first; `q` searches title, topic, body and tags (FTS5, each word a prefix, best match first). */
  listEntries(args: { q?: string; topic?: string; tag?: string; limit?: number }): Promise<NotebookHit[]>
  /** Topics and tags in use, with how many entries carry each. */
  notebookFacets(args: Record<string, never>): Promise<{ topics: { topic: string; entries: number }[]; tags: { tag: string; entries: number }[] }>
  /** The entries that embed run `id` (deleting the run warns with them). */
  entriesOfRun(args: { id: number }): Promise<{ id: number; title: string }[]>
  /** A chart drawn by the renderer (ECharts' SVG at the venue's width in points) as a file: SVG with its provenance
   *  inside, PNG at `dpi`, or PDF; a notebook entry records it (title, file, provenance, the plotted data's size). */
  exportFigure(args: { svg: string; format: 'svg' | 'png' | 'pdf'; venue: string; dpi?: number; title: string; csv?: string; source?: Record<string, unknown> }): Promise<ExportedFigure>
  /** An entry as one self-contained HTML file (inline CSS, every embed drawn as inline SVG). */
  exportEntry(args: { id: number }): Promise<{ name: string; html: string }>
}
export type MethodName = keyof Li2Service

/** A failed call, as every host reports it: `field` names the argument (or config flag) that broke `message`'s rule. */
export interface ApiErrorBody {
  code: 'invalid' | 'not_found' | 'internal' | 'forbidden'
  message: string
  field?: string
  /** Every field that broke its rule, when a call checks several at once (startRun's config): forms mark them all. */
  fields?: FieldError[]
}

/** One field and the rule it broke (the message has no "field: " prefix). */
export interface FieldError { field: string; message: string }

export class ApiError extends Error {
  constructor(readonly code: ApiErrorBody['code'], message: string, readonly field?: string, readonly fields?: FieldError[]) {
    super(field ? `${field}: ${message}` : message)
    this.name = 'ApiError'
  }
  toJSON(): ApiErrorBody {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}), ...(this.fields?.length ? { fields: this.fields } : {}) }
  }
}

// ---- argument schemas: a deliberately small checker, enough to refuse malformed IPC/HTTP input by name ----

type FieldType = 'int' | 'number' | 'string' | 'boolean' | 'object' | 'string[]' | 'int[]' | 'number[]'
/** For lists, `max` bounds the length; for 'int[]', `min` bounds every item; 'number[]' items are finite numbers. */
interface FieldRule { type: FieldType; required?: boolean; min?: number; max?: number; oneOf?: readonly string[] }
export type ArgSchema = Record<string, FieldRule>

const id: FieldRule = { type: 'int', required: true, min: 1 }

export const SCHEMAS: Record<MethodName, ArgSchema> = {
  listRuns: {
    status: { type: 'string', oneOf: RUN_STATUSES }, sweepId: { type: 'int', min: 1 }, limit: { type: 'int', min: 1, max: 100000 },
    tag: { type: 'string', max: MAX_TAG }, trashed: { type: 'boolean' }, q: { type: 'string', max: 1000 },
  },
  getRun: { id },
  listRunRecords: { status: { type: 'string', oneOf: RUN_STATUSES }, limit: { type: 'int', min: 1, max: 100000 } },
  getRunRecord: { id },
  getMetrics: { id, columns: { type: 'string[]' }, every: { type: 'int', min: 1 }, from: { type: 'int', min: 0 } },
  getMetricsMany: {
    ids: { type: 'int[]', required: true, min: 1, max: MAX_SERIES_RUNS }, columns: { type: 'string[]', required: true, max: MAX_SERIES_COLUMNS },
    points: { type: 'int', min: 10, max: MAX_SERIES_POINTS }, from: { type: 'int', min: 0 }, to: { type: 'int', min: 0 },
  },
  startRun: { config: { type: 'object', required: true } },
  cancelRun: { id },
  resumeRun: { id, backend: { type: 'string', oneOf: BACKENDS } },
  deleteRun: { id },
  restoreRun: { id },
  emptyTrash: {},
  purgeRun: { id },
  setTags: { id, tags: { type: 'string[]', required: true, max: 100 } },
  setLabel: { id, label: { type: 'string', required: true, max: MAX_LABEL } },
  listTags: {},
  setNotes: { id, notes: { type: 'string', required: true, max: 100000 } },
  getFeatures: { id, epoch: { type: 'int', min: 0 }, power: { type: 'boolean' } },
  listGroups: { order: { type: 'int', min: 1 }, maxDegree: { type: 'int', min: 1 }, abelian: { type: 'boolean' } },
  getGroup: { name: { type: 'string', required: true, max: 4096 }, table: { type: 'string', max: 16 * 1024 * 1024 } },
  getTheory: {
    id, epoch: { type: 'int', min: 0 }, eta: { type: 'number', min: 0 }, pairs: { type: 'int', min: 1, max: 10000 },
    maxSamples: { type: 'int', min: 2, max: 1_000_000 }, maxNodes: { type: 'int', min: 2, max: 1_000_000 },
  },
  energyCensus: {
    group: { type: 'string', required: true, max: 4096 }, trainFrac: { type: 'number', min: 0, max: 1 },
    act: { type: 'string', oneOf: ACTIVATIONS }, restarts: { type: 'int', min: 1, max: 100000 }, seed: { type: 'int', min: 0, max: MAX_SEED },
    maxSteps: { type: 'int', min: 1, max: 10_000_000 },
  },
  listSweeps: {},
  sweepStatus: { id: { type: 'int', min: 1 }, name: { type: 'string', max: 4096 } },
  planSweep: { spec: { type: 'object' }, preset: { type: 'string', max: 200 }, scale: { type: 'string', oneOf: SWEEP_SCALES }, workers: { type: 'int', min: 1, max: 256 } },
  enqueueSweep: { spec: { type: 'object' }, preset: { type: 'string', max: 200 }, scale: { type: 'string', oneOf: SWEEP_SCALES } },
  runSweep: { id },
  controlSweep: { id, action: { type: 'string', required: true, oneOf: SWEEP_ACTIONS } },
  getPhase: {
    sweep: { type: 'string', required: true, max: 4096 }, testAcc: { type: 'number', min: 0, max: 1 }, trainAcc: { type: 'number', min: 0, max: 1 },
    use: { type: 'string', oneOf: ['final', 'max'] }, theory: { type: 'boolean' },
  },
  exportRun: { id, format: { type: 'string', required: true, oneOf: EXPORT_FORMATS } },
  getCheckpoint: { id, epoch: { type: 'int', min: 0 } },
  defaults: {},
  // trainFrac and pScan are only typed here: the service states their one rule, "in (0, 1]", beside the field
  startCensus: {
    group: { type: 'string', required: true, max: 4096 }, table: { type: 'string', max: 16 * 1024 * 1024 }, trainFrac: { type: 'number' },
    act: { type: 'string', oneOf: ACTIVATIONS }, restarts: { type: 'int', min: 1, max: MAX_CENSUS_RESTARTS }, seed: { type: 'int', min: 0, max: MAX_SEED },
    maxSteps: { type: 'int', min: 1, max: 10_000_000 }, pScan: { type: 'number[]', max: MAX_SCAN_POINTS },
  },
  getCensus: { id },
  listCensuses: { limit: { type: 'int', min: 1, max: 100000 } },
  cancelCensus: { id },
  deleteCensus: { id },
  energySlice: { id, maximum: { type: 'int', required: true, min: 0 }, resolution: { type: 'int', min: 5, max: 101 } },
  getNode: { id, epoch: { type: 'int', required: true, min: 0 }, node: { type: 'int', required: true, min: 0 } },
  getRuns: { ids: { type: 'int[]', required: true, min: 1, max: MAX_SERIES_RUNS } },
  slurmSweepStatus: { id: { type: 'int', min: 1 }, name: { type: 'string', max: 4096 } },
  createEntry: {
    title: { type: 'string', required: true, max: MAX_ENTRY_TITLE }, topic: { type: 'string', max: 200 },
    body: { type: 'string', max: MAX_ENTRY_BODY }, tags: { type: 'string[]', max: 100 },
  },
  updateEntry: {
    id, title: { type: 'string', max: MAX_ENTRY_TITLE }, topic: { type: 'string', max: 200 },
    body: { type: 'string', max: MAX_ENTRY_BODY }, tags: { type: 'string[]', max: 100 },
  },
  deleteEntry: { id },
  getEntry: { id },
  listEntries: { q: { type: 'string', max: 1000 }, topic: { type: 'string', max: 200 }, tag: { type: 'string', max: MAX_TAG }, limit: { type: 'int', min: 1, max: 100000 } },
  notebookFacets: {},
  entriesOfRun: { id },
  exportFigure: {
    svg: { type: 'string', required: true, max: 64 * 1024 * 1024 }, format: { type: 'string', required: true, oneOf: EXPORT_FIGURE_FORMATS },
    venue: { type: 'string', required: true, oneOf: EXPORT_VENUES.map((v) => v.name) }, dpi: { type: 'int', min: 72, max: 1200 },
    title: { type: 'string', required: true, max: MAX_ENTRY_TITLE }, csv: { type: 'string', max: 64 * 1024 * 1024 }, source: { type: 'object' },
  },
  exportEntry: { id },
}

export const METHODS = Object.keys(SCHEMAS) as MethodName[]

/** Checks a call's method name and argument object; throws ApiError('invalid') naming the field and the rule. */
export function validateCall(method: unknown, args: unknown): { method: MethodName; args: Record<string, unknown> } {
  if (typeof method !== 'string' || !(METHODS as string[]).includes(method)) throw new ApiError('invalid', `unknown method (known: ${METHODS.join(', ')})`, 'method')
  const a = args === undefined ? {} : args
  if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new ApiError('invalid', 'arguments must be one JSON object', 'args')
  const schema = SCHEMAS[method as MethodName]
  const obj = a as Record<string, unknown>
  for (const key of Object.keys(obj)) if (!Object.hasOwn(schema, key)) throw new ApiError('invalid', `unknown argument (allowed: ${Object.keys(schema).join(', ') || 'none'})`, key)
  for (const [key, rule] of Object.entries(schema)) {
    const v = obj[key]
    if (v === undefined || v === null) { if (rule.required) throw new ApiError('invalid', 'is required', key); continue }
    checkField(key, v, rule)
  }
  return { method: method as MethodName, args: obj }
}

function checkField(key: string, v: unknown, r: FieldRule): void {
  const bad = (rule: string) => { throw new ApiError('invalid', rule, key) }
  switch (r.type) {
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) bad('must be an integer')
      break
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) bad('must be a finite number')
      break
    case 'string':
      if (typeof v !== 'string') bad('must be a string')
      if (r.oneOf && !r.oneOf.includes(v as string)) bad(`must be one of ${r.oneOf.join(', ')}`)
      if (r.max !== undefined && (v as string).length > r.max) bad(`must be at most ${r.max} characters`)
      return
    case 'boolean':
      if (typeof v !== 'boolean') bad('must be true or false')
      return
    case 'object':
      if (typeof v !== 'object' || Array.isArray(v)) bad('must be an object')
      return
    case 'string[]':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) bad('must be a list of strings')
      if (r.max !== undefined && (v as string[]).length > r.max) bad(`must have at most ${r.max} items`)
      return
    case 'int[]':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isInteger(x))) bad('must be a list of integers')
      if ((v as number[]).length === 0) bad('must not be empty')
      if (r.max !== undefined && (v as number[]).length > r.max) bad(`must have at most ${r.max} items`)
      if (r.min !== undefined && (v as number[]).some((x) => x < r.min!)) bad(`every item must be ≥ ${r.min}`)
      return
    case 'number[]':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) bad('must be a list of numbers')
      if ((v as number[]).length === 0) bad('must not be empty')
      if (r.max !== undefined && (v as number[]).length > r.max) bad(`must have at most ${r.max} items`)
      return
  }
  if (r.min !== undefined && (v as number) < r.min) bad(`must be ≥ ${r.min}`)
  if (r.max !== undefined && (v as number) > r.max) bad(`must be ≤ ${r.max}`)
}

/** The one mapping from anything a service or host throws to the contract's ApiError: ApiError as-is, a core
 *  ValidationError (recognised by name: this file imports nothing) as 'invalid' with its field, an error carrying a
 *  contract code as that code, anything else as 'internal'. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  const err = e as { name?: string; field?: unknown; rule?: unknown; message?: unknown; code?: unknown }
  if (err && err.name === 'ValidationError' && typeof err.field === 'string') return new ApiError('invalid', String(err.rule ?? err.message), err.field)
  if (err && typeof err.code === 'string' && ['invalid', 'not_found', 'forbidden', 'internal'].includes(err.code) && typeof err.message === 'string') {
    const a = new ApiError(err.code as ApiErrorBody['code'], err.message) // the message as given: it may already name its field
    return typeof err.field === 'string' ? Object.assign(a, { field: err.field }) : a
  }
  return new ApiError('internal', err && typeof err.message === 'string' ? err.message : String(e))
}

/** The wire form of anything thrown (toApiError, then its JSON). */
export function toErrorBody(e: unknown): ApiErrorBody {
  return toApiError(e).toJSON()
}
