/** A one-line progress bar on stderr (epoch, losses, accuracies, ETA): redrawn in place on a terminal, every ~10% otherwise. */

/** Renders the bar for `done` of `total` with a trailing status text and the seconds left (NaN: unknown). */
export function progressLine(done: number, total: number, text: string, etaSeconds: number): string {
  const frac = total > 0 ? Math.min(1, done / total) : 0
  const width = 24
  const fill = Math.round(frac * width)
  return `[${'█'.repeat(fill)}${'░'.repeat(width - fill)}] ${(100 * frac).toFixed(0).padStart(3)}% ${text} ETA ${fmtSeconds(etaSeconds)}`
}

/** Seconds left for `total − done` steps at the speed measured so far in this process. A resumed run starts at its
 *  resume epoch, so the speed is (steps since the first update) / (time since it), never done / elapsed. */
export function etaSeconds(done: number, total: number, msPerStep: number | null): number {
  if (msPerStep === null || !(msPerStep > 0)) return NaN
  return (Math.max(0, total - done) * msPerStep) / 1000
}

function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--'
  if (s < 60) return `${s.toFixed(0)}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

/** Writes progress lines in place on a TTY, and every ~10% otherwise. */
export class ProgressBar {
  private first: { done: number; ms: number } | null = null
  private lastPct = -1

  constructor(private stream: NodeJS.WriteStream = process.stderr, private now: () => number = () => Date.now()) {}

  /** One update; `msPerStep` is the caller's measured speed in this process, else the bar measures it from its first update. */
  update(done: number, total: number, text: string, msPerStep?: number): void {
    const t = this.now()
    if (!this.first) this.first = { done, ms: t }
    const measured = done > this.first.done ? (t - this.first.ms) / (done - this.first.done) : null
    const line = progressLine(done, total, text, etaSeconds(done, total, msPerStep ?? measured))
    if (this.stream.isTTY) { this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 120) - 1)}\x1b[K`); return }
    const pct = Math.floor((10 * done) / Math.max(1, total))
    if (pct !== this.lastPct) { this.lastPct = pct; this.stream.write(line + '\n') }
  }

  done(): void {
    if (this.stream.isTTY) this.stream.write('\n')
  }
}
