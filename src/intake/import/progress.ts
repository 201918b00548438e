import type { ImportProgress } from './service.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  return h ? `${h}:${mmss}` : mmss;
}

export interface ProgressLine {
  readonly percent: number;
  readonly rate: number;
  readonly etaSeconds: number;
}

/** Rows per second of this session (rows resumed from an earlier run do not count) and the time left. */
export function measure(p: ImportProgress, elapsedMs: number): ProgressLine {
  const rows = p.done - p.resumedFrom;
  const rate = elapsedMs > 0 ? (rows * 1000) / elapsedMs : 0;
  return {
    percent: p.total ? (100 * p.done) / p.total : 100,
    rate,
    etaSeconds: rate > 0 ? (p.total - p.done) / rate : Number.POSITIVE_INFINITY,
  };
}

/**
 * Import progress on stderr: a redrawn bar when it is a terminal, otherwise a plain line every few
 * seconds (logs of a scheduled job stay readable).
 */
export function progressReporter(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  options: { now?: () => number; intervalMs?: number } = {},
) {
  const now = options.now ?? Date.now;
  const tty = stream.isTTY === true;
  const interval = options.intervalMs ?? (tty ? 100 : 5000);
  const started = now();
  let last = started;
  let shown = -1;
  const render = (p: ImportProgress) => {
    const m = measure(p, now() - started);
    const counts = `${fmt(p.done)}/${fmt(p.total)} rows`;
    const speed = `${fmt(m.rate)} rows/s`;
    if (!tty)
      return `import: ${counts} (${m.percent.toFixed(0)}%), ${speed}, ETA ${duration(m.etaSeconds)}\n`;
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 60));
    const full = Math.round((width * m.percent) / 100);
    const bar = `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
    return `\r${bar} ${m.percent.toFixed(1).padStart(5)}% ${counts} · ${speed} · ETA ${duration(m.etaSeconds)}\x1b[K`;
  };
  return {
    update(p: ImportProgress, force = false): void {
      const t = now();
      if (!force && t - last < interval) return;
      last = t;
      stream.write(render(p));
      shown = p.done;
    },
    /** Ends the bar's line so the report starts on a fresh one. */
    finish(p: ImportProgress): void {
      if (shown !== p.done) this.update(p, true);
      if (tty) stream.write('\n');
    },
  };
}
