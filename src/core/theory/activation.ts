/** The activations σ of the energy E(w) = ½‖Ỹᵀσ(Xw)‖² (reference §3, §7: sqr, relu, silu, relusqr), with σ' for the gradient. */
import { ValidationError } from '../errors'

/** σ(x): x², max(0,x), x·sigmoid(x), max(0,x)². */
export type EnergyActivation = 'sqr' | 'relu' | 'silu' | 'relusqr'

/** Every activation the energy engine knows. */
export const ENERGY_ACTIVATIONS: readonly EnergyActivation[] = ['sqr', 'relu', 'silu', 'relusqr']

/** Parses an activation name, naming the field on failure. */
export function parseEnergyActivation(name: string, field = 'act'): EnergyActivation {
  if ((ENERGY_ACTIVATIONS as readonly string[]).includes(name)) return name as EnergyActivation
  throw new ValidationError(field, `must be one of ${ENERGY_ACTIVATIONS.join(', ')} (got ${JSON.stringify(name)})`)
}

/** s[i] = σ(pre[i]) and, when ds is given, ds[i] = σ'(pre[i]), for the first n entries. One switch outside the loops keeps them tight. */
export function applyActivation(act: EnergyActivation, pre: Float64Array, n: number, s: Float64Array, ds?: Float64Array): void {
  switch (act) {
    case 'sqr':
      for (let i = 0; i < n; i++) { const x = pre[i]; s[i] = x * x; if (ds) ds[i] = 2 * x }
      return
    case 'relu':
      for (let i = 0; i < n; i++) { const x = pre[i]; s[i] = x > 0 ? x : 0; if (ds) ds[i] = x > 0 ? 1 : 0 }
      return
    case 'relusqr':
      for (let i = 0; i < n; i++) { const x = pre[i] > 0 ? pre[i] : 0; s[i] = x * x; if (ds) ds[i] = 2 * x }
      return
    case 'silu':
      for (let i = 0; i < n; i++) {
        const x = pre[i], sg = 1 / (1 + Math.exp(-x))
        s[i] = x * sg
        if (ds) ds[i] = sg * (1 + x * (1 - sg))
      }
      return
  }
}

/** σ at one point (for constructions and tests). */
export function activate(act: EnergyActivation, x: number): number {
  const a = new Float64Array([x]), s = new Float64Array(1)
  applyActivation(act, a, 1, s)
  return s[0]
}
