// Shared helpers for runner tests: temp databases, a child process running `li2 sweep` from source, and waiting on a condition.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const dirs: string[] = []
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** A fresh temp folder, removed by cleanupTmp. */
export function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-runner-'))
  dirs.push(d)
  return d
}

/** Removes every temp folder made so far. */
export function cleanupTmp(): void {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
}

/** Spawns `node --import tsx test/runner/fixtures/sweepCli.ts ARGS` (i.e. `li2 sweep ARGS`) from the repo root. */
export function spawnSweep(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/runner/fixtures/sweepCli.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Resolves with the exit code (and output) of a child process. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
  let out = '', err = ''
  child.stdout?.on('data', (d) => (out += d))
  child.stderr?.on('data', (d) => (err += d))
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err })))
}

/** Polls `cond` every 50 ms until it holds (or throws after timeoutMs). */
export async function until(cond: () => boolean, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out waiting for a condition')
    await new Promise((r) => setTimeout(r, 50))
  }
}
