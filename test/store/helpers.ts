// Shared test helpers for the store: throwaway database folders, a valid config, and a child-process TS runner.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/core/config'
import { ValidationError } from '../../src/core/errors'
import { openStore } from '../../src/store'

const dirs: string[] = []

/** A fresh temp folder, removed by cleanupTmp. */
export function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-store-'))
  dirs.push(d)
  return d
}

/** A database path inside a fresh temp folder (the file does not exist yet). */
export function tmpDb(): string {
  return path.join(tmpDir(), 'li2.sqlite')
}

/** Removes every temp folder made so far. */
export function cleanupTmp(): void {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
}

/** A valid config, optionally overridden. */
export function config(over: Partial<TrainConfig> = {}): TrainConfig {
  return { ...DEFAULT_CONFIG, lrMilestones: [...DEFAULT_CONFIG.lrMilestones], ...over }
}

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures')

/** Spawns `node --import tsx test/store/fixtures/<name>.ts ...args` with piped stdout. */
export function spawnFixture(name: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(FIXTURES, `${name}.ts`), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Resolves with the exit code/signal once the child has exited (and been reaped, so its pid is really gone). */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
}

/** The ValidationError('db', …) with which opening `file` is refused; its rule names the path. Fails if it opens. */
export function refusal(file: string): ValidationError {
  try {
    openStore(file).close()
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError)
    expect((e as ValidationError).field).toBe('db')
    expect((e as ValidationError).rule).toContain(file)
    return e as ValidationError
  }
  throw new Error(`expected ${file} to be refused`)
}
