/** `li2 db backup PATH` and `li2 db check`: a consistent copy of the store while runs write to it, and a full check. */
import { checkDatabase, defaultDbPath, openStore } from '../../store'
import { ValidationError } from '../../core/errors'
import { parseFlags, reportError } from '../args'

/** `li2 db --help`. */
export const DB_USAGE = 'usage: li2 db backup PATH [--force] [--db PATH]\n       li2 db check [--json] [--db PATH]\n\n' +
  'backup  copies the store into PATH with SQLite\'s online backup: a consistent snapshot, safe while runs and sweeps\n' +
  '        write (they are not paused). PATH must not exist unless --force. Open the copy with --db PATH.\n' +
  'check   reads every page (PRAGMA integrity_check) and every reference (foreign_key_check) without writing;\n' +
  '        exit 0 when sound, 1 with the problems listed when not.\n' +
  'The app also keeps a copy before each schema upgrade, beside the store: li2.sqlite.v<N>.bak (the newest two).\n'

/** `li2 db SUBCOMMAND`. */
export async function dbCommand(argv: string[]): Promise<number> {
  try {
    const [sub, ...rest] = argv
    if (sub === 'backup') return await backup(rest)
    if (sub === 'check') return check(rest)
    throw new ValidationError('db', `needs a subcommand: backup PATH or check (got ${JSON.stringify(sub ?? '')})`)
  } catch (e) { return reportError(e) }
}

async function backup(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { db: { type: 'string' }, force: { type: 'boolean' } })
  if (positionals.length !== 1) throw new ValidationError('PATH', `li2 db backup takes one file to write (got ${positionals.length})`)
  const store = openStore(values.db as string | undefined, { check: false })
  try {
    const r = await store.backup(positionals[0], values.force === true)
    const c = checkDatabase(r.path)
    if (!c.ok) { process.stderr.write(`li2: the backup at ${r.path} fails its check: ${c.problems.join('; ')}\n`); return 1 }
    process.stderr.write(`li2: backed up ${store.path} to ${r.path} (${r.pages} pages, ${r.bytes} bytes, ${c.runs} runs, ${c.metrics} metric rows; checked)\n`)
    return 0
  } finally { store.close() }
}

function check(argv: string[]): number {
  const { values } = parseFlags(argv, { db: { type: 'string' }, json: { type: 'boolean' } }, false)
  const c = checkDatabase((values.db as string | undefined) ?? defaultDbPath())
  if (values.json) process.stdout.write(JSON.stringify(c, null, 2) + '\n')
  else if (c.ok) process.stdout.write(`${c.path}: ok (schema v${c.version}, ${c.runs} runs, ${c.metrics} metric rows, ${c.bytes} bytes)\n`)
  else process.stdout.write(`${c.path}: damaged\n${c.problems.map((p) => `  ${p}`).join('\n')}\n` +
    `Restore it from a backup (li2.sqlite.v<N>.bak beside it, or your li2 db backup), or copy out what is readable with\n` +
    `  sqlite3 ${c.path} .recover | sqlite3 ${c.path}.recovered\n`)
  return c.ok ? 0 : 1
}
