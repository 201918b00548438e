/**
 * Calibrates the spike threshold on generated data: false alarms per 10,000 key-hours on series without
 * spikes (sparse to busy keys, evening and Monday peaks, winter growth, holidays, overdispersion) and the
 * share of injected spikes found. Run: `node bin/run-ts.mjs src/analytics/scripts/calibrate-spikes.ts`.
 */
import { type HourlySpec, hourlyRates, hourlySeries } from '../series/generate.js';
import { spikesOf } from '../series/spikes.js';
import { rng, upperTailScore } from '../series/stats.js';

const THRESHOLDS = [3, 4, 5, 6, 7, 8];
const SHAPES: ReadonlyArray<Omit<HourlySpec, 'seed' | 'weeks'>> = [
  { base: 0.05 },
  { base: 0.3 },
  { base: 1, evening: 3 },
  { base: 5, evening: 3, monday: 1.8, weekend: 0.5 },
  { base: 20, evening: 2, monday: 1.5, growthPerWeek: 0.08 },
  { base: 100, evening: 1.5, weekend: 0.6, holidays: [30, 31, 50] },
  { base: 8, evening: 2, dayNoiseShape: 15, holidays: [40] },
  { base: 2, monday: 2, growthPerWeek: 0.1, weekend: 0.3 },
];

const weeks = 10;
const seeds = Number(process.argv[2] ?? 20);
const fp = new Map<number, number>(THRESHOLDS.map((t) => [t, 0]));
let hours = 0;
const FAMILIES: ReadonlyArray<{ name: string; add: (m: number) => number }> = [
  { name: '+6 sd', add: (m) => Math.max(6, Math.round(6 * Math.sqrt(m) + 0.5 * m)) },
  { name: '+10 sd', add: (m) => Math.max(8, Math.round(10 * Math.sqrt(m))) },
  { name: 'x3 (at least +6)', add: (m) => Math.max(6, Math.round(2 * m)) },
];
const found = FAMILIES.map(() => new Map<number, number>(THRESHOLDS.map((t) => [t, 0])));
/** The same spikes scored by an oracle that knows the true rate (Poisson tail): the ceiling. */
const oracle = FAMILIES.map(() => new Map<number, number>(THRESHOLDS.map((t) => [t, 0])));
let injected = 0;
const worst: Array<{ shape: number; score: number; count: number; expected: number }> = [];
for (const [si, shape] of SHAPES.entries()) {
  for (let seed = 1; seed <= seeds; seed++) {
    const spec = { ...shape, weeks, seed: seed * 7919 + si };
    const y = hourlySeries(spec);
    hours += y.length;
    const anomalies = spikesOf(y, { threshold: 0 });
    for (const a of anomalies) {
      for (const t of THRESHOLDS) if (a.score >= t) fp.set(t, fp.get(t)! + 1);
      worst.push({ shape: si, score: a.score, count: a.count, expected: a.expected });
    }
    // The same series with three spikes of each family at random hours.
    const random = rng(seed * 31 + si);
    const rates = hourlyRates(spec);
    const at = [0, 1, 2].map(() => Math.floor(random() * y.length));
    injected += at.length;
    for (const [fi, family] of FAMILIES.entries()) {
      const spikes = at.map((hour) => ({ hour, add: family.add(rates[hour]!) }));
      const z = hourlySeries({ ...spec, spikes });
      const hits = spikesOf(z, { threshold: 0 });
      for (const s of spikes) {
        const hit = hits.find((h) => h.index === s.hour);
        const f = found[fi]!;
        const o = oracle[fi]!;
        const best = upperTailScore(z[s.hour]!, rates[s.hour]!, rates[s.hour]!);
        for (const t of THRESHOLDS) {
          if (hit && hit.score >= t) f.set(t, f.get(t)! + 1);
          if (best >= t) o.set(t, o.get(t)! + 1);
        }
      }
    }
  }
}
const pct = (k: number) => `${((k / injected) * 100).toFixed(1)} %`;
console.log(`key-hours without spikes: ${hours}; injected spikes: ${injected}`);
for (const t of THRESHOLDS) {
  console.log(
    `threshold ${t}: false alarms per 10,000 key-hours ${((fp.get(t)! / hours) * 10_000).toFixed(3)}; recall ${FAMILIES.map((f, i) => `${f.name} ${pct(found[i]!.get(t)!)} (oracle ${pct(oracle[i]!.get(t)!)})`).join(', ')}`,
  );
}
worst.sort((a, b) => b.score - a.score);
console.log('highest null scores:', JSON.stringify(worst.slice(0, 8)));
