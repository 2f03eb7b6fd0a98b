// A search snippet as text pieces: the store marks each match between NOTE_MARK.open and .close, and the list shows
// the marked pieces in <mark> as text nodes, so a snippet never reaches the page as HTML.
import { NOTE_MARK } from '../../../api/contract'

/** `snippet` split into pieces, `hit` where a match was marked. */
export function snippetPieces(snippet: string): { text: string; hit: boolean }[] {
  const out: { text: string; hit: boolean }[] = []
  for (const chunk of snippet.split(NOTE_MARK.open)) {
    const [hit, rest] = chunk.includes(NOTE_MARK.close) ? chunk.split(NOTE_MARK.close, 2) as [string, string] : [null, chunk]
    if (hit) out.push({ text: hit, hit: true })
    if (rest) out.push({ text: tidy(rest.split(NOTE_MARK.close).join('')), hit: false })
  }
  return out
}

/** An embed's JSON (whole or cut off by the snippet's window) reads as "[embed]", and markdown heading marks go. */
function tidy(s: string): string {
  return s.replace(/```li2\s*(\{[^}]*\}?)?\s*(```)?\s*/g, '[embed] ').replace(/(^|\s)#{1,6}\s/g, '$1')
}
