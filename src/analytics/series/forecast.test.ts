import { describe, expect, it } from 'vitest';
import { backtest, type DailySeries } from './backtest.js';
import { forecastDaily, seasonalNaive, smapeTerm, weekday } from './forecast.js';
import { type DailySpec, dailySeries } from './generate.js';

const MONDAY = Date.UTC(2026, 0, 5) / 86_400_000;
const WEEKLY = [1.5, 1.15, 1, 1, 0.95, 0.6, 0.45];
const series = (key: string, spec: DailySpec): DailySeries => ({
  key,
  firstDay: MONDAY,
  counts: dailySeries(spec),
});

describe('daily forecasts', () => {
  it('beats seasonal naive on a series with trend and weekly seasonality', () => {
    const s = [1, 2, 3].map((seed) =>
      series(`k${seed}`, { days: 240, base: 25, trendPerDay: 0.08, weekly: WEEKLY, seed }),
    );
    for (const h of [7, 30]) {
      const r = backtest(s, h, 8);
      expect(r.model).toBeLessThan(r.naive * 0.85);
    }
  });

  it('uses the yearly shape when it has more than a year (heating in winter)', () => {
    const s = [
      series('heating', { days: 800, base: 30, weekly: WEEKLY, yearly: 0.7, yearlyPeakDay: 15, seed: 9 }),
    ];
    const r = backtest(s, 30, 8);
    expect(r.model).toBeLessThan(r.naive * 0.8);
  });

  it('gives 90 % intervals that cover about 90 % of what happens', () => {
    const specs: DailySpec[] = [
      { days: 300, base: 40, trendPerDay: 0.05, weekly: WEEKLY, seed: 21 },
      { days: 300, base: 6, weekly: WEEKLY, seed: 22 },
      { days: 450, base: 15, weekly: WEEKLY, yearly: 0.5, yearlyPeakDay: 200, seed: 23 },
      { days: 300, base: 100, weekly: WEEKLY, dayNoiseShape: 40, seed: 24 },
    ];
    const r = backtest(
      specs.map((s, i) => series(`k${i}`, s)),
      14,
      10,
    );
    expect(r.coverage).toBeGreaterThan(0.82);
    expect(r.coverage).toBeLessThan(0.97);
  });

  it('never forecasts below zero, keeps lo ≤ forecast ≤ hi, and forecasts an empty series as empty', () => {
    const falling = dailySeries({ days: 120, base: 60, trendPerDay: -0.6, weekly: WEEKLY, seed: 5 });
    const f = forecastDaily(falling, 30, MONDAY);
    for (let i = 0; i < 30; i++) {
      expect(f.lo[i]!).toBeGreaterThanOrEqual(0);
      expect(f.lo[i]!).toBeLessThanOrEqual(f.forecast[i]!);
      expect(f.hi[i]!).toBeGreaterThanOrEqual(f.forecast[i]!);
    }
    const empty = forecastDaily([...new Array(60).fill(0)], 7, MONDAY);
    expect(empty.forecast).toEqual(new Array(7).fill(0));
  });

  it('follows the weekday pattern', () => {
    const y = dailySeries({ days: 200, base: 50, weekly: WEEKLY, seed: 8 });
    const f = forecastDaily(y, 7, MONDAY);
    const next = MONDAY + y.length;
    const byDay = new Map(f.forecast.map((v, i) => [weekday(next + i), v]));
    expect(byDay.get(0)!).toBeGreaterThan(byDay.get(6)! * 2.5);
  });

  it('defines seasonal naive and sMAPE', () => {
    expect(seasonalNaive([1, 2, 3, 4, 5, 6, 7, 8, 9], 9)).toEqual([3, 4, 5, 6, 7, 8, 9, 3, 4]);
    expect(smapeTerm(0, 0)).toBe(0);
    expect(smapeTerm(1, 3)).toBe(100);
  });
});
