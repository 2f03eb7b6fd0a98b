// Merging a Slurm task's shard store into the lab's: finished runs arrive with everything they own, once, however often merged.
import { afterAll, describe, expect, it } from 'vitest'
import { configHash, openStore } from '../../src/store'
import { cleanupTmp, config, tmpDb } from './helpers'

afterAll(cleanupTmp)

/** A shard as a task leaves it: two finished runs with metrics, split, checkpoint, spectra and tags, and one interrupted. */
function makeShard(): { path: string; configs: ReturnType<typeof config>[] } {
  const path = tmpDb()
  const s = openStore(path)
  const configs = [config({ seed: 1 }), config({ seed: 2 }), config({ seed: 3 })]
  configs.forEach((c, i) => {
    const id = s.createRun(c, { status: 'running' })
    s.appendMetrics(id, [{ epoch: 0, train_acc: 0.1 * i, test_acc: 0.05 }, { epoch: 10, train_acc: 1, test_acc: 0.5 + 0.1 * i }])
    s.saveSplit(id, { train: new Int32Array([1, 2, 3 + i]), test: new Int32Array([4]) })
    s.saveCheckpoint(id, 10, { W: { shape: [2], data: new Float32Array([i, 1]) } })
    s.saveSpectra(id, 10, { peak: i })
    s.setTags(id, ['shard', `s${i}`])
    s.updateRun(id, { summary: { final: { test_acc: 0.5 + 0.1 * i } }, epochsDone: 10 })
    s.setStatus(id, i === 2 ? 'interrupted' : 'finished')
  })
  s.close()
  return { path, configs }
}

describe('mergeShard', () => {
  it('copies finished runs with their metrics, split, checkpoints, spectra, tags and summary into the sweep', () => {
    const shard = makeShard()
    const lab = openStore(tmpDb())
    const sweepId = lab.createSweep('remote', {})
    const r = lab.mergeShard(shard.path, sweepId, 'slurm:7_0')
    expect([r.merged, r.skipped]).toEqual([2, 0])
    const runs = lab.listRuns({ sweepId })
    expect(runs.map((x) => x.config.seed).sort()).toEqual([1, 2])
    for (const run of runs) {
      const i = run.config.seed - 1
      expect(run.status).toBe('finished')
      expect(run.ownerPid).toBeNull()
      expect(run.summary).toEqual({ final: { test_acc: 0.5 + 0.1 * i } })
      expect(lab.getMetrics(run.id).test_acc).toEqual([0.05, 0.5 + 0.1 * i])
      expect(lab.getSplit(run.id)!.train).toEqual(new Int32Array([1, 2, 3 + i]))
      expect(lab.getCheckpoint(run.id, 10)!.tensors.W.data).toEqual(new Float32Array([i, 1]))
      expect(lab.getSpectra(run.id, 10)!.data).toEqual({ peak: i })
      expect(run.tags).toEqual(['s' + i, 'shard'])
      expect(r.runIds[configHash(run.config)]).toBe(run.id)
    }
    const jobs = lab.listJobs({ sweepId })
    expect(jobs.map((j) => [j.status, j.claimedBy])).toEqual([['done', 'slurm:7_0#1'], ['done', 'slurm:7_0#2']])
    lab.close()
  })

  it('gives one run per config however often the shard is merged', () => {
    const shard = makeShard()
    const lab = openStore(tmpDb())
    const sweepId = lab.createSweep('remote', {})
    const first = lab.mergeShard(shard.path, sweepId, 'slurm:7_0')
    const again = lab.mergeShard(shard.path, sweepId, 'slurm:8_0')
    expect([again.merged, again.skipped]).toEqual([0, 2])
    expect(again.runIds).toEqual(first.runIds)
    expect(lab.listRuns({}).length).toBe(2)
    expect(lab.jobCounts(sweepId).done).toBe(2)
    lab.close()
  })
})
