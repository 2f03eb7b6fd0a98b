// Slurm's text formats as 22.05 printed them on the test cluster: scontrol -o lines, array ranges, sbatch --parsable.
import { describe, expect, it } from 'vitest'
import { expandTaskRange, foldTaskRange, parseSbatchParsable, parseScontrolJobs } from '../../src/runner/slurm/textFormats'

// trimmed from `scontrol -o show job 1` while an array=0-5%2 ran (task 1 exits 3), fields in Slurm's order
const SHOW = [
  'JobId=1 ArrayJobId=1 ArrayTaskId=2-5%2 ArrayTaskThrottle=2 JobName=wrap UserId=root(0) Priority=1 JobState=PENDING Reason=JobArrayTaskLimit Dependency=(null) ExitCode=0:0 Command=(null) WorkDir=/tmp/a b',
  'JobId=3 ArrayJobId=1 ArrayTaskId=1 JobName=wrap JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=3:0 WorkDir=/tmp',
  'JobId=2 ArrayJobId=1 ArrayTaskId=0 JobName=wrap JobState=CANCELLED Reason=None ExitCode=0:15 WorkDir=/tmp',
].join('\n')

describe('Slurm text formats', () => {
  it('reads one task per scontrol line, the pending remainder as its index range, and ExitCode as code:signal', () => {
    const t = parseScontrolJobs(SHOW + '\n')
    expect(t.map((x) => [x.jobId, x.arrayJobId, x.taskIds, x.state, x.reason, x.exitCode, x.signal])).toEqual([
      [1, 1, [2, 3, 4, 5], 'PENDING', 'JobArrayTaskLimit', 0, 0],
      [3, 1, [1], 'FAILED', 'NonZeroExitCode', 3, 0],
      [2, 1, [0], 'CANCELLED', 'None', 0, 15],
    ])
  })

  it('expands and folds array index ranges as sbatch --array writes them', () => {
    expect(expandTaskRange('7')).toEqual([7])
    expect(expandTaskRange('[0-2,5]')).toEqual([0, 1, 2, 5])
    expect(expandTaskRange('1-9:4%3')).toEqual([1, 5, 9])
    expect(foldTaskRange([5, 0, 2, 1, 9, 8])).toBe('0-2,5,8-9')
    for (const ids of [[0], [3, 4, 5, 10], [1, 3, 5]]) expect(expandTaskRange(foldTaskRange(ids))).toEqual(ids)
    expect(() => expandTaskRange('a-b')).toThrow(/not an array index range/)
  })

  it('takes the job id from sbatch --parsable, with or without a cluster name', () => {
    expect(parseSbatchParsable('42\n')).toBe(42)
    expect(parseSbatchParsable('42;cluster2\n')).toBe(42)
    expect(() => parseSbatchParsable('sbatch: error: x')).toThrow(/no job id/)
  })
})
