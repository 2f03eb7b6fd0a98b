// What an embed showed when it was made, in one line, stored inside it: an entry whose run or sweep is later deleted
// still says what it was ("run 12 (deleted): group 23, wd 1e-3 …").
import type { Li2Service, NotebookEmbed, RunSummary } from '../../../api/contract'

/** One line on a run: its group and the knobs that tell runs apart, and how it came out. */
export function runSnapshot(r: RunSummary): string {
  return `run ${r.id}${r.label ? ` “${r.label}”` : ''}: group ${r.group}, hidden ${r.hidden}, ${r.optim} lr ${r.lr}, wd ${r.wd}, seed ${r.seed}` +
    `${r.trainFrac !== null ? `, p ${r.trainFrac}` : ''}, ${r.epochsDone}/${r.totalEpochs} epochs, ${r.outcome}` +
    `${r.final ? ` (test acc ${r.final.test_acc.toFixed(3)})` : ''}`
}

/** `e` with its snapshot filled from the store (left as it was when what it names cannot be read). */
export async function withSnapshot(service: Li2Service, e: NotebookEmbed): Promise<NotebookEmbed> {
  try {
    if ((e.kind === 'run-chart' || e.kind === 'features') && e.run) return { ...e, snapshot: runSnapshot(await service.getRun({ id: e.run })) }
    if (e.kind === 'compare' && e.runs?.length) return { ...e, snapshot: (await service.getRuns({ ids: e.runs })).map(runSnapshot).join('; ') }
    if (e.kind === 'phase' && e.sweep) {
      const r = await service.getPhase({ sweep: e.sweep })
      const runs = r.cells.reduce((n, c) => n + c.runs, 0)
      const groups = [...new Set(r.cells.map((c) => c.group))].join(', ')
      return { ...e, snapshot: `sweep ${r.sweep.id} “${r.sweep.name}”: ${runs} runs over groups ${groups}, fitted c = ${r.fit.c === null ? '—' : r.fit.c.toFixed(2)}` }
    }
    if (e.kind === 'census' && e.census) {
      const c = await service.getCensus({ id: e.census })
      return { ...e, snapshot: `census ${c.id}: ${c.group}, p ${c.inputs.trainFrac}, ${c.inputs.restarts} restarts, ${c.status}` }
    }
  } catch {
    // nothing to add: the embed keeps what it had
  }
  return e
}
