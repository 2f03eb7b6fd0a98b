/** `li2 restore RUN` and `li2 trash [--empty [--yes]]`: the trash `li2 delete` moves runs to, through the service. */
import { createInterface } from 'node:readline/promises'
import { ApiError } from '../../api/contract'
import { withReadService } from '../service'
import { parseFlags, reportError, runIdArg } from '../args'

/** `li2 restore --help`. */
export const RESTORE_USAGE = 'usage: li2 restore RUN [--db PATH]\n\nTakes a run out of the trash with every metric, checkpoint and spectrum it had.\n'
/** `li2 trash --help`. */
export const TRASH_USAGE = 'usage: li2 trash [--empty [--yes]] [--db PATH]\n\n' +
  'Lists the runs in the trash (`li2 delete RUN` puts them there, `li2 restore RUN` takes them out).\n' +
  '--empty deletes them all for good; it asks first on a terminal, elsewhere it needs --yes.\n'

/** `li2 restore RUN`. */
export async function restoreCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, { db: { type: 'string' } })
    const id = runIdArg(positionals[0])
    return await withReadService(values.db as string | undefined, async (svc) => {
      await svc.restoreRun({ id })
      process.stderr.write(`li2: restored run ${id}\n`)
      return 0
    })
  } catch (e) { return reportError(e) }
}

/** `li2 trash [--empty [--yes]]`: lists the trash, or empties it after asking. */
export async function trashCommand(argv: string[]): Promise<number> {
  try {
    const { values } = parseFlags(argv, { db: { type: 'string' }, empty: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } }, false)
    return await withReadService(values.db as string | undefined, async (svc) => {
      const runs = await svc.listRuns({ trashed: true, limit: 100000 })
      if (!values.empty) {
        if (runs.length === 0) process.stderr.write('li2: the trash is empty\n')
        for (const r of runs) {
          process.stdout.write(`${r.id}\t${r.status}\t${r.group}\t${r.label ?? ''}\ttrashed ${new Date(r.deletedAt!).toISOString()}\n`)
        }
        return 0
      }
      if (runs.length === 0) { process.stderr.write('li2: the trash is empty\n'); return 0 }
      const what = `${runs.length} run${runs.length === 1 ? '' : 's'} (${runs.map((r) => r.id).join(', ')})`
      if (!values.yes) {
        if (!process.stdin.isTTY || !process.stderr.isTTY) throw new ApiError('invalid', `emptying the trash deletes ${what} for good; pass --yes to confirm (no terminal to ask on)`, 'yes')
        const rl = createInterface({ input: process.stdin, output: process.stderr })
        const answer = await rl.question(`delete ${what} for good? This cannot be undone. [y/N] `).finally(() => rl.close())
        if (!/^y(es)?$/i.test(answer.trim())) { process.stderr.write('li2: nothing deleted\n'); return 1 }
      }
      const { deleted } = await svc.emptyTrash({})
      process.stderr.write(`li2: deleted ${deleted} run${deleted === 1 ? '' : 's'} for good\n`)
      return 0
    })
  } catch (e) { return reportError(e) }
}
