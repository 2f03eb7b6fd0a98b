/** Bench: character-table time for the order-128 catalog groups and featureSpectra time for K = 2048 (issue 3). */
import '../src/core/groups/catalog'
import { characterTable } from '../src/core/groups/characters'
import { resolveGroup } from '../src/core/groups'
import { decodeSmallGroup, SMALL_GROUPS } from '../src/core/groups/smallGroups'
import { featureSpectra } from '../src/core/groups/spectra'
import { Rng } from '../src/core/rng'

/** Prints character-table and spectra timings. */
export async function benchGroups(): Promise<void> {
  // character tables: every shipped group of order 128 (fresh group objects, so no cache hits)
  const recs = SMALL_GROUPS.filter((r) => r.order === 128)
  let t0 = performance.now(), worst = 0, worstName = ''
  for (const r of recs) {
    const g = decodeSmallGroup(r)
    const t1 = performance.now()
    characterTable(g)
    const dt = performance.now() - t1
    if (dt > worst) { worst = dt; worstName = g.name }
  }
  const total = performance.now() - t0
  console.log(`character tables, ${recs.length} groups of order 128: ${total.toFixed(0)} ms total (incl. decode), ${(total / recs.length).toFixed(1)} ms mean, worst ${worst.toFixed(1)} ms (${worstName})`)
  t0 = performance.now()
  const all = SMALL_GROUPS.map(decodeSmallGroup)
  for (const g of all) characterTable(g)
  console.log(`character tables, whole catalog (${all.length} groups): ${(performance.now() - t0).toFixed(0)} ms`)

  // spectra for K = 2048, q = 2 on a few groups (the first call per group includes its spectral basis)
  const K = 2048, q = 2, rng = new Rng(1)
  const last128 = recs[recs.length - 1]
  for (const spec of ['127', `SmallGroup(128,${last128.id})`, 'D64', 'SL(2,3)']) {
    const g = resolveGroup(spec)
    const M = g.order
    const Wt = Float32Array.from({ length: q * M * K }, () => rng.uniform(-1, 1))
    const V = Float32Array.from({ length: M * K }, () => rng.uniform(-1, 1))
    const tc = performance.now()
    characterTable(g)
    const tCold = performance.now()
    featureSpectra(g, Wt, V, K, q)
    const tFirst = performance.now()
    featureSpectra(g, Wt, V, K, q)
    const tWarm = performance.now()
    console.log(`featureSpectra ${spec} (|G|=${M}, K=${K}, q=${q}): character table ${(tCold - tc).toFixed(0)} ms, first ${(tFirst - tCold).toFixed(0)} ms, warm ${(tWarm - tFirst).toFixed(0)} ms`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchGroups()
