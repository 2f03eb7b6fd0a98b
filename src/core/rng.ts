/** Seeded pseudo-random numbers (xoshiro128**), so a run's init and split are reproducible from its seed.
 *  Not bit-compatible with PyTorch/NumPy (reference-code.md §12 says any seeded RNG is fine for the lab). */
export class Rng {
  private s: Uint32Array

  constructor(seed: number) {
    // splitmix32 expands one seed into four non-zero state words
    this.s = new Uint32Array(4)
    let x = (seed >>> 0) ^ 0x9e3779b9
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0
      let z = x
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      this.s[i] = (z ^ (z >>> 16)) >>> 0
    }
    if (this.s.every((v) => v === 0)) this.s[0] = 1
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s
    const r = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0
    const t = (s[1] << 9) >>> 0
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 11)
    return r
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next()
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    let u = 0
    while (u === 0) u = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next())
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n)
    for (let i = 0; i < n; i++) p[i] = i
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const t = p[i]; p[i] = p[j]; p[j] = t
    }
    return p
  }

  /** The state, to store with a checkpoint. */
  state(): number[] {
    return Array.from(this.s)
  }

  /** Restores a state taken by `state()`. */
  static fromState(state: readonly number[]): Rng {
    const r = new Rng(0)
    r.s = Uint32Array.from(state)
    return r
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}
