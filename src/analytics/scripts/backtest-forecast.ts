/**
 * Back-test figures of the forecast on generated daily series (the README's table): twenty series from
 * sparse to busy, with trends, weekly and yearly seasonality and overdispersion, over 200–800 days.
 * Writes them as JSONL too, so `tyndau eval-forecast --data <file>` reproduces the figures.
 * Run: `node bin/run-ts.mjs src/analytics/scripts/backtest-forecast.ts [out.jsonl]`.
 */
import { writeFileSync } from 'node:fs';
import { backtest, type DailySeries } from '../series/backtest.js';
import { type DailySpec, dailySeries } from '../series/generate.js';
import { isoDay } from '../series/io.js';

const WEEKLY = [1.45, 1.15, 1.05, 1, 0.95, 0.6, 0.45];
const FAMILIES: ReadonlyArray<Omit<DailySpec, 'seed'>> = [
  { days: 400, base: 2, weekly: WEEKLY },
  { days: 400, base: 12, trendPerDay: 0.02, weekly: WEEKLY },
  { days: 300, base: 60, trendPerDay: -0.05, weekly: WEEKLY, dayNoiseShape: 30 },
  { days: 800, base: 25, weekly: WEEKLY, yearly: 0.7, yearlyPeakDay: 15 },
  { days: 800, base: 8, weekly: WEEKLY, yearly: 0.6, yearlyPeakDay: 100 },
];
const firstDay = Date.UTC(2024, 0, 1) / 86_400_000;
const series: DailySeries[] = [];
for (const [f, spec] of FAMILIES.entries()) {
  for (let seed = 1; seed <= 4; seed++) {
    series.push({
      key: `family${f}:${seed}`,
      firstDay,
      counts: dailySeries({ ...spec, seed: 1000 * f + seed }),
    });
  }
}
// All series end on the same day (as a region's topics do): shorter ones start later.
const last = Math.max(...series.map((s) => s.firstDay + s.counts.length));
const aligned = series.map((s) => ({ ...s, firstDay: last - s.counts.length }));
const out = process.argv[2];
if (out) {
  const lines = aligned.flatMap((s) =>
    s.counts.map((count, i) => JSON.stringify({ t: isoDay(s.firstDay + i), key: s.key, count })),
  );
  writeFileSync(out, `${lines.join('\n')}\n`);
}
for (const h of [7, 30]) {
  const r = backtest(aligned, h, 8);
  console.log(
    `horizon ${h}: sMAPE model=${r.model.toFixed(2)} seasonal_naive=${r.naive.toFixed(2)} coverage90=${(r.coverage * 100).toFixed(1)} % (${r.points} forecast days, ${r.origins} origins)`,
  );
}
