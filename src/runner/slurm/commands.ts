/** The Slurm client commands the lab calls (sbatch, squeue-free `scontrol`, scancel), and the checks made before anything
 *  is submitted: sbatch on PATH, a reachable controller, a writable --slurm-dir, options sbatch accepts (`--test-only`). */
import { execFile } from 'node:child_process'
import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ValidationError } from '../../core/errors'
import { parseSbatchParsable, parseScontrolJobs, type ScontrolTask } from './textFormats'

/** A finished client command. */
export interface CommandResult { code: number; stdout: string; stderr: string }

/** Runs a Slurm client; a missing binary is a ValidationError naming it (the user's PATH, not a bug). */
export function slurmCommand(cmd: string, args: readonly string[], timeoutMs = 60_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: string | number; killed?: boolean }) | null
      if (e && e.code === 'ENOENT') { reject(new ValidationError('executor', `no ${cmd} on PATH: install the Slurm client commands (sbatch, scontrol, scancel) or run li2 on the cluster's login node`)); return }
      const late = e?.killed ? `\n${cmd} did not answer within ${timeoutMs / 1000} s` : ''
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr: stderr + late })
    })
  })
}

/** sbatch is on PATH and the controller answers (`scontrol ping`; its text says UP or DOWN). */
export async function checkSlurm(): Promise<void> {
  await slurmCommand('sbatch', ['--version'])
  const r = await slurmCommand('scontrol', ['ping'], 30_000) // a client with no config source searches DNS for a minute
  if (r.code !== 0 || !/\bUP\b/.test(r.stdout)) {
    throw new ValidationError('executor', `the Slurm controller is not reachable: ${(r.stdout + r.stderr).trim().split('\n').filter((l) => !/^\*+$/.test(l)).join('; ') || `scontrol ping exited ${r.code}`} (is SLURM_CONF set?)`)
  }
}

/** --slurm-dir exists or can be made, and a file can be written in it. */
export function checkWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true })
    accessSync(dir, constants.W_OK)
    const probe = join(dir, `.li2-write-test-${process.pid}`)
    writeFileSync(probe, '')
    rmSync(probe)
  } catch (e) {
    throw new ValidationError('--slurm-dir', `${dir} is not writable: ${(e as Error).message}`)
  }
}

/** Submits a batch script; with testOnly, sbatch only checks the options (`--test-only`) and submits nothing.
 *  A refusal is a ValidationError with sbatch's own message. */
export async function sbatch(args: readonly string[], script: string, testOnly = false): Promise<number | null> {
  const r = await slurmCommand('sbatch', [...(testOnly ? ['--test-only'] : ['--parsable']), ...args, script])
  if (r.code !== 0) throw new ValidationError('sbatch', `sbatch refused the job: ${(r.stderr || r.stdout).trim()}`)
  return testOnly ? null : parseSbatchParsable(r.stdout)
}

/** The controller's view of one array, a line per task; empty once the controller forgot it (after MinJobAge). */
export async function showJob(jobId: number): Promise<ScontrolTask[]> {
  const r = await slurmCommand('scontrol', ['-o', 'show', 'job', String(jobId)])
  if (r.code !== 0) {
    if (/Invalid job id/i.test(r.stderr + r.stdout)) return []
    throw new ValidationError('executor', `scontrol show job ${jobId} failed (is SLURM_CONF set?): ${(r.stderr || r.stdout).trim()}`)
  }
  return parseScontrolJobs(r.stdout)
}

/** Cancels jobs or single tasks ("12", "12_3"). */
export async function scancel(ids: readonly string[]): Promise<void> {
  if (!ids.length) return
  const r = await slurmCommand('scancel', [...ids])
  if (r.code !== 0 && !/Invalid job id|already completing or completed/i.test(r.stderr)) throw new Error(`scancel failed: ${r.stderr.trim()}`)
}
