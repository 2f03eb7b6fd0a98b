// CSV text for copying tables out of the lab (RFC 4180 quoting, so a group name with a comma stays one field).

/** One CSV field: quoted when it holds a comma, quote or newline; null and undefined are empty. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return ''
  const s = String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A header row and the rows, newline-terminated. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n'
}
