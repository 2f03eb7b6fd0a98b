/** The one text table every `li2` command prints: a header, a rule, rows; numeric columns right-aligned, missing values as '—'.
 *  Optional one-line meanings go under the table as a legend, so a number and what it says are read together. */

/** A table cell: text, a number (printed as given) or a missing value. */
export type Cell = string | number | null | undefined

/** Column alignment: 'l'eft, 'r'ight, or 'auto' (right when every present cell looks like a number). */
export type Align = 'l' | 'r' | 'auto'

export interface TableOptions {
  /** Per-column alignment; default 'auto' for each. */
  align?: readonly Align[]
  /** Spaces before each line (for tables nested under a heading). */
  indent?: number
  /** `[name, meaning]` lines printed under the table, names aligned. */
  legend?: readonly (readonly [string, string])[]
}

/** The text shown for a missing value. */
export const MISSING = '—'

const NUMERIC = /^[-+]?(?:\d[\d,]*\.?\d*|\.\d+)(?:e[-+]?\d+)?(?:%|×)?$|^[<>≤≥±]\s*[-+]?[\d.]+/i

/** Formats rows under a header; returns the lines joined with '\n' and a trailing newline. */
export function table(header: readonly string[], rows: readonly (readonly Cell[])[], opts: TableOptions = {}): string {
  const text = rows.map((r) => header.map((_, j) => cellText(r[j])))
  const width = header.map((h, j) => Math.max(len(h), ...text.map((r) => len(r[j]))))
  const right = header.map((_, j) => {
    const a = opts.align?.[j] ?? 'auto'
    if (a !== 'auto') return a === 'r'
    const present = text.map((r) => r[j]).filter((c) => c !== MISSING && c !== '')
    return present.length > 0 && present.every((c) => NUMERIC.test(c))
  })
  const pad = ' '.repeat(opts.indent ?? 0)
  const line = (cells: readonly string[]) => pad + cells.map((c, j) => (right[j] ? c.padStart(width[j] + c.length - len(c)) : c.padEnd(width[j] + c.length - len(c)))).join('  ').trimEnd()
  const out = [line(header), pad + width.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)]
  if (opts.legend?.length) out.push('', ...legend(opts.legend, opts.indent))
  return out.join('\n') + '\n'
}

/** `name  meaning` lines with the names padded to one width (used under tables and in help texts). */
export function legend(items: readonly (readonly [string, string])[], indent = 0): string[] {
  const w = Math.max(...items.map(([k]) => len(k)))
  return items.map(([k, v]) => `${' '.repeat(indent)}${k.padEnd(w + k.length - len(k))}  ${v}`)
}

function cellText(c: Cell): string {
  if (c === null || c === undefined || (typeof c === 'number' && Number.isNaN(c))) return MISSING
  return String(c)
}

/** Display width: code points, so '—', 'σ', 'Ỹ' count as one column. */
function len(s: string): number {
  let n = 0
  for (const ch of s) if (!/\p{M}/u.test(ch)) n++
  return n
}
