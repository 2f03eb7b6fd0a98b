/** Shared CLI plumbing: flag parsing that names the bad flag, exit codes, and JSON/table output. */
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

/** The CLI's one table printer (src/cli/table.ts), re-exported for the commands that import it from here. */
export { table } from './table'

/** Fixed-precision number or a dash. */
export function fmt(x: number | null | undefined, digits = 4): string {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : Number(x.toPrecision(digits)).toString()
}
