/** Size limits every host gets (CLI, window, server): what one run, group or character table may ask of the machine.
 *  Each number is measured, not guessed; the figures in the comments are from a 2-core box on tfjs wasm. */

export const LIMITS = Object.freeze({
  /** Seeds feed a 32-bit RNG (rng.ts takes `seed >>> 0`), so 2³² would silently equal seed 0. */
  maxSeed: 2 ** 32 - 1,
  /** Integer knobs (epochs, cadences, counts) are stored as SQLite integers and used as int32 tensor indices. */
  maxInt: 2 ** 31 - 1,
  /** K: 32× the paper's 2048. The memory estimate below is what usually binds; this refuses a typo such as 300000000
   *  before anything is estimated (that K grew to 11.9 GB before it failed). */
  maxHidden: 65_536,
  /** Any Cayley table built (n² int32 entries): |S7| = 5040, the largest group a named family builds (100 MB table).
   *  Building one takes ≤ 1.2 s (D2520, Z71:Z70), except S7 itself (~11 s, permutation closure with string keys). */
  maxGroupOrder: 5040,
  /** Conjugacy classes of a character table (`li2 groups show`, feature spectra, energy classification): the eigen-
   *  decomposition is O(r³). Measured: r = 300 0.6 s, 400 1.1 s, 500 2.5 s, 600 4.4 s, 800 8.5 s, 1003 16–17 s. */
  maxCharacterClasses: 400,
  /** |G| for training a group task: every run computes the group's character table for its feature spectra, and an
   *  Abelian group of order n has n classes, so the class limit above applies to the order. */
  maxTrainOrder: 400,
  /** Samples M^q a task may enumerate (operands + labels: 12 bytes each at q = 2; ~0.2 s to build). */
  maxSamples: 2 ** 22,
  /** Estimated tensor memory of one run (see runBytes in config.ts): half the wasm backend's 4 GiB heap, which
   *  emscripten grows by doubling and never returns; a pool runs one run per core. */
  maxRunBytes: 2 * 1024 ** 3,
})

/** A byte count as "1.9 GiB" for error messages. */
export function formatBytes(b: number): string {
  if (!Number.isFinite(b)) return 'an unbounded amount'
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
  let i = 0
  while (b >= 1024 && i < units.length - 1) { b /= 1024; i++ }
  return `${b >= 100 || i === 0 ? b.toFixed(0) : b.toPrecision(3)} ${units[i]}`
}
