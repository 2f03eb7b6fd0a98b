/** Landscape slices for plotting: E on a 2-D grid through a maximum w* along two orthonormal directions (Fig. 4's picture, measured). */
import { Rng } from '../rng'
import { normalize } from './ascent'
import { energy } from './energy'
import type { EnergyProblem } from './problem'

/** A 2-D grid of E values and the two directions that span it. */
export interface LandscapeSlice {
  xs: number[]
  ys: number[]
  /** E[iy][ix] = E(w* + xs[ix]·d1 + ys[iy]·d2), normalised to the sphere when asked. */
  E: number[][]
  d1: Float64Array
  d2: Float64Array
}

/** Directions, extent and resolution of a slice. */
export interface SliceOptions {
  /** First direction; random when absent. Both are made orthonormal and orthogonal to w*. */
  d1?: Float64Array
  d2?: Float64Array
  /** Grid covers [−span, span] on each axis. */
  span?: number
  /** Points per axis. */
  steps?: number
  seed?: number
  /** Evaluate at (w* + …)/‖·‖ (the sphere the ascent lives on) instead of on the flat plane. */
  sphere?: boolean
}

/** E on the plane (or sphere patch) through w* spanned by two orthonormal tangent directions. */
export function landscapeSlice(p: EnergyProblem, wStar: Float64Array, opts: SliceOptions = {}): LandscapeSlice {
  const { span = 1, steps = 41, seed = 0, sphere = false } = opts
  const rng = new Rng(seed)
  const random = (): Float64Array => Float64Array.from({ length: p.dim }, () => rng.normal())
  const unitStar = normalize(Float64Array.from(wStar))
  const d1 = orthonormalize(Float64Array.from(opts.d1 ?? random()), [unitStar])
  const d2 = orthonormalize(Float64Array.from(opts.d2 ?? random()), [unitStar, d1])
  const axis = Array.from({ length: steps }, (_, i) => (steps === 1 ? 0 : -span + (2 * span * i) / (steps - 1)))
  const w = new Float64Array(p.dim)
  const E = axis.map((y) => axis.map((x) => {
    for (let i = 0; i < p.dim; i++) w[i] = wStar[i] + x * d1[i] + y * d2[i]
    if (sphere) normalize(w)
    return energy(p, w)
  }))
  return { xs: axis, ys: [...axis], E, d1, d2 }
}

// Gram–Schmidt of v against unit vectors, then normalised; throws if v lies in their span
function orthonormalize(v: Float64Array, against: readonly Float64Array[]): Float64Array {
  for (const a of against) {
    let d = 0
    for (let i = 0; i < v.length; i++) d += v[i] * a[i]
    for (let i = 0; i < v.length; i++) v[i] -= d * a[i]
  }
  let s = 0
  for (let i = 0; i < v.length; i++) s += v[i] * v[i]
  if (s < 1e-20) throw new Error('landscapeSlice: direction lies in the span of w* and the other direction')
  return normalize(v)
}

/** A slice on the sphere itself, in angles: E at w(a, b) = cos a·cos b·ŵ* + sin a·cos b·d1 + sin b·d2. */
export interface SphereSlice {
  /** Grid angles in degrees (a along d1, b along d2); the centre (0, 0) is w*. */
  as: number[]
  bs: number[]
  /** E[ib][ia]. */
  E: number[][]
  d1: Float64Array
  d2: Float64Array
}

/** E on the great 2-sphere through w* spanned by w* and two tangent directions, in angle coordinates, so a maximum 90°
 *  away (another irrep's feature is orthogonal to w*) lies on the grid, unlike a flat plane's tan-stretched chart.
 *  d1, d2 are made orthonormal and orthogonal to w*; each is seeded random when absent. */
export function sphereSlice(p: EnergyProblem, wStar: Float64Array, opts: { d1?: Float64Array; d2?: Float64Array; halfAngleDeg?: number; halfAngleBDeg?: number; steps?: number; seed?: number } = {}): SphereSlice {
  const { halfAngleDeg = 90, steps = 41, seed = 0 } = opts
  const halfB = Math.min(90, opts.halfAngleBDeg ?? halfAngleDeg) // past ±90° in b the chart folds back over the pole
  const rng = new Rng(seed)
  const random = (): Float64Array => Float64Array.from({ length: p.dim }, () => rng.normal())
  const u = normalize(Float64Array.from(wStar))
  const d1 = orthonormalize(Float64Array.from(opts.d1 ?? random()), [u])
  const d2 = orthonormalize(Float64Array.from(opts.d2 ?? random()), [u, d1])
  const axis = (h: number) => Array.from({ length: steps }, (_, i) => (steps === 1 ? 0 : -h + (2 * h * i) / (steps - 1)))
  const as = axis(halfAngleDeg), bs = axis(halfB)
  const rad = Math.PI / 180
  const w = new Float64Array(p.dim)
  const E = bs.map((b) => as.map((a) => {
    const cu = Math.cos(a * rad) * Math.cos(b * rad), c1 = Math.sin(a * rad) * Math.cos(b * rad), c2 = Math.sin(b * rad)
    for (let i = 0; i < p.dim; i++) w[i] = cu * u[i] + c1 * d1[i] + c2 * d2[i]
    return energy(p, w)
  }))
  return { as, bs, E, d1, d2 }
}
