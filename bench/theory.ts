/** Bench: energy-ascent steps per second on Z_127 (all pairs), a 100-restart maxima census, and the float64 linear algebra of Lemma 1 / Thm 6 (issue 4). */
import { cyclicProduct } from '../src/core/groups/cyclic'
import { Rng } from '../src/core/rng'
import { groupTask } from '../src/core/task'
import { randomUnit } from '../src/core/theory/ascent'
import { maximaCensus } from '../src/core/theory/census'
import { energyGrad } from '../src/core/theory/energy'
import { lazyStageReport } from '../src/core/theory/lazyStage'
import { interactionReport } from '../src/core/theory/interaction'
import { energyProblem } from '../src/core/theory/problem'
import { reconstruct, phaseConstruction } from '../src/core/theory/construction'

/** Prints ascent throughput, census time and report times. */
export async function benchTheory(): Promise<void> {
  const M = 127
  const p = energyProblem(groupTask(cyclicProduct([M]), 2), 'sqr')
  const rng = new Rng(1)
  const w = randomUnit(p.dim, rng), g = new Float64Array(p.dim)
  // one ascent step ≈ one energyGrad (the step-size search adds about one more per step on average)
  for (let i = 0; i < 50; i++) energyGrad(p, w, g)
  let reps = 0
  const t0 = performance.now()
  while (performance.now() - t0 < 1000) { energyGrad(p, w, g); reps++ }
  const evalsPerS = reps / ((performance.now() - t0) / 1000)
  console.log(`energy+gradient evaluations, Z_${M}, all ${p.n} pairs, σ = x²: ${evalsPerS.toFixed(0)} /s (${(1e6 / evalsPerS).toFixed(1)} µs each)`)

  const t1 = performance.now()
  const census = maximaCensus(p, { restarts: 100, seed: 1 })
  const ms = performance.now() - t1
  console.log(`maxima census, Z_${M}, all pairs, 100 restarts: ${ms.toFixed(0)} ms, ${census.steps} ascent steps (${(census.steps / (ms / 1000)).toFixed(0)} steps/s incl. step-size search), ` +
    `${census.maxima.length} distinct maxima, features ${(100 * census.featureShare).toFixed(0)}%, unconverged ${census.unconverged}`)

  const sub = energyProblem(groupTask(cyclicProduct([M]), 2), 'sqr', rng.permutation(M * M).slice(0, Math.round(0.2 * M * M)))
  const t2 = performance.now()
  const c2 = maximaCensus(sub, { restarts: 100, seed: 1 })
  console.log(`maxima census, Z_${M}, 20% of pairs, 100 restarts: ${(performance.now() - t2).toFixed(0)} ms, memorization ${(100 * c2.memorizationShare).toFixed(0)}%`)

  // Thm 3 on Z_47 (2209 × 92 least squares by SVD)
  const t3 = performance.now()
  const rec = reconstruct(47, phaseConstruction(47))
  console.log(`Thm 3 construction, Z_47 (K = ${rec.K}): residual ${rec.residual.toExponential(1)}, ${(performance.now() - t3).toFixed(0)} ms`)

  // Lemma 1 / Thm 6 reports at a Fig.-3-like shape scaled down: n = 1000 pairs, K = 256 and K = 1200 (Woodbury)
  for (const K of [256, 1200]) {
    const n = 1000, Mm = 71
    const F = { rows: n, cols: K, data: new Float64Array(n * K) }
    const Y = { rows: n, cols: Mm, data: new Float64Array(n * Mm) }
    const W = Array.from({ length: K }, () => Float64Array.from({ length: 2 * Mm }, () => rng.normal() / Math.sqrt(2 * Mm)))
    const pairs = rng.permutation(Mm * Mm).slice(0, n)
    pairs.forEach((s, i) => {
      const a = Math.floor(s / Mm), b = s % Mm
      for (let k = 0; k < K; k++) F.data[i * K + k] = (W[k][a] + W[k][Mm + b]) ** 2
      Y.data[i * Mm + ((a + b) % Mm)] = 1
    })
    const t4 = performance.now()
    const lazy = lazyStageReport(F, Y, 2e-4)
    const t5 = performance.now()
    const inter = interactionReport(F, Y, 2e-4, 10)
    const t6 = performance.now()
    console.log(`lazyStageReport n = ${n}, K = ${K}: ${(t5 - t4).toFixed(0)} ms (Lemma 1 error ${lazy.lemma1Error?.toExponential(1)}); ` +
      `interactionReport (${inter.method}, 10 pairs): ${(t6 - t5).toFixed(0)} ms, sign rule holds ${(100 * inter.holdShare).toFixed(0)}%`)
  }
}
