// Optional curve smoothing: a debiased exponential moving average (TensorBoard's "smoothing" slider) that weights each
// point by the epochs elapsed since the last one, so sparse diagnostics (every diag-every epochs) smooth like dense loss.

/** A [x, y] point as the charts plot it; y null is a gap (not measured). */
export type Point = [number, number | null]

/** The median positive gap between consecutive x, or 1 when there is none. */
function medianStep(xs: number[]): number {
  const d = xs.slice(1).map((x, i) => x - xs[i]!).filter((g) => g > 0).sort((a, b) => a - b)
  return d.length ? d[Math.floor(d.length / 2)]! : 1
}

/** EMA of `points` with `weight` in [0, 1) per median x-step (0 = raw): the decay over a gap Δx is weight^(Δx/median),
 *  and the running sum is divided by its accumulated weight (TensorBoard's debiasing), so the first point is itself
 *  and a constant series stays constant. Nulls and non-finite values stay gaps and do not move the average. */
export function smoothEma(points: Point[], weight: number): Point[] {
  if (!(weight > 0)) return points.map(([x, y]) => [x, y])
  const w = Math.min(weight, 0.999)
  const step = medianStep(points.filter(([, y]) => y !== null && Number.isFinite(y)).map(([x]) => x))
  let acc = 0
  let norm = 0
  let lastX: number | null = null
  return points.map(([x, y]) => {
    if (y === null || !Number.isFinite(y)) return [x, null]
    // the first point counts as one median step after an empty past (TensorBoard: last = 0, then divide by 1 − w^n)
    const decay = lastX === null ? w : Math.pow(w, Math.max(0, x - lastX) / step)
    acc = acc * decay + (1 - decay) * y
    norm = norm * decay + (1 - decay)
    lastX = x
    return [x, norm > 0 ? acc / norm : y]
  })
}
