/** Weight-movement diagnostics of Fig. 3: the cosine distance between a weight before and after one step. */

/** 1 − ⟨A, B⟩ / (‖A‖‖B‖), reduced in float64 on the host in a form that does not cancel.
 *  Why not on the device: per-step moves are 1e-3…1e-5 of ‖W‖, so the distance is 1e-6…1e-11, at or below float32's
 *  epsilon; 1 − cos in float32 then loses every digit (review measured 36 % error and negative distances at 1e-4).
 *  Here 1 − cos = (‖A − B‖² − (‖A‖ − ‖B‖)²) / (2‖A‖‖B‖), where A − B is exact per element and ‖A‖ − ‖B‖ is taken as
 *  (‖A‖² − ‖B‖²)/(‖A‖ + ‖B‖), so no term subtracts two nearly equal large numbers below float64's precision. */
export function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosineDistance: lengths differ (${a.length} vs ${b.length})`)
  let d2 = 0, aa = 0, bb = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i], d = x - y
    d2 += d * d; aa += x * x; bb += y * y
  }
  if (aa === 0 || bb === 0) return aa === bb ? 0 : 1
  const na = Math.sqrt(aa), nb = Math.sqrt(bb)
  const radial = (aa - bb) / (na + nb) // ‖A‖ − ‖B‖
  return Math.max(0, (d2 - radial * radial) / (2 * na * nb))
}
