/** Gradient ascent on E: projected onto the unit sphere ‖w‖ = 1 (Cor. 2's normalisation), or with weight decay, E − (λ/2)‖w‖² (reference §3). */
import type { Rng } from '../rng'
import { energy, energyGrad } from './energy'
import type { EnergyProblem } from './problem'

/** Step budget and stopping rules of an ascent. */
export interface AscentOptions {
  /** Step budget; each step is one gradient plus at least one energy evaluation. */
  maxSteps?: number
  /** Stop when the tangent gradient is this small relative to the full one (‖g − (g·w)w‖ ≤ tol·‖g‖). */
  gradTol?: number
  /** Weight-decay variant only: stop as diverged once ‖w‖ exceeds this (E grows like ‖w‖⁴ for σ = x², so the objective is unbounded). */
  normCap?: number
  /** Sphere ascent: largest angle (radians) of one step, so that basins follow the gradient flow rather than long jumps. */
  maxAngle?: number
}

/** Where an ascent ended and why. */
export interface AscentResult {
  /** Final weights (unit norm for the sphere ascent). */
  w: Float64Array
  E: number
  steps: number
  converged: boolean
  /** Norm of the final (tangent) gradient. */
  gradNorm: number
  /** Weight-decay variant: 'diverged' when ‖w‖ passed normCap, 'collapsed' when w went to 0. */
  status: 'converged' | 'maxSteps' | 'diverged' | 'collapsed'
}

const DEFAULTS = { maxSteps: 20000, gradTol: 1e-8, normCap: 1e6, maxAngle: 0.25 }
// E counts as stalled when it gained less than this (relative) over STALL_WINDOW steps: float64 noise floor of the gradient
const STALL_REL = 1e-13
const STALL_WINDOW = 20

/** A uniformly random unit vector (normalised Gaussian). */
export function randomUnit(dim: number, rng: Rng): Float64Array {
  const w = new Float64Array(dim)
  for (let i = 0; i < dim; i++) w[i] = rng.normal()
  return normalize(w)
}

/** w / ‖w‖ in place. */
export function normalize(w: Float64Array): Float64Array {
  let s = 0
  for (let i = 0; i < w.length; i++) s += w[i] * w[i]
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0
  for (let i = 0; i < w.length; i++) w[i] *= inv
  return w
}

/** Riemannian ascent on the unit sphere: w ← (w + lr·g_T)/‖·‖ with g_T the tangent gradient; lr grows on success, halves on failure, so E never decreases. */
export function sphereAscent(p: EnergyProblem, w0: Float64Array, opts: AscentOptions = {}): AscentResult {
  const { maxSteps, gradTol, maxAngle } = { ...DEFAULTS, ...opts }
  const dim = p.dim
  let w = normalize(Float64Array.from(w0))
  let g = new Float64Array(dim)
  let E = energyGrad(p, w, g)
  let gT = tangent(w, g)
  let lr = 1 / Math.max(norm(g), 1e-12) // first trial moves w by at most ~1 radian
  const wNew = new Float64Array(dim)
  let gNew = new Float64Array(dim)
  let steps = 0
  let status: AscentResult['status'] = 'maxSteps'
  let Eback = -Infinity
  for (; steps < maxSteps; steps++) {
    const gn = norm(gT), full = norm(g)
    if (full === 0 || gn <= gradTol * full) { status = 'converged'; break }
    if (steps % STALL_WINDOW === 0) {
      if (E - Eback <= STALL_REL * Math.abs(E)) { status = 'converged'; break }
      Eback = E
    }
    // trial step; shrink until E does not decrease
    let accepted = false
    for (let tries = 0; tries < 60; tries++) {
      const a = Math.min(lr, maxAngle / Math.max(norm(gT), 1e-300)) // cap the angle so basins follow the gradient flow
      for (let i = 0; i < dim; i++) wNew[i] = w[i] + a * gT[i]
      normalize(wNew)
      const En = energyGrad(p, wNew, gNew)
      if (En >= E) {
        w.set(wNew)
        const t = g; g = gNew; gNew = t
        E = En
        gT = tangent(w, g)
        lr *= 1.5
        accepted = true
        break
      }
      lr *= 0.5
    }
    if (!accepted) { status = 'converged'; break } // no ascent direction left at float precision
  }
  return { w, E, steps, converged: status === 'converged', gradNorm: norm(gT), status }
}

/** Unconstrained ascent of E(w) − (λ/2)‖w‖², with the same step-size rule; stops when w diverges or collapses to 0. */
export function weightDecayAscent(p: EnergyProblem, w0: Float64Array, lambda: number, opts: AscentOptions = {}): AscentResult {
  const { maxSteps, gradTol, normCap } = { ...DEFAULTS, ...opts }
  const dim = p.dim
  const objective = (w: Float64Array, g: Float64Array): number => {
    const e = energyGrad(p, w, g)
    let s = 0
    for (let i = 0; i < dim; i++) { g[i] -= lambda * w[i]; s += w[i] * w[i] }
    return e - 0.5 * lambda * s
  }
  const w = Float64Array.from(w0)
  let g = new Float64Array(dim)
  let J = objective(w, g)
  let lr = 1 / Math.max(norm(g), 1e-12) * Math.max(norm(w), 1e-12)
  const wNew = new Float64Array(dim)
  let gNew = new Float64Array(dim)
  let steps = 0
  let status: AscentResult['status'] = 'maxSteps'
  let Jback = -Infinity
  for (; steps < maxSteps; steps++) {
    const wn = norm(w)
    if (steps % STALL_WINDOW === 0) {
      if (J - Jback <= STALL_REL * Math.abs(J)) { status = 'converged'; break }
      Jback = J
    }
    if (wn > normCap) { status = 'diverged'; break }
    if (wn < 1e-12) { status = 'collapsed'; break }
    if (norm(g) <= gradTol * Math.max(lambda * wn, 1e-300)) { status = 'converged'; break }
    let accepted = false
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < dim; i++) wNew[i] = w[i] + lr * g[i]
      const Jn = objective(wNew, gNew)
      if (Jn >= J) {
        w.set(wNew)
        const t = g; g = gNew; gNew = t
        J = Jn
        lr *= 1.5
        accepted = true
        break
      }
      lr *= 0.5
    }
    if (!accepted) { status = 'converged'; break }
  }
  const wn = norm(w)
  if (status === 'maxSteps' && wn < 1e-12) status = 'collapsed'
  return { w, E: energy(p, w), steps, converged: status === 'converged', gradNorm: norm(g), status }
}

function tangent(w: Float64Array, g: Float64Array): Float64Array {
  let d = 0
  for (let i = 0; i < w.length; i++) d += w[i] * g[i]
  const out = new Float64Array(w.length)
  for (let i = 0; i < w.length; i++) out[i] = g[i] - d * w[i]
  return out
}

function norm(x: Float64Array): number {
  let s = 0
  for (let i = 0; i < x.length; i++) s += x[i] * x[i]
  return Math.sqrt(s)
}
