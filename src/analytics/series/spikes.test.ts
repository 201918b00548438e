import { describe, expect, it } from 'vitest';
import { type HourlySpec, hourlySeries } from './generate.js';
import { type CountRow, parseHour, spikesFromRows } from './io.js';
import { fitHourly, spikesOf, windowScore } from './spikes.js';
import { upperTailScore } from './stats.js';

const START = Date.parse('2026-09-07T00:00:00Z'); // a Monday
const rowsOf = (key: string, y: readonly number[]): CountRow[] =>
  y.flatMap((count, i) =>
    count ? [{ t: new Date(START + i * 3_600_000).toISOString().replace('.000Z', 'Z'), key, count }] : [],
  );

const quiet = (spec: Omit<HourlySpec, 'seed'>, seeds: number[]) =>
  seeds.flatMap((seed) => spikesOf(hourlySeries({ ...spec, seed })));

describe('spike detection on hourly counts', () => {
  it('finds an injected spike at the right hour and key among interleaved keys', () => {
    const water = hourlySeries({
      weeks: 9,
      base: 3,
      evening: 2,
      monday: 1.5,
      seed: 11,
      spikes: [{ hour: 1234, add: 25 }],
    });
    const heating = hourlySeries({ weeks: 9, base: 6, evening: 1.5, growthPerWeek: 0.06, seed: 12 });
    const gas = hourlySeries({ weeks: 9, base: 0.1, seed: 13, spikes: [{ hour: 400, add: 7 }] });
    const rows = [
      ...rowsOf('water|shu', water),
      ...rowsOf('heating|taraz', heating),
      ...rowsOf('gas|merke', gas),
    ];
    rows.sort((a, b) => a.t.localeCompare(b.t));
    const found = spikesFromRows(rows);
    expect(found.map((a) => [a.key, a.t])).toEqual([
      ['gas|merke', new Date(START + 400 * 3_600_000).toISOString().replace('.000Z', 'Z')],
      ['water|shu', new Date(START + 1234 * 3_600_000).toISOString().replace('.000Z', 'Z')],
    ]);
    const w = found[1]!;
    expect(w.count).toBe(water[1234]);
    expect(w.expected).toBeGreaterThan(1);
    expect(w.expected).toBeLessThan(10);
    expect(w.score).toBeGreaterThan(8);
  });

  it('raises nothing for seasonal peaks of the right size: every evening, Mondays, winter heating growth', () => {
    expect(quiet({ weeks: 10, base: 10, evening: 3 }, [1, 2, 3, 4])).toEqual([]);
    expect(quiet({ weeks: 10, base: 10, monday: 2.2, weekend: 0.4 }, [5, 6, 7, 8])).toEqual([]);
    expect(quiet({ weeks: 10, base: 8, evening: 2, growthPerWeek: 0.1 }, [9, 10, 11, 12])).toEqual([]);
    expect(quiet({ weeks: 10, base: 150, evening: 1.6, monday: 1.4, growthPerWeek: 0.12 }, [13, 14])).toEqual(
      [],
    );
  });

  it('raises nothing for holidays: neither the dip nor the days after a three-day holiday', () => {
    const spec = { weeks: 10, base: 60, evening: 2, holidays: [38, 39, 40, 55], holidayFactor: 0.15 };
    expect(quiet(spec, [21, 22, 23, 24])).toEqual([]);
  });

  it('does not flap on sparse keys', () => {
    const seeds = Array.from({ length: 12 }, (_, i) => 100 + i);
    expect(quiet({ weeks: 10, base: 0.05 }, seeds).length).toBeLessThanOrEqual(1);
    expect(quiet({ weeks: 10, base: 0.4, evening: 2 }, seeds).length).toBeLessThanOrEqual(1);
  });

  it('reports only excesses, never dips, and treats missing hours as zero', () => {
    const y = hourlySeries({ weeks: 9, base: 20, seed: 31 });
    for (let t = 900; t < 950; t++) y[t] = 0;
    expect(spikesOf(y)).toEqual([]);
    // Only non-zero hours in the input: the silent hours between are zeros, not gaps.
    const sparse = hourlySeries({ weeks: 9, base: 0.2, seed: 32, spikes: [{ hour: 1300, add: 9 }] });
    const found = spikesFromRows(rowsOf('k', sparse));
    expect(found).toHaveLength(1);
    expect(parseHour(found[0]!.t)).toBe(START + 1300 * 3_600_000);
  });

  it('scores a three-hour window for the live explanation', () => {
    const y = hourlySeries({ weeks: 9, base: 1.5, seed: 41 });
    const end = y.length - 2;
    y[end - 1]! += 12;
    y[end - 2]! += 12;
    y[end - 3]! += 12;
    const fit = fitHourly(y);
    const w = windowScore(y, fit, end, 3);
    expect(w).not.toBeNull();
    expect(w!.count).toBeGreaterThanOrEqual(36);
    expect(w!.expected).toBeLessThan(10);
    expect(w!.score).toBeGreaterThan(10);
  });

  it('computes count-distribution tails', () => {
    // Poisson(2): P(Y ≥ 8) = 0.0011
    expect(upperTailScore(8, 2, 2)).toBeCloseTo(2.96, 1);
    // A wider (negative binomial) predictive makes the same count less surprising.
    expect(upperTailScore(8, 2, 4)).toBeLessThan(upperTailScore(8, 2, 2));
    expect(upperTailScore(1, 2, 2)).toBe(0);
  });

  it('parses ISO hours with or without a zone', () => {
    expect(parseHour('2026-01-05T13:00:00Z')).toBe(Date.parse('2026-01-05T13:00:00Z'));
    expect(parseHour('2026-01-05T13:45')).toBe(Date.parse('2026-01-05T13:00:00Z'));
    expect(parseHour('2026-01-05 13')).toBe(Date.parse('2026-01-05T13:00:00Z'));
    expect(parseHour('2026-01-05T18:00:00+05:00')).toBe(Date.parse('2026-01-05T13:00:00Z'));
    expect(parseHour('yesterday')).toBeNull();
  });
});
