import { createInterface } from 'node:readline';
import type { DailySeries } from './backtest.js';
import { forecastDaily } from './forecast.js';
import { HOUR, type SpikeOptions, spikesOf } from './spikes.js';

/** JSONL in and out for the command-line contracts (`tyndau spikes`, `forecast`, `eval-forecast`). */

const DAY = 86_400_000;
const STAMP =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.\d+)?)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** An ISO date-time (zone optional: UTC when absent) floored to its hour, in epoch ms; null if invalid. */
export function parseHour(text: string): number | null {
  const m = STAMP.exec(text.trim());
  if (!m) return null;
  const zone = m[5]
    ? m[5].toUpperCase() === 'Z'
      ? 'Z'
      : m[5].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')
    : 'Z';
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}${zone}`);
  return Number.isNaN(ms) ? null : Math.floor(ms / HOUR) * HOUR;
}

/** An ISO date (a time part is ignored) as days since 1970-01-01; null if invalid. */
export function parseDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim());
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return null;
  return ms / DAY;
}

export const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const round = (x: number) => Math.round(x * 100) / 100;

export interface CountRow {
  readonly t: string;
  readonly key: string;
  readonly count: number;
}

/** Reads `{"t","key","count"}` lines; malformed ones are counted and skipped. */
export async function readCounts(
  input: NodeJS.ReadableStream,
): Promise<{ rows: CountRow[]; skipped: number; firstBad: number | null }> {
  const rows: CountRow[] = [];
  let skipped = 0;
  let firstBad: number | null = null;
  let line = 0;
  for await (const raw of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    const text = raw.trim();
    if (!text) continue;
    try {
      const v = JSON.parse(text) as { t?: unknown; key?: unknown; count?: unknown };
      const count = typeof v.count === 'string' ? Number(v.count) : v.count;
      if (typeof v.t !== 'string' || v.key === undefined || v.key === null) throw new Error('fields');
      if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) throw new Error('count');
      rows.push({ t: v.t, key: String(v.key), count });
    } catch {
      skipped++;
      firstBad ??= line;
    }
  }
  return { rows, skipped, firstBad };
}

export interface SpikeLine {
  readonly t: string;
  readonly key: string;
  readonly count: number;
  readonly expected: number;
  readonly score: number;
}

/**
 * Hourly rows of several keys to anomalies: each key's series runs over the hours of the whole input
 * (missing hours count as zero); output sorted by hour, then key, with the input's own timestamp text.
 */
export function spikesFromRows(rows: readonly CountRow[], options: SpikeOptions = {}): SpikeLine[] {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const parsed: Array<{ hour: number; row: CountRow }> = [];
  for (const row of rows) {
    const hour = parseHour(row.t);
    if (hour === null) continue;
    parsed.push({ hour, row });
    if (hour < first) first = hour;
    if (hour > last) last = hour;
  }
  if (!parsed.length) return [];
  const length = (last - first) / HOUR + 1;
  const byKey = new Map<string, { y: Float64Array; label: Map<number, string> }>();
  for (const { hour, row } of parsed) {
    let k = byKey.get(row.key);
    if (!k) {
      k = { y: new Float64Array(length), label: new Map() };
      byKey.set(row.key, k);
    }
    const i = (hour - first) / HOUR;
    k.y[i] = k.y[i]! + row.count;
    if (!k.label.has(i)) k.label.set(i, row.t);
  }
  const out: Array<SpikeLine & { hour: number }> = [];
  for (const [key, { y, label }] of byKey) {
    for (const a of spikesOf(y, options)) {
      out.push({
        hour: first + a.index * HOUR,
        t: label.get(a.index) ?? new Date(first + a.index * HOUR).toISOString(),
        key,
        count: a.count,
        expected: round(a.expected),
        score: round(a.score),
      });
    }
  }
  out.sort((a, b) => a.hour - b.hour || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out.map(({ hour: _hour, ...line }) => line);
}

/** Daily rows to one series per key, from the key's first day to the last day of the whole input. */
export function dailySeriesFromRows(rows: readonly CountRow[]): DailySeries[] {
  let last = Number.NEGATIVE_INFINITY;
  const byKey = new Map<string, Map<number, number>>();
  for (const row of rows) {
    const day = parseDay(row.t);
    if (day === null) continue;
    const m = byKey.get(row.key) ?? new Map<number, number>();
    m.set(day, (m.get(day) ?? 0) + row.count);
    byKey.set(row.key, m);
    if (day > last) last = day;
  }
  const out: DailySeries[] = [];
  for (const [key, days] of byKey) {
    const firstDay = Math.min(...days.keys());
    const counts = Array.from({ length: last - firstDay + 1 }, (_, i) => days.get(firstDay + i) ?? 0);
    out.push({ key, firstDay, counts });
  }
  return out;
}

export interface ForecastLine {
  readonly t: string;
  readonly key: string;
  readonly forecast: number;
  readonly lo: number;
  readonly hi: number;
}

export function forecastLines(series: readonly DailySeries[], horizon: number): ForecastLine[] {
  const out: ForecastLine[] = [];
  for (const s of series) {
    const f = forecastDaily(s.counts, horizon, s.firstDay);
    const next = s.firstDay + s.counts.length;
    for (let h = 0; h < horizon; h++) {
      out.push({
        t: isoDay(next + h),
        key: s.key,
        forecast: round(f.forecast[h]!),
        lo: round(f.lo[h]!),
        hi: round(f.hi[h]!),
      });
    }
  }
  return out;
}
