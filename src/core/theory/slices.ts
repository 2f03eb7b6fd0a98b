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
