/** `li2 notebook`: the lab notebook from a terminal: list or search entries (FTS5, as the Notebook view searches), print
 *  one, or export one as a self-contained HTML file with its embeds drawn as inline SVG. */
import fs from 'node:fs'
import { NOTE_MARK } from '../../api/contract'
import { ValidationError } from '../../core/errors'
import { parseFlags, reportError } from '../args'
import { withReadService } from '../service'

export const NOTEBOOK_USAGE = 'usage: li2 notebook [list] [--topic T] [--tag T] [--db PATH]\n' +
  '       li2 notebook search WORDS… [--db PATH]\n' +
  '       li2 notebook show ID [--db PATH]\n' +
  '       li2 notebook export ID --out FILE.html [--db PATH]\n\n' +
  'Entries are dated markdown with live embeds (run charts, phase diagrams, …), written in the lab\'s Notebook view;\n' +
  '`li2 figure` and the charts\' Export add one for each figure. search matches every word as a prefix; export writes\n' +
  'one HTML file with inline CSS and every embed drawn as SVG.\n'

const entryId = (s: string | undefined): number => {
  const n = Number(s)
  if (!Number.isInteger(n) || n < 1) throw new ValidationError('ID', `give an entry id (got ${JSON.stringify(s ?? '')})`)
  return n
}

/** Runs `li2 notebook` with argv after the command name. */
export async function notebookCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, { db: { type: 'string' }, out: { type: 'string' }, topic: { type: 'string' }, tag: { type: 'string' } })
    const [verb = 'list', ...rest] = positionals
    return await withReadService(values.db as string | undefined, async (svc) => {
      if (verb === 'list' || verb === 'search') {
        const q = verb === 'search' ? rest.join(' ') : undefined
        if (verb === 'search' && !q) throw new ValidationError('WORDS', 'give the words to search for')
        const hits = await svc.listEntries({ ...(q ? { q } : {}), ...(values.topic ? { topic: values.topic as string } : {}), ...(values.tag ? { tag: values.tag as string } : {}) })
        if (!hits.length) process.stderr.write('li2: no entries\n')
        for (const h of hits) {
          const snip = h.snippet ? `\t${h.snippet.split(NOTE_MARK.open).join('[').split(NOTE_MARK.close).join(']').replace(/\s+/g, ' ')}` : ''
          process.stdout.write(`${h.id}\t${new Date(h.createdAt).toISOString().slice(0, 10)}\t${h.topic}\t${h.title}${snip}\n`)
        }
        return 0
      }
      if (verb === 'show') {
        const e = await svc.getEntry({ id: entryId(rest[0]) })
        process.stdout.write(`# ${e.title}\n${new Date(e.createdAt).toISOString()}${e.topic ? ` · ${e.topic}` : ''}${e.tags.map((t) => ` #${t}`).join('')}\n\n${e.body}\n`)
        return 0
      }
      if (verb === 'export') {
        const id = entryId(rest[0])
        if (values.out === undefined) throw new ValidationError('out', 'is required (the HTML file to write)')
        const { html } = await svc.exportEntry({ id })
        fs.writeFileSync(values.out as string, html)
        process.stdout.write(`${values.out}  (${(html.length / 1024).toFixed(1)} KB)\n`)
        return 0
      }
      throw new ValidationError('command', `unknown notebook command ${JSON.stringify(verb)} (list, search, show, export)`)
    })
  } catch (e) { return reportError(e) }
}
