/** Shared CLI plumbing: flag parsing that names the bad flag, exit codes, and JSON/table output. */
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { ValidationError } from '../core/errors'
import { ApiError } from '../api/contract'

export const EXIT_USAGE = 2

/** parseArgs that turns node's unknown-option errors into a ValidationError naming the flag. */
export function parseFlags(argv: string[], options: NonNullable<ParseArgsConfig['options']>, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true })
  } catch (e) {
    const m = /'(--?[^']+)'/.exec((e as Error).message)
    const flag = m ? m[1].replace(/^-+/, '') : 'arguments'
    throw new ValidationError(flag, (e as Error).message.replace(/^Unknown option/, 'unknown option').split('. ')[0])
  }
}

/** Prints a bad-input error (field: rule) and returns the usage exit code; rethrows anything else. */
export function reportError(e: unknown): number {
  if (e instanceof ValidationError || (e instanceof ApiError && e.code !== 'internal')) {
    process.stderr.write(`li2: ${e.message}\n`)
    return EXIT_USAGE
  }
  process.stderr.write(`li2: ${(e as Error)?.stack ?? String(e)}\n`)
  return 1
}

/** A positive integer positional argument such as a run id. */
export function runIdArg(v: string | undefined, name = 'RUN'): number {
  const n = Number(v)
  if (!v || !Number.isInteger(n) || n < 1) throw new ValidationError(name, `must be a run id (a positive integer, got ${JSON.stringify(v ?? '')})`)
  return n
}

type FlagValue = string | boolean | (string | boolean)[] | undefined

/** A number flag's value: any string Number() reads as a finite number, else a ValidationError naming the flag. */
function finiteFlag(raw: FlagValue, flag: string, what: string): number {
  const x = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN
  if (!Number.isFinite(x)) throw new ValidationError(flag, `must be ${what} (got ${JSON.stringify(raw)})`)
  return x
}

function rangeText(min?: number, max?: number): string {
  return min !== undefined && max !== undefined ? ` in ${min}..${max}` : min !== undefined ? ` ≥ ${min}` : max !== undefined ? ` ≤ ${max}` : ''
}

/** An integer flag (every command's --limit, --epoch, --workers, --seed …): undefined when absent, else an integer in
 *  [min, max]; "abc", "1.5", "", "Infinity" or an out-of-range value is a ValidationError naming the flag and the rule. */
export function intFlag(raw: FlagValue, flag: string, range: { min?: number; max?: number } = {}): number | undefined {
  if (raw === undefined) return undefined
  const what = `an integer${rangeText(range.min, range.max)}`
  const x = finiteFlag(raw, flag, what)
  if (!Number.isSafeInteger(x) || (range.min !== undefined && x < range.min) || (range.max !== undefined && x > range.max)) {
    throw new ValidationError(flag, `must be ${what} (got ${JSON.stringify(raw)})`)
  }
  return x
}

/** A finite number flag: undefined when absent, else a number in [min, max] ("Infinity" and "NaN" are refused). */
export function numberFlag(raw: FlagValue, flag: string, range: { min?: number; max?: number } = {}): number | undefined {
  if (raw === undefined) return undefined
  const what = `a finite number${rangeText(range.min, range.max)}`
  const x = finiteFlag(raw, flag, what)
  if ((range.min !== undefined && x < range.min) || (range.max !== undefined && x > range.max)) throw new ValidationError(flag, `must be ${what} (got ${JSON.stringify(raw)})`)
  return x
}

/** A flag whose value must be one of `allowed`: undefined when absent. */
export function choiceFlag<T extends string>(raw: FlagValue, flag: string, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) throw new ValidationError(flag, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw)})`)
  return raw as T
}

/** The path as it will be reached: the real path when it exists, else its folder's real path and its name. */
function realOrNull(p: string): string | null {
  try { return fs.realpathSync(p) } catch { /* not there */ }
  try { return path.join(fs.realpathSync(path.dirname(p)), path.basename(p)) } catch { return null }
}

function statOrNull(p: string, follow = true): fs.Stats | null {
  try { return follow ? fs.statSync(p) : fs.lstatSync(p) } catch { return null }
}

/** Checks an output file for `--out` before anything is read or written; returns its absolute path. Refuses, naming
 *  `flag`: a directory, a missing folder, a dangling link, the store or its -wal/-shm/-journal files (real paths and
 *  inodes compared, so links and `./` spellings count; even with --force), and any existing file without --force. */
export function checkOutPath(out: string, opts: { force: boolean; store: string | null; flag?: string }): string {
  const flag = opts.flag ?? 'out'
  if (out.trim() === '' || out.includes('\0')) throw new ValidationError(flag, `must be a file path (got ${JSON.stringify(out)})`)
  const abs = path.resolve(out)
  const dir = path.dirname(abs)
  const dst = statOrNull(dir)
  if (!dst) throw new ValidationError(flag, `folder ${dir} does not exist (for ${abs})`)
  if (!dst.isDirectory()) throw new ValidationError(flag, `${dir} is not a folder (for ${abs})`)
  const st = statOrNull(abs)
  if (!st && statOrNull(abs, false)) throw new ValidationError(flag, `${abs} is a link to nothing (give a plain file path)`)
  if (st?.isDirectory()) throw new ValidationError(flag, `${abs} is a directory; give a file path`)
  if (opts.store) {
    const real = realOrNull(abs)
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      const p = opts.store + suffix
      const ps = statOrNull(p)
      if ((real !== null && real === realOrNull(p)) || (st && ps && st.dev === ps.dev && st.ino === ps.ino)) {
        throw new ValidationError(flag, `${abs} is the store${suffix ? `'s ${suffix} file` : ''} (${p}); writing there would destroy it`)
      }
    }
  }
  if (st && !opts.force) throw new ValidationError(flag, `${abs} already exists (add --force to replace it)`)
  return abs
}

/** Writes an output file checked by checkOutPath; without --force it never replaces a file that appeared meanwhile. */
export function writeOutFile(abs: string, text: string | Uint8Array, opts: { force: boolean; flag?: string }): void {
  try {
    fs.writeFileSync(abs, text, { flag: opts.force ? 'w' : 'wx' })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw new ValidationError(opts.flag ?? 'out', `${abs} already exists (add --force to replace it)`)
    throw new ValidationError(opts.flag ?? 'out', `cannot write ${abs}: ${code ?? (e as Error).message}`)
  }
}

/** The CLI's one table printer (src/cli/table.ts), re-exported for the commands that import it from here. */
export { table } from './table'

/** Fixed-precision number or a dash. */
export function fmt(x: number | null | undefined, digits = 4): string {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : Number(x.toPrecision(digits)).toString()
}
