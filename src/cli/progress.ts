/** A one-line progress bar on stderr (epoch, losses, accuracies, ETA); silent when stderr is not a terminal. */

/** Renders the bar for fraction done with a trailing status text. */
export function progressLine(done: number, total: number, text: string, startedMs: number): string {
  const frac = total > 0 ? Math.min(1, done / total) : 0
  const width = 24
  const fill = Math.round(frac * width)
  const elapsed = (Date.now() - startedMs) / 1000
  const eta = frac > 0 ? elapsed * (1 - frac) / frac : NaN
  return `[${'█'.repeat(fill)}${'░'.repeat(width - fill)}] ${(100 * frac).toFixed(0).padStart(3)}% ${text} ETA ${fmtSeconds(eta)}`
}

function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--'
  if (s < 60) return `${s.toFixed(0)}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`
}

/** Writes progress lines in place on a TTY, and every ~10% otherwise. */
export class ProgressBar {
  private started = Date.now()
  private lastPct = -1

  constructor(private stream: NodeJS.WriteStream = process.stderr) {}

  update(done: number, total: number, text: string): void {
    const line = progressLine(done, total, text, this.started)
    if (this.stream.isTTY) { this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 120) - 1)}\x1b[K`); return }
    const pct = Math.floor((10 * done) / Math.max(1, total))
    if (pct !== this.lastPct) { this.lastPct = pct; this.stream.write(line + '\n') }
  }

  done(): void {
    if (this.stream.isTTY) this.stream.write('\n')
  }
}
