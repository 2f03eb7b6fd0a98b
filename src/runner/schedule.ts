/** When to write weight checkpoints: log-spaced early (where Stage I→II happens fast), then every N, and the final. */

/** Whether the weights at epoch t (after t steps) are checkpointed. */
export function isCheckpointEpoch(t: number, init: number, every: number): boolean {
  if (t < init) return t === 0 || isLogSpaced(t)
  return t % every === 0
}

/** 1, 2, 3, 4, 6, 8, 11, 16, 23, 32, …: round(2^(k/2)). */
function isLogSpaced(t: number): boolean {
  const k = Math.round(2 * Math.log2(t))
  return Math.round(2 ** (k / 2)) === t
}

/** First epoch at which each test-accuracy threshold is reached, or null. */
export function firstEpochAtLeast(epochs: number[], acc: (number | null)[], thresholds: number[]): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const th of thresholds) {
    let hit: number | null = null
    for (let i = 0; i < epochs.length; i++) if ((acc[i] ?? -1) >= th) { hit = epochs[i]; break }
    out[String(th)] = hit
  }
  return out
}
