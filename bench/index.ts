/** `npm run bench`: every benchmark, printing figures for this machine (speed goals live here, never in tests). */
import { benchTrainStep } from './trainStep'
import { benchGroups } from './spectra'
import { benchTheory } from './theory'

const only = process.argv[2]
const BENCHES: Record<string, () => Promise<void>> = {
  train: benchTrainStep,
  groups: benchGroups,
  theory: benchTheory,
  mainJob: async () => (await import('./mainJob')).benchMainJob(),
  batched: async () => (await import('./batched')).benchBatched(),
  sweep: async () => (await import('./sweep')).benchSweep(),
  compare: async () => (await import('./compare')).benchCompare(),
  'runs-table': async () => (await import('./runsTable')).benchRunsTable(),
  // an hour and more: only when named (`npm run bench panel [-- --preset tiny]`)
  panel: async () => (await import('./panel')).benchPanel(process.argv.slice(3)),
  load: async () => (await import('./load')).benchLoad(),
}
const OPT_IN = new Set(['panel'])

for (const [name, run] of Object.entries(BENCHES)) {
  if (only ? only !== name : OPT_IN.has(name)) continue
  console.log(`\n== ${name} ==`)
  await run()
}
