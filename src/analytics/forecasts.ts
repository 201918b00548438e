import type { AppContext } from '../app/context.js';
import { volume } from './queries.js';
import type { Dim } from './rollup/aggregate.js';
import type { DailySeries } from './series/backtest.js';
import { forecastDaily, INTERVAL } from './series/forecast.js';
import { DAY, regionDays } from './time.js';

/** Forecasts of daily volume per group from the daily cube (history: up to two years). */

const HISTORY_DAYS = 730;

/**
 * Daily series per value of a dimension (unknown values left out), from each value's first day to
 * yesterday (local days; today is incomplete). `firstDay` numbers local days like calendar dates.
 */
export async function databaseSeries(
  ctx: AppContext,
  dim: Dim,
  values?: readonly string[],
): Promise<DailySeries[]> {
  const days = await regionDays(ctx.db);
  const today = days.dayOf(ctx.now());
  const rows = await volume(ctx.db, 'day', dim, today - HISTORY_DAYS * DAY, today, values);
  const byValue = new Map<string, Map<number, number>>();
  for (const r of rows) {
    if (r.value === '' || r.value.startsWith('|') || r.value.endsWith('|')) continue;
    const m = byValue.get(r.value) ?? new Map<number, number>();
    m.set(Math.round((Number(r.bucket) + days.offsetMs) / DAY), Number(r.n));
    byValue.set(r.value, m);
  }
  const last = Math.round((today + days.offsetMs) / DAY) - 1;
  const out: DailySeries[] = [];
  for (const [key, m] of byValue) {
    const firstDay = Math.min(...m.keys());
    out.push({
      key,
      firstDay,
      counts: Array.from({ length: last - firstDay + 1 }, (_, i) => m.get(firstDay + i) ?? 0),
    });
  }
  return out;
}

export interface GroupForecast {
  readonly key: string;
  readonly points: Array<{ t: string; forecast: number; lo: number; hi: number }>;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The `limit` busiest values of the dimension over the last 28 days, each forecast `horizon` days ahead. */
export async function forecastGroups(
  ctx: AppContext,
  dim: Dim,
  horizon: number,
  limit: number,
): Promise<{ interval: number; groups: GroupForecast[] }> {
  const series = await databaseSeries(ctx, dim);
  const recent = (s: DailySeries) => s.counts.slice(-28).reduce((a, b) => a + b, 0);
  const busiest = [...series].sort((a, b) => recent(b) - recent(a)).slice(0, limit);
  const groups = busiest.map((s) => {
    const f = forecastDaily(s.counts, horizon, s.firstDay);
    const next = s.firstDay + s.counts.length;
    return {
      key: s.key,
      points: f.forecast.map((v, i) => ({
        t: new Date((next + i) * DAY).toISOString().slice(0, 10),
        forecast: round(v),
        lo: round(f.lo[i]!),
        hi: round(f.hi[i]!),
      })),
    };
  });
  return { interval: INTERVAL, groups };
}
