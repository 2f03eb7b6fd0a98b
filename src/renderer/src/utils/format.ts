// Small display formatters shared by the views.

/** A number to `digits` significant digits, or a dash. */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—'
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(digits - 1).replace(/\.?0+e/, 'e')
  return String(Number(x.toPrecision(digits)))
}

/** A fraction as a percentage, or a dash. */
export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : `${(x * 100).toFixed(digits)}%`
}

/** A timestamp (ms) as a short local date-time. */
export function when(ms: number | null | undefined): string {
  if (!ms) return '—'
  const d = new Date(ms)
  const sameDay = d.toDateString() === new Date().toDateString()
  return (sameDay ? TIME : DATE_TIME).format(d)
}
// made once: toLocaleString(…, options) builds a formatter per call, which showed in the runs table's profile
const TIME = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' })
const DATE_TIME = new Intl.DateTimeFormat([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })

/** Seconds left at `msPerStep` for the remaining epochs, as "1 m 20 s". */
export function eta(msPerStep: number | null | undefined, remaining: number): string {
  if (!msPerStep || remaining <= 0) return ''
  const s = Math.round((msPerStep * remaining) / 1000)
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} m ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} m`
}
