import { upperTailScore } from './stats.js';

/**
 * Spike detection on hourly counts: a seasonal (hour-of-week) baseline from the same hour in other weeks,
 * each brought to the current level, summarised by a trimmed mean; a Poisson–Gamma predictive
 * distribution around it (wide when few weeks or few counts back it), widened by the key's own
 * overdispersion; the score is −log10 of the upper-tail probability of the observed count.
 */

export const HOUR = 3_600_000;
const WEEK_H = 168;

export interface SpikeOptions {
  /** Minimum score (−log10 p) to report. Calibrated on generated data (see the README). */
  readonly threshold?: number;
  /** A spike must exceed the expectation by at least this many counts. */
  readonly minExcess?: number;
  /** Weeks of history used for the hour-of-week baseline. */
  readonly maxWeeks?: number;
}

export const DEFAULT_THRESHOLD = 5;
export const DEFAULT_MIN_EXCESS = 3;
const MAX_WEEKS = 8;
/** Fewer earlier weeks than this: later weeks stand in too (batch analysis of the first weeks). */
const MIN_PRIOR_WEEKS = 3;
/** Smoothing count added to both sides of a growth ratio (sparse keys stay near 1). */
const LEVEL_PSEUDO = 5;
/** Bounds of the weight, in weeks, of the daily-shape prior in the Gamma posterior. */
const MIN_PRIOR_WEIGHT = 0.5;
const MAX_PRIOR_WEIGHT = 6;

export interface HourlyFit {
  /** Predictive mean for each hour (NaN where there is too little history). */
  readonly mean: Float64Array;
  /** Predictive variance, dispersion included. */
  readonly variance: Float64Array;
  /** Variance inflation of this key over Poisson–Gamma noise (1 = none). */
  readonly dispersion: number;
}

/** Prefix sums, so that any day's total is two lookups. */
function prefixSums(y: ArrayLike<number>): Float64Array {
  const prefix = new Float64Array(y.length + 1);
  for (let i = 0; i < y.length; i++) prefix[i + 1] = prefix[i]! + y[i]!;
  return prefix;
}

/**
 * How much busier the key is at hour t than at hour s (a whole number of weeks apart): the seven days
 * before each, paired by weekday; the three pairs with the lowest and the two with the highest ratio are
 * dropped (a three-day holiday or two spike days on either side change nothing), and the ratio of the
 * remaining totals, smoothed by a pseudo-count, is the growth. The seven days after each hour stand in
 * when there is no full week before them (the first week of a batch); 1 when neither exists.
 */
function growth(prefix: Float64Array, t: number, s: number): number {
  const n = prefix.length - 1;
  const back = t >= WEEK_H && s >= WEEK_H;
  if (!back && (t + WEEK_H > n || s + WEEK_H > n)) return 1;
  const day = (end: number, j: number) =>
    back
      ? prefix[end - 24 * j]! - prefix[end - 24 * (j + 1)]!
      : prefix[end + 24 * (j + 1)]! - prefix[end + 24 * j]!;
  const pairs: Array<[number, number]> = [];
  for (let j = 0; j < 7; j++) pairs.push([day(t, j), day(s, j)]);
  pairs.sort((a, b) => (a[0] + 1) / (a[1] + 1) - (b[0] + 1) / (b[1] + 1));
  let now = LEVEL_PSEUDO;
  let then = LEVEL_PSEUDO;
  for (let j = 3; j < 5; j++) {
    now += pairs[j]![0];
    then += pairs[j]![1];
  }
  // Shrink towards no change as far as Poisson noise could explain the ratio (James–Stein style).
  const log = Math.log(now / then);
  const z2 = (log * log) / (1 / now + 1 / then);
  const shrunk = z2 > 1 ? log * (1 - 1 / z2) : 0;
  return Math.min(3, Math.max(1 / 3, Math.exp(shrunk)));
}

/** The hours (other weeks, same hour of week) that stand for hour t. */
function sourceHours(t: number, n: number, maxWeeks: number): number[] {
  const out: number[] = [];
  for (let w = 1; w <= maxWeeks && t - WEEK_H * w >= 0; w++) out.push(t - WEEK_H * w);
  if (out.length >= MIN_PRIOR_WEEKS) return out;
  for (let w = 1; out.length < maxWeeks && t + WEEK_H * w < n; w++) out.push(t + WEEK_H * w);
  return out;
}

/** Fits the seasonal baseline of one key (hourly counts, missing hours already zero). */
export function fitHourly(y: ArrayLike<number>, options: SpikeOptions = {}): HourlyFit {
  const n = y.length;
  const maxWeeks = options.maxWeeks ?? MAX_WEEKS;
  const prefix = prefixSums(y);
  const mean = new Float64Array(n).fill(Number.NaN);
  const variance = new Float64Array(n).fill(Number.NaN);
  let total = 0;
  for (let i = 0; i < n; i++) total += y[i]!;
  const globalRate = n ? total / n : 0;
  const sums = new Float64Array(n).fill(Number.NaN);
  const kept = new Float64Array(n);
  const priors = new Float64Array(n);
  const adjusted: number[] = [];
  for (let t = 0; t < n; t++) {
    const sources = sourceHours(t, n, maxWeeks);
    if (sources.length < 2) continue;
    adjusted.length = 0;
    for (const s of sources) adjusted.push(y[s]! * growth(prefix, t, s));
    adjusted.sort((a, b) => a - b);
    const k = adjusted.length;
    // Symmetric trimming (unbiased for symmetric noise): one value per side up to nine weeks.
    const drop = k >= 4 ? Math.max(1, Math.floor(k / 5)) : 0;
    let sum = 0;
    for (let i = drop; i < k - drop; i++) sum += adjusted[i]!;
    sums[t] = sum;
    kept[t] = k - 2 * drop;
    priors[t] = dailyShapePrior(y, t, globalRate);
  }
  const tau2 = heterogeneity(sums, kept, priors);
  for (let t = 0; t < n; t++) {
    const sum = sums[t]!;
    if (Number.isNaN(sum)) continue;
    const m = kept[t]!;
    const prior = priors[t]!;
    // Gamma prior around the daily shape, as strong as the hours of the week agree with it.
    const b =
      prior > 0 && tau2 > 0
        ? Math.min(MAX_PRIOR_WEIGHT, Math.max(MIN_PRIOR_WEIGHT, 1 / (tau2 * prior)))
        : MAX_PRIOR_WEIGHT;
    const mu = (sum + prior * b) / (m + b);
    mean[t] = mu;
    variance[t] = mu * (1 + 1 / (m + b));
  }
  const dispersion = estimateDispersion(y, mean, variance);
  for (let t = 0; t < n; t++) variance[t] = variance[t]! * dispersion;
  return { mean, variance, dispersion };
}

/**
 * The daily-shape prior for hour t: the same hour on the six nearest days (earlier ones first; the seventh
 * day back is a week-ago source already), plus the key's overall rate counted as one more day so that a
 * quiet hour never expects exactly zero.
 */
function dailyShapePrior(y: ArrayLike<number>, t: number, globalRate: number): number {
  let sum = globalRate;
  let count = 1;
  for (let j = 1; j <= 6 && t - 24 * j >= 0; j++, count++) sum += y[t - 24 * j]!;
  for (let j = 1; count < 7 && t + 24 * j < y.length; j++, count++) sum += y[t + 24 * j]!;
  return sum / count;
}

/**
 * How far the hours of the week depart from the daily shape, as a squared coefficient of variation τ²
 * (method of moments, Poisson noise of both estimates removed, the most extreme 2 % of hours left out).
 * 0 when the week has no shape of its own beyond the daily one.
 */
function heterogeneity(sums: Float64Array, kept: Float64Array, priors: Float64Array): number {
  const terms: Array<{ excess: number; p2: number }> = [];
  for (let t = 0; t < sums.length; t++) {
    const sum = sums[t]!;
    if (Number.isNaN(sum)) continue;
    const m = kept[t]!;
    const h = sum / m;
    const p = priors[t]!;
    terms.push({ excess: (h - p) ** 2 - h / m - p / 6, p2: p * p });
  }
  if (terms.length === 0) return 0;
  terms.sort((a, b) => a.excess - b.excess);
  const cut = Math.floor(terms.length * 0.98);
  let num = 0;
  let den = 0;
  for (let i = 0; i < cut; i++) {
    num += terms[i]!.excess;
    den += terms[i]!.p2;
  }
  return den > 0 ? Math.max(0, num / den) : 0;
}

/**
 * Overdispersion of the key: the median squared Pearson residual over hours with a mean of at least 5,
 * divided by the χ²₁ median (0.455); 1 for Poisson-like noise, clamped to [1, 6].
 */
function estimateDispersion(y: ArrayLike<number>, mean: Float64Array, variance: Float64Array): number {
  const r: number[] = [];
  for (let t = 0; t < y.length; t++) {
    const mu = mean[t]!;
    if (!(mu >= 5)) continue;
    const e = y[t]! - mu;
    r.push((e * e) / variance[t]!);
  }
  if (r.length < 100) return 1;
  r.sort((a, b) => a - b);
  const med = r[r.length >> 1]!;
  return Math.min(6, Math.max(1, med / 0.455));
}

export interface Anomaly {
  /** Index of the hour in the series. */
  readonly index: number;
  readonly count: number;
  readonly expected: number;
  readonly score: number;
}

/** Hours whose count is improbably far above the seasonal expectation. */
export function spikesOf(y: ArrayLike<number>, options: SpikeOptions = {}): Anomaly[] {
  const fit = fitHourly(y, options);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const minExcess = options.minExcess ?? DEFAULT_MIN_EXCESS;
  const out: Anomaly[] = [];
  for (let t = 0; t < y.length; t++) {
    const mu = fit.mean[t]!;
    const count = y[t]!;
    if (Number.isNaN(mu) || count - mu < minExcess) continue;
    const score = upperTailScore(count, mu, fit.variance[t]!);
    if (score >= threshold) out.push({ index: t, count, expected: mu, score });
  }
  return out;
}

/**
 * The score of a window of hours ending at `end` (exclusive): observed total against the sum of the
 * expectations. `partial` (0..1] is the elapsed share of the last hour, whose expectation is scaled.
 */
export function windowScore(
  y: ArrayLike<number>,
  fit: HourlyFit,
  end: number,
  width: number,
  partial = 1,
): { count: number; expected: number; score: number } | null {
  let count = 0;
  let mu = 0;
  let v = 0;
  for (let t = Math.max(0, end - width); t < end; t++) {
    const m = fit.mean[t]!;
    if (Number.isNaN(m)) return null;
    const share = t === end - 1 ? partial : 1;
    count += y[t]!;
    mu += m * share;
    v += fit.variance[t]! * share;
  }
  return { count, expected: mu, score: count > mu ? upperTailScore(count, mu, v) : 0 };
}
