/** Phase-diagram statistics (Fig. 5; li2-theory.md §5, §7): per-(group, p) success rates and time to grok, the per-group
 *  boundary p* where success crosses 50% (logistic fit with a profile-likelihood interval) and c in p* = c·ln M / M. Pure. */

/** One classified run, as the phase statistics see it. */
export interface PhasePoint {
  group: string
  /** |G|. */
  M: number
  /** c_G of the critical ratio: 1 for Abelian groups, d_max/2 otherwise (reference §5). */
  C?: number
  /** Training fraction n/|G|². */
  p: number
  /** generalized | memorized | collapsed | diverged | unfinished. */
  outcome: string
  /** False while the run has not reached its last epoch: counted as pending, not in the rate. */
  complete: boolean
  timeToGrok: number | null
  /** The run behind the point, when it is a stored run (a cell lists its runs so a view can open them). */
  runId?: number
}

/** Statistics of one (group, p) cell. */
export interface PhaseCell {
  group: string
  M: number
  p: number
  /** Complete runs (the denominator of success_rate). */
  runs: number
  pending: number
  generalized: number
  memorized: number
  diverged: number
  unfinished: number
  /** Runs that ended at the zero-output state (runner/outcomes): neither side of the boundary. */
  collapsed: number
  /** generalized / (generalized + memorized): the two outcomes the boundary separates; null without either. Collapsed,
   *  diverged and unfinished runs are counted in `runs` but not here. */
  success_rate: number | null
  /** Mean and standard error of the grokking epoch over the runs that grokked. */
  ttg_mean: number | null
  ttg_se: number | null
  ttg_n: number
  /** The stored runs in the cell (complete and pending), by id. */
  runIds: number[]
}

/** Groups points into cells (p rounded to 1e-9), sorted by M, group, p. */
export function phaseCells(points: readonly PhasePoint[]): PhaseCell[] {
  const cells = new Map<string, PhaseCell & { ttg: number[] }>()
  for (const pt of points) {
    const p = Math.round(pt.p * 1e9) / 1e9
    const key = `${pt.group}\u0000${p}`
    let c = cells.get(key)
    if (!c) {
      c = { group: pt.group, M: pt.M, p, runs: 0, pending: 0, generalized: 0, memorized: 0, diverged: 0, unfinished: 0, collapsed: 0, success_rate: null, ttg_mean: null, ttg_se: null, ttg_n: 0, runIds: [], ttg: [] }
      cells.set(key, c)
    }
    if (pt.runId !== undefined) c.runIds.push(pt.runId)
    if (!pt.complete) { c.pending++; continue }
    c.runs++
    if (pt.outcome === 'generalized' || pt.outcome === 'memorized' || pt.outcome === 'diverged' || pt.outcome === 'collapsed') c[pt.outcome]++
    else c.unfinished++
    if (pt.timeToGrok !== null && pt.outcome === 'generalized') c.ttg.push(pt.timeToGrok)
  }
  return [...cells.values()].map(({ ttg, ...c }) => {
    const n = ttg.length
    const mean = n ? ttg.reduce((a, b) => a + b, 0) / n : null
    const sd = n > 1 ? Math.sqrt(ttg.reduce((a, b) => a + (b - mean!) ** 2, 0) / (n - 1)) : null
    const judged = c.generalized + c.memorized
    return { ...c, success_rate: judged ? c.generalized / judged : null, ttg_mean: mean, ttg_se: sd === null ? null : sd / Math.sqrt(n), ttg_n: n }
  }).sort((a, b) => a.M - b.M || a.group.localeCompare(b.group) || a.p - b.p)
}

/** A binomial observation: k successes of n trials at training fraction p. */
export interface Trials { p: number; k: number; n: number }

/** The fitted 50% boundary of one group. status: 'fit' (pStar set), or all/none generalized (pStar null, one bound set). */
export interface Boundary {
  pStar: number | null
  /** 95% profile-likelihood interval; null on a side where it runs past the data. */
  lo: number | null
  hi: number | null
  /** Logistic slope b in logit P = b·(p − p*) at the estimate (capped under perfect separation). */
  slope: number | null
  status: 'fit' | 'all-generalized' | 'none-generalized' | 'no-data'
  /** True when the data separate perfectly (a step): the interval is then the gap between the two sides. */
  separated: boolean
}

const CHI2_1_95 = 3.841458820694124

function logLik(t: readonly Trials[], b: number, pStar: number): number {
  let l = 0
  for (const { p, k, n } of t) {
    const eta = b * (p - pStar)
    // log σ(η) = −log(1 + e^−η), stable both ways
    const logS = eta >= 0 ? -Math.log1p(Math.exp(-eta)) : eta - Math.log1p(Math.exp(eta))
    const log1mS = logS - eta
    l += k * logS + (n - k) * log1mS
  }
  return l
}

/** max over b ∈ [0, bMax] of the (concave in b) log-likelihood at fixed p*, by golden-section search. */
function profile(t: readonly Trials[], pStar: number, bMax: number): { l: number; b: number } {
  const g = (Math.sqrt(5) - 1) / 2
  let a = 0, c = bMax
  let x1 = c - g * (c - a), x2 = a + g * (c - a)
  let f1 = logLik(t, x1, pStar), f2 = logLik(t, x2, pStar)
  for (let i = 0; i < 80 && c - a > 1e-9 * bMax; i++) {
    if (f1 < f2) { a = x1; x1 = x2; f1 = f2; x2 = a + g * (c - a); f2 = logLik(t, x2, pStar) }
    else { c = x2; x2 = x1; f2 = f1; x1 = c - g * (c - a); f1 = logLik(t, x1, pStar) }
  }
  const b = (a + c) / 2
  return { l: logLik(t, b, pStar), b }
}

/** Fits logit P(success | p) = b·(p − p*) with b ≥ 0 by maximum likelihood over a fine p* grid, profiling b out; the 95%
 *  interval is {p*: 2(ℓ_max − ℓ(p*)) ≤ χ²₁(0.95)}. Perfect separation gives a flat profile: p* is its midpoint and the interval the gap. */
export function fitBoundary(trials: readonly Trials[], gridSize = 1201): Boundary {
  const t = trials.filter((x) => x.n > 0)
  const none: Boundary = { pStar: null, lo: null, hi: null, slope: null, status: 'no-data', separated: false }
  if (t.length === 0) return none
  const k = t.reduce((a, x) => a + x.k, 0), n = t.reduce((a, x) => a + x.n, 0)
  const ps = t.map((x) => x.p)
  const pmin = Math.min(...ps), pmax = Math.max(...ps)
  if (k === n) return { ...none, status: 'all-generalized', hi: pmin }
  if (k === 0) return { ...none, status: 'none-generalized', lo: pmax }
  const span = Math.max(pmax - pmin, 1e-3)
  const from = pmin - span / 2, to = pmax + span / 2
  const bMax = 400 / span // a step sharper than e^−200 across the sampled range: effectively perfect separation
  const grid = Array.from({ length: gridSize }, (_, i) => from + ((to - from) * i) / (gridSize - 1))
  const prof = grid.map((x) => profile(t, x, bMax))
  const lmax = Math.max(...prof.map((q) => q.l))
  // plateau of the maximum (flat under separation) → its midpoint
  const top = prof.map((q, i) => (q.l >= lmax - 1e-6 ? i : -1)).filter((i) => i >= 0)
  const iHat = top[Math.floor(top.length / 2)]
  const pStar = (grid[top[0]] + grid[top[top.length - 1]]) / 2
  const inside = (i: number) => 2 * (lmax - prof[i].l) <= CHI2_1_95
  let i0 = iHat, i1 = iHat
  while (i0 > 0 && inside(i0 - 1)) i0--
  while (i1 < grid.length - 1 && inside(i1 + 1)) i1++
  const separated = prof[iHat].b > 0.99 * bMax
  return {
    pStar,
    lo: i0 === 0 ? null : grid[i0],
    hi: i1 === grid.length - 1 ? null : grid[i1],
    slope: prof[iHat].b,
    status: 'fit',
    separated,
  }
}

/** Two-sided 97.5% quantiles of Student's t for df 1..30, then 40, 60, 120, ∞. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
  2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]

/** Student t quantile t_{0.975, df} (table; interpolated in 1/df above 30). */
export function tQuantile975(df: number): number {
  if (df < 1) return NaN
  if (df <= 30) return T975[Math.round(df) - 1]
  const pts: [number, number][] = [[30, 2.042], [40, 2.021], [60, 2.0], [120, 1.98], [Infinity, 1.96]]
  for (let i = 0; i < pts.length - 1; i++) {
    const [d0, t0] = pts[i], [d1, t1] = pts[i + 1]
    if (df <= d1) { const w = (1 / d0 - 1 / df) / (1 / d0 - (d1 === Infinity ? 0 : 1 / d1)); return t0 + w * (t1 - t0) }
  }
  return 1.96
}

/** The c fit across groups. */
export interface ScalingFit {
  /** Least-squares slope through the origin of p* on x = C_G·ln M / M. */
  c: number | null
  /** 95% interval (t with n − 1 df); null with fewer than two groups. */
  lo: number | null
  hi: number | null
  /** Groups used. */
  n: number
  /** The reference's critical_ratio_multiplier, for comparison. */
  reference: number
}

/** Fits p* = c·x through the origin, x = C·ln M / M (C = 1 Abelian, d_max/2 otherwise), with a 95% t interval on c. */
export function fitScalingConstant(points: readonly { M: number; pStar: number; C?: number }[], reference = 2.7482): ScalingFit {
  const xs = points.map((q) => (q.C ?? 1) * Math.log(q.M) / q.M), ys = points.map((q) => q.pStar)
  const n = xs.length
  if (n === 0) return { c: null, lo: null, hi: null, n, reference }
  const sxx = xs.reduce((a, x) => a + x * x, 0)
  const c = xs.reduce((a, x, i) => a + x * ys[i], 0) / sxx
  if (n < 2) return { c, lo: null, hi: null, n, reference }
  const s2 = xs.reduce((a, x, i) => a + (ys[i] - c * x) ** 2, 0) / (n - 1)
  const half = tQuantile975(n - 1) * Math.sqrt(s2 / sxx)
  return { c, lo: c - half, hi: c + half, n, reference }
}
