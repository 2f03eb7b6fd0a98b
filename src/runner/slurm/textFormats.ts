/** Slurm's text outputs, parsed: `sbatch --parsable`, `scontrol -o show job` (one line per task) and array index
 *  ranges ("2-5%2", "[1,3-4]"). The text formats are stable across Slurm 22–25; `--json` is not (its schema changes per release). */

/** One line of `scontrol -o show job ARRAY`: a task (or the pending remainder of the array, as several task ids). */
export interface ScontrolTask {
  jobId: number
  arrayJobId: number | null
  /** Array indices this line covers (one, or the pending range). */
  taskIds: number[]
  state: string
  reason: string
  /** ExitCode=E:S, the task's exit status and the signal that ended it (0:15 for a scancel). */
  exitCode: number | null
  signal: number | null
}

/** The job id `sbatch --parsable` prints: "N" or "N;cluster". */
export function parseSbatchParsable(text: string): number {
  const id = Number(text.trim().split('\n').pop()!.split(';')[0])
  if (!Number.isInteger(id) || id <= 0) throw new Error(`sbatch printed no job id: ${JSON.stringify(text.trim())}`)
  return id
}

/** Expands an array index expression: "7", "2-5", "2-5%2", "[0-3,7]", "1-9:2" (step). */
export function expandTaskRange(text: string): number[] {
  const body = text.replace(/^\[|\]$/g, '').replace(/%\d+$/, '')
  const out: number[] = []
  for (const part of body.split(',')) {
    if (part === '') continue
    const m = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part)
    if (!m) throw new Error(`not an array index range: ${JSON.stringify(text)}`)
    const lo = Number(m[1]), hi = m[2] === undefined ? lo : Number(m[2]), step = m[3] === undefined ? 1 : Number(m[3])
    for (let i = lo; i <= hi; i += step) out.push(i)
  }
  return out
}

/** An index list as sbatch's --array takes it, ranges folded: [0,1,2,5] → "0-2,5". */
export function foldTaskRange(ids: readonly number[]): string {
  const s = [...new Set(ids)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < s.length; ) {
    let j = i
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++
    parts.push(i === j ? `${s[i]}` : `${s[i]}-${s[j]}`)
    i = j + 1
  }
  return parts.join(',')
}

/** key=value fields of one `-o` line; a value runs to the next " Key=" (values such as Command= may hold spaces). */
export function parseKeyValues(line: string): Record<string, string> {
  const out: Record<string, string> = {}
  const re = /(?:^|\s)([A-Za-z][A-Za-z0-9_:/]*)=/g
  const hits: { key: string; start: number; end: number }[] = []
  for (let m = re.exec(line); m; m = re.exec(line)) hits.push({ key: m[1], start: m.index, end: m.index + m[0].length })
  hits.forEach((h, i) => { out[h.key] ??= line.slice(h.end, i + 1 < hits.length ? hits[i + 1].start : line.length).trim() })
  return out
}

/** The task lines of `scontrol -o show job ID` (a non-array job is one task with index 0). */
export function parseScontrolJobs(text: string): ScontrolTask[] {
  return text.split('\n').filter((l) => l.includes('JobId=')).map((line) => {
    const f = parseKeyValues(line)
    const [code, sig] = (f.ExitCode ?? '').split(':').map(Number)
    return {
      jobId: Number(f.JobId),
      arrayJobId: f.ArrayJobId ? Number(f.ArrayJobId) : null,
      taskIds: f.ArrayTaskId ? expandTaskRange(f.ArrayTaskId) : [0],
      state: (f.JobState ?? 'UNKNOWN').split(/[ +]/)[0],
      reason: f.Reason ?? '',
      exitCode: Number.isInteger(code) ? code : null,
      signal: Number.isInteger(sig) ? sig : null,
    }
  })
}

/** Slurm job states that end a task (the rest are pending or running: PENDING, RUNNING, CONFIGURING, COMPLETING, REQUEUED, …). */
export const ENDED_STATES = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'PREEMPTED'])
