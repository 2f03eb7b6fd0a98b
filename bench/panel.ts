/** Bench: one Fig. 5 preset panel (default fig5-prime at quick scale) trained twice on this machine, with early stopping
 *  (the presets' `stop-when auto`) and without (`off`), each in a fresh database: wall time, runs per outcome, and the
 *  fitted c with its 95% interval; the two fits must agree within their intervals. `npm run bench panel` (about an hour
 *  and a half on 2 free cores); `npm run bench panel -- --preset tiny` checks the script in seconds; `--keep DIR` keeps
 *  both databases for `li2 phase`. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openStore } from '../src/store'
import { phaseReport } from '../src/runner/phase'
import { presetSpec, type Scale } from '../src/runner/presets'
import { enqueueSweep, SweepRunner } from '../src/runner/sweepRunner'
import type { SweepSpec } from '../src/runner/sweepSpec'

interface PassResult { stop: string; ms: number; c: number | null; lo: number | null; hi: number | null; outcomes: Record<string, number> }

async function pass(spec: SweepSpec, stop: string, dir: string, workers: number | undefined): Promise<PassResult> {
  const db = path.join(dir, `panel-${stop}.sqlite`)
  fs.rmSync(db, { force: true })
  const s: SweepSpec = { ...spec, name: `${spec.name}-stop-${stop}`, fixed: { ...spec.fixed, 'stop-when': stop } }
  const store = openStore(db)
  const q = enqueueSweep(store, s)
  store.close()
  const runner = new SweepRunner({ dbPath: db, workers })
  const t0 = performance.now()
  await runner.run(q.sweepId)
  const ms = performance.now() - t0
  await runner.close()
  const read = openStore(db)
  try {
    const r = phaseReport(read, q.sweepId)
    return { stop, ms, c: r.fit.c, lo: r.fit.lo, hi: r.fit.hi, outcomes: r.outcomes }
  } finally { read.close() }
}

const f = (x: number | null) => (x === null ? '-' : x.toFixed(3))

/** Prints each pass's wall time, outcomes and c, then whether the fits agree. */
export async function benchPanel(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { preset: { type: 'string', default: 'fig5-prime' }, scale: { type: 'string', default: 'quick' }, keep: { type: 'string' }, workers: { type: 'string' } }, strict: true })
  const spec = presetSpec(values.preset!, values.scale as Scale)
  const dir = values.keep ? path.resolve(values.keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'li2-bench-panel-'))
  fs.mkdirSync(dir, { recursive: true })
  const workers = values.workers ? Number(values.workers) : undefined
  console.log(`panel ${spec.name}: early stopping on (auto) and off, ${os.availableParallelism()} cores, databases in ${dir}`)
  const res: PassResult[] = []
  try {
    for (const stop of ['auto', 'off']) {
      const r = await pass(spec, stop, dir, workers)
      res.push(r)
      const o = r.outcomes
      console.log(`stop-when ${stop.padEnd(4)}: ${(r.ms / 60000).toFixed(1)} min; ${o.generalized} generalized, ${o.memorized} memorized, ${o.collapsed} collapsed, ${o.diverged} diverged, ${o.unfinished} unfinished; c = ${f(r.c)} [${f(r.lo)}, ${f(r.hi)}]`)
    }
  } finally { if (!values.keep) fs.rmSync(dir, { recursive: true, force: true }) }
  const [a, b] = res
  const agree = a.c !== null && b.c !== null && (a.lo === null || a.hi === null || (b.c >= a.lo && b.c <= a.hi)) && (b.lo === null || b.hi === null || (a.c >= b.lo && a.c <= b.hi))
  console.log(`early stopping saves ${(100 * (1 - a.ms / b.ms)).toFixed(0)}% of the wall time; the fits ${agree ? 'agree' : 'DISAGREE'} within their intervals`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await benchPanel(process.argv.slice(2))
