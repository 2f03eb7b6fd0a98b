/** Bench: sweep throughput (runs per hour, training steps per second) on a fixed small grid with 1 and 2 workers, one run
 *  per worker and stacked (issue 16), and the scaling efficiency of the second worker (issue 5). Each pass uses a fresh
 *  database, so worker start-up is included. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore } from '../src/store'
import { estimateCost } from '../src/runner/presets'
import { AUTO_BATCH, enqueueSweep, SweepRunner } from '../src/runner/sweepRunner'
import { expandSpec, type SweepSpec } from '../src/runner/sweepSpec'

/** Z_23, K 256 (LI2_BENCH_K), 600 epochs, p ∈ {0.3, 0.4, 0.5} × 8 seeds = 24 runs (≈1 ms/step on wasm). */
const SPEC: SweepSpec = {
  name: 'bench',
  fixed: { group: '23', hidden: Number(process.env.LI2_BENCH_K ?? 256), lr: 1e-2, wd: 1e-3, epochs: 600, 'eval-every': 10, 'diag-every': 100, backend: 'wasm' },
  grid: { 'train-frac': [0.3, 0.4, 0.5], seed: [1, 2, 3, 4, 5, 6, 7, 8] },
}

async function pass(workers: number, batch: number): Promise<{ ms: number; runs: number; steps: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-bench-sweep-'))
  try {
    const db = path.join(dir, 'li2.sqlite')
    const store = openStore(db)
    const q = enqueueSweep(store, SPEC)
    store.close()
    const runner = new SweepRunner({ dbPath: db, workers, batch })
    const t0 = performance.now()
    const c = await runner.run(q.sweepId)
    const ms = performance.now() - t0
    await runner.close()
    return { ms, runs: c.done, steps: c.done * 600 }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Prints runs/hour and steps/s for the fixed grid with 1 and 2 workers, and the scaling efficiency. */
export async function benchSweep(): Promise<void> {
  const items = expandSpec(SPEC)
  const est = estimateCost(items.map((i) => i.config), 1)
  console.log(`grid: ${items.length} runs of Z_23, K ${SPEC.fixed!.hidden}, 600 epochs; cost model ${(est.ms / 1000).toFixed(1)} s of training on 1 worker; ${os.availableParallelism()} cores`)
  for (const batch of [1, AUTO_BATCH]) {
    const res: Record<number, number> = {}
    for (const w of [1, 2]) {
      const r = await pass(w, batch)
      res[w] = r.ms
      console.log(`${batch === 1 ? 'one run per worker' : `stacked (--batch ${batch})`}, workers ${w}: ${(r.ms / 1000).toFixed(2)} s, ${Math.round((r.runs * 3600e3) / r.ms)} runs/hour, ${Math.round((r.steps * 1000) / r.ms)} steps/s`)
    }
    const eff = res[1] / (2 * res[2])
    console.log(`  scaling efficiency 1 → 2 workers: ${(100 * eff).toFixed(0)}% (speed-up ${(res[1] / res[2]).toFixed(2)}×)`)
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await benchSweep()
