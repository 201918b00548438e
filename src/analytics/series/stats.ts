/** Small, dependency-free statistics for counts: robust summaries and count-distribution tails. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Linear-interpolated quantile (type 7, like R's default), q in [0, 1]. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** Mean after dropping the `dropLow` smallest and `dropHigh` largest values. */
export function trimmedMean(values: readonly number[], dropLow: number, dropHigh: number): number {
  const s = [...values].sort((a, b) => a - b);
  const kept = s.slice(dropLow, s.length - dropHigh);
  if (kept.length === 0) return median(values);
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, ~15 significant digits). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * log P(Y = k) for a count with the given mean and variance: Poisson when the variance does not exceed the
 * mean, otherwise the negative binomial with that mean and variance (size r = mean² / (variance − mean)).
 */
function logPmf(k: number, mean: number, variance: number): number {
  if (mean <= 0) return k === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (variance <= mean * (1 + 1e-9)) return -mean + k * Math.log(mean) - lgamma(k + 1);
  const r = (mean * mean) / (variance - mean);
  const p = r / (r + mean);
  return lgamma(k + r) - lgamma(r) - lgamma(k + 1) + r * Math.log(p) + k * Math.log(1 - p);
}

/** log10 P(Y ≥ k) for an integer k, summing the upper tail (accurate for tiny probabilities). */
function log10TailInt(k: number, mean: number, variance: number): number {
  if (k <= 0) return 0;
  if (mean <= 0) return -300;
  if (k <= mean) return Math.log10(Math.max(1e-300, 1 - Math.exp(logCdf(k - 1, mean, variance))));
  const first = logPmf(k, mean, variance);
  let sum = 1;
  let prev = first;
  for (let j = k + 1; j < k + 100_000; j++) {
    const lp = logPmf(j, mean, variance);
    const rel = Math.exp(lp - first);
    sum += rel;
    if (lp < prev && rel < 1e-12 * sum) break;
    prev = lp;
  }
  return Math.max(-300, (first + Math.log(sum)) / Math.LN10);
}

/** ln P(Y ≤ k) by summing from zero (used only below the mean, where it is well conditioned). */
function logCdf(k: number, mean: number, variance: number): number {
  let s = 0;
  for (let j = 0; j <= k; j++) s += Math.exp(logPmf(j, mean, variance));
  return Math.log(Math.min(1, s));
}

/**
 * −log10 of the upper-tail probability P(Y ≥ count) under a count distribution with this mean and
 * variance. Non-integer counts (after a dispersion rescaling) interpolate between neighbours on the log
 * scale. 0 when the count does not exceed the mean (only excesses are scored).
 */
export function upperTailScore(count: number, mean: number, variance: number): number {
  if (count <= mean) return 0;
  const lo = Math.floor(count);
  const hi = Math.ceil(count);
  const a = log10TailInt(lo, mean, variance);
  if (hi === lo) return -a;
  const b = log10TailInt(hi, mean, variance);
  return -(a + (b - a) * (count - lo));
}

/** Quantile of a Poisson distribution (smallest k with P(Y ≤ k) ≥ q). */
export function poissonQuantile(mean: number, q: number): number {
  if (mean <= 0) return 0;
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (cdf < q && k < 1_000_000) {
    k++;
    p *= mean / k;
    cdf += p;
    if (p === 0 && k > mean) break;
  }
  return k;
}

/** A small seeded PRNG (mulberry32) for reproducible generated data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson draw (Knuth for small means, a rounded normal for large ones). */
export function poisson(random: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 60) {
    const u = Math.max(1e-12, random());
    const v = random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > l);
  return k - 1;
}
