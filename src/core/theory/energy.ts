/** The energy E(w) = ½‖Ỹᵀσ(Xw)‖² and its gradient ∇E = Xᵀ[σ'(Xw) ∘ ỸỸᵀσ(Xw)] (Theorem 1, reference §3), O(n) per call for one-hot inputs. */
import { applyActivation } from './activation'
import type { EnergyProblem } from './problem'

interface Scratch { pre: Float64Array; s: Float64Array; ds: Float64Array; z: Float64Array }
const scratchOf = new WeakMap<EnergyProblem, Scratch>()

function scratch(p: EnergyProblem): Scratch {
  let sc = scratchOf.get(p)
  if (!sc) {
    const m = p.target ? p.target.cols : p.M
    sc = { pre: new Float64Array(p.n), s: new Float64Array(p.n), ds: new Float64Array(p.n), z: new Float64Array(m) }
    scratchOf.set(p, sc)
  }
  return sc
}

// pre_i = Σ_j w[cols[i·q+j]]: the one-hot X·w as a gather
function preActivation(p: EnergyProblem, w: Float64Array, pre: Float64Array): void {
  const { n, q, cols } = p
  if (q === 2) {
    for (let i = 0; i < n; i++) pre[i] = w[cols[2 * i]] + w[cols[2 * i + 1]]
    return
  }
  for (let i = 0; i < n; i++) {
    let a = 0
    for (let j = 0; j < q; j++) a += w[cols[i * q + j]]
    pre[i] = a
  }
}

// z = Tᵀs (m values): for one-hot Ỹ, per-class sums minus n_c/n times the total, since Ỹᵀs = Yᵀs − (n_c/n)·1ᵀs
function targetProjection(p: EnergyProblem, s: Float64Array, z: Float64Array): void {
  const { n } = p
  if (p.target) {
    const { cols: m, data } = p.target
    z.fill(0)
    for (let i = 0; i < n; i++) {
      const si = s[i]
      if (si === 0) continue
      for (let c = 0; c < m; c++) z[c] += data[i * m + c] * si
    }
    return
  }
  z.fill(0)
  let total = 0
  for (let i = 0; i < n; i++) { z[p.labels[i]] += s[i]; total += s[i] }
  for (let c = 0; c < p.M; c++) z[c] -= (p.classCount[c] / n) * total
}

/** E(w) = ½‖Tᵀσ(Xw)‖² with T = Ỹ (or the problem's dense target). */
export function energy(p: EnergyProblem, w: Float64Array): number {
  const sc = scratch(p)
  preActivation(p, w, sc.pre)
  applyActivation(p.act, sc.pre, p.n, sc.s)
  targetProjection(p, sc.s, sc.z)
  let e = 0
  for (let c = 0; c < sc.z.length; c++) e += sc.z[c] * sc.z[c]
  return 0.5 * e
}

/** E(w), writing ∇E(w) = Xᵀ[σ'(Xw) ∘ T Tᵀσ(Xw)] into grad (length q·M). */
export function energyGrad(p: EnergyProblem, w: Float64Array, grad: Float64Array): number {
  const sc = scratch(p)
  const { n, q, cols } = p
  preActivation(p, w, sc.pre)
  applyActivation(p.act, sc.pre, n, sc.s, sc.ds)
  targetProjection(p, sc.s, sc.z)
  const z = sc.z
  let e = 0
  for (let c = 0; c < z.length; c++) e += z[c] * z[c]
  grad.fill(0)
  if (p.target) {
    const { cols: m, data } = p.target
    for (let i = 0; i < n; i++) {
      let r = 0 // (T z)_i
      for (let c = 0; c < m; c++) r += data[i * m + c] * z[c]
      const gi = sc.ds[i] * r
      for (let j = 0; j < q; j++) grad[cols[i * q + j]] += gi
    }
    return 0.5 * e
  }
  // (Ỹz)_i = z[y_i] − Σ_c (n_c/n) z_c
  let zbar = 0
  for (let c = 0; c < p.M; c++) zbar += (p.classCount[c] / n) * z[c]
  if (q === 2) {
    for (let i = 0; i < n; i++) {
      const gi = sc.ds[i] * (z[p.labels[i]] - zbar)
      grad[cols[2 * i]] += gi
      grad[cols[2 * i + 1]] += gi
    }
  } else {
    for (let i = 0; i < n; i++) {
      const gi = sc.ds[i] * (z[p.labels[i]] - zbar)
      for (let j = 0; j < q; j++) grad[cols[i * q + j]] += gi
    }
  }
  return 0.5 * e
}

/** Fourier form for Z_M, σ = x², all M² pairs (reference §4): E = (2/M) Σ_{k≠0} |û_k|²|v̂_k|², û_k = Σ_j u_j e^{−2πikj/M}. */
export function fourierEnergyZM(u: Float64Array, v: Float64Array): number {
  const M = u.length
  const pu = dftPower(u), pv = dftPower(v)
  let e = 0
  for (let k = 1; k < M; k++) e += pu[k] * pv[k]
  return (2 / M) * e
}

/** |x̂_k|² for k = 0..M−1 (plain O(M²) DFT; M here is at most a few hundred). */
export function dftPower(x: Float64Array): Float64Array {
  const M = x.length
  const out = new Float64Array(M)
  for (let k = 0; k < M; k++) {
    let re = 0, im = 0
    for (let j = 0; j < M; j++) {
      const t = (2 * Math.PI * ((k * j) % M)) / M
      re += x[j] * Math.cos(t)
      im -= x[j] * Math.sin(t)
    }
    out[k] = re * re + im * im
  }
  return out
}
