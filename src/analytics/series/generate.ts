import { poisson, rng } from './stats.js';

/**
 * Generated count series with a known truth, for tests, calibration and the back-test figures: daily and
 * weekly shapes, slow growth, holidays, overdispersion and injected spikes.
 */

export interface HourlySpec {
  readonly weeks: number;
  /** Mean count per hour on an ordinary daytime hour. */
  readonly base: number;
  /** Multiplier of the evening hours 18–21 (every day). */
  readonly evening?: number;
  /** Multiplier of Mondays (the series starts on a Monday at 00:00). */
  readonly monday?: number;
  /** Multiplier of Saturdays and Sundays. */
  readonly weekend?: number;
  /** Growth per week, multiplicative (0.08 = +8 % a week, heating in late autumn). */
  readonly growthPerWeek?: number;
  /** Days (index from the start) whose volume is multiplied by `holidayFactor`. */
  readonly holidays?: readonly number[];
  readonly holidayFactor?: number;
  /** Gamma shape of day-to-day level noise (smaller = more overdispersed); none when absent. */
  readonly dayNoiseShape?: number;
  readonly spikes?: ReadonlyArray<{ readonly hour: number; readonly add: number }>;
  readonly seed: number;
}

const HOUR_SHAPE = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.4, 0.7, 1, 1.1, 1.1, 1, 1, 1, 1, 1, 1, 1.1, 1, 1, 1, 1, 0.6, 0.3,
];

/** Marsaglia–Tsang gamma draw with mean 1 and the given shape. */
function gammaUnit(random: () => number, shape: number): number {
  const boost = shape < 1 ? random() ** (1 / shape) : 1;
  const a = shape < 1 ? shape + 1 : shape;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x = 0;
    let v = 0;
    do {
      const u1 = Math.max(1e-12, random());
      x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (Math.log(Math.max(1e-300, u)) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
      return (d * v * boost) / shape;
    }
  }
}

/** The expected (noise-free) rate of every hour. */
export function hourlyRates(spec: HourlySpec): number[] {
  const out: number[] = [];
  const holidays = new Set(spec.holidays ?? []);
  for (let t = 0; t < spec.weeks * 168; t++) {
    const hour = t % 24;
    const day = Math.floor(t / 24);
    const dow = day % 7;
    let m = spec.base * HOUR_SHAPE[hour]!;
    if (hour >= 18 && hour <= 21) m *= spec.evening ?? 1;
    if (dow === 0) m *= spec.monday ?? 1;
    if (dow >= 5) m *= spec.weekend ?? 1;
    m *= (1 + (spec.growthPerWeek ?? 0)) ** (t / 168);
    if (holidays.has(day)) m *= spec.holidayFactor ?? 0.3;
    out.push(m);
  }
  return out;
}

export function hourlySeries(spec: HourlySpec): number[] {
  const random = rng(spec.seed);
  const rates = hourlyRates(spec);
  const dayLevel: number[] = [];
  const out = rates.map((m, t) => {
    const day = Math.floor(t / 24);
    if (spec.dayNoiseShape) dayLevel[day] ??= gammaUnit(random, spec.dayNoiseShape);
    return poisson(random, m * (dayLevel[day] ?? 1));
  });
  for (const s of spec.spikes ?? []) if (s.hour < out.length) out[s.hour] = out[s.hour]! + s.add;
  return out;
}

export interface DailySpec {
  readonly days: number;
  /** Mean count per day at the start. */
  readonly base: number;
  /** Added per day (linear trend, in counts). */
  readonly trendPerDay?: number;
  /** Weekday multipliers, Monday first (the series starts on a Monday). */
  readonly weekly?: readonly number[];
  /** Amplitude of a yearly cosine (0.5 = ±50 %), peaking on day `yearlyPeakDay` of the year. */
  readonly yearly?: number;
  readonly yearlyPeakDay?: number;
  /** Day of year of the first day (0 = 1 January). */
  readonly startDayOfYear?: number;
  readonly dayNoiseShape?: number;
  readonly seed: number;
}

export function dailyRates(spec: DailySpec): number[] {
  const out: number[] = [];
  for (let d = 0; d < spec.days; d++) {
    let m = spec.base + (spec.trendPerDay ?? 0) * d;
    m *= spec.weekly?.[d % 7] ?? 1;
    const doy = (spec.startDayOfYear ?? 0) + d;
    if (spec.yearly)
      m *= 1 + spec.yearly * Math.cos((2 * Math.PI * (doy - (spec.yearlyPeakDay ?? 0))) / 365.25);
    out.push(Math.max(0, m));
  }
  return out;
}

export function dailySeries(spec: DailySpec): number[] {
  const random = rng(spec.seed);
  return dailyRates(spec).map((m) =>
    poisson(random, spec.dayNoiseShape ? m * gammaUnit(random, spec.dayNoiseShape) : m),
  );
}
