/** Pure aggregation of cases into the case cube, with mergeable log-binned duration histograms. */

export interface CaseFact {
  readonly status: string;
  readonly organisation_id: number | null;
  readonly channel: string;
  readonly kind: string | null;
  readonly topic: string | null;
  readonly district: string | null;
  readonly registered_at: number;
  readonly due_at: number;
  readonly first_response_at: number | null;
  readonly answered_at: number | null;
  readonly repeat_of: number | null;
  readonly satisfaction: string | null;
  readonly rating: number | null;
}

export const CASE_DIMS = ['none', 'organisation', 'channel', 'kind', 'topic', 'district'] as const;
export type CaseDim = (typeof CASE_DIMS)[number];

/** Histogram of durations in minutes: bin 0 holds ≤ 1 min, bin i ≥ 1 holds [2^((i−1)/4), 2^(i/4)). */
export type Histogram = Float64Array;
const BINS_PER_DOUBLING = 4;
const MAX_BIN = 120;

export const newHistogram = (): Histogram => new Float64Array(MAX_BIN + 1);

export function binOf(minutes: number): number {
  if (!(minutes > 1)) return 0;
  return Math.min(MAX_BIN, Math.floor(BINS_PER_DOUBLING * Math.log2(minutes)) + 1);
}

/** Stored as "bin:count,bin:count" (non-empty bins only): compact, and parsed far faster than JSON. */
export function histToText(h: Histogram): string {
  const parts: string[] = [];
  for (let i = 0; i < h.length; i++) if (h[i]) parts.push(`${i}:${h[i]}`);
  return parts.join(',');
}

/** Adds a stored histogram into `into`. */
export function addHistText(text: string, into: Histogram): Histogram {
  let i = 0;
  while (i < text.length) {
    const colon = text.indexOf(':', i);
    if (colon < 0) break;
    let end = text.indexOf(',', colon);
    if (end < 0) end = text.length;
    const bin = Number(text.slice(i, colon));
    if (bin >= 0 && bin <= MAX_BIN) into[bin] = into[bin]! + Number(text.slice(colon + 1, end));
    i = end + 1;
  }
  return into;
}

export function addHist(into: Histogram, from: Histogram): void {
  for (let i = 0; i < into.length; i++) into[i] = into[i]! + from[i]!;
}

/** The q-quantile of the histogram in hours (geometric interpolation inside the bin), null when empty. */
export function percentileHours(h: Histogram, q: number): number | null {
  let total = 0;
  for (const v of h) total += v;
  if (total === 0) return null;
  const target = q * total;
  let seen = 0;
  for (let bin = 0; bin < h.length; bin++) {
    const count = h[bin]!;
    if (count === 0) continue;
    if (seen + count >= target) {
      const frac = Math.min(1, Math.max(0, (target - seen) / count));
      const minutes = bin === 0 ? frac : 2 ** ((bin - 1 + frac) / BINS_PER_DOUBLING);
      return minutes / 60;
    }
    seen += count;
  }
  return null;
}

export interface CaseMeasures {
  received: number;
  answered: number;
  on_time: number;
  repeats: number;
  feedback: number;
  solved: number;
  rated: number;
  rating_sum: number;
  first: Histogram;
  answer: Histogram;
}

export const emptyCaseMeasures = (): CaseMeasures => ({
  received: 0,
  answered: 0,
  on_time: 0,
  repeats: 0,
  feedback: 0,
  solved: 0,
  rated: 0,
  rating_sum: 0,
  first: newHistogram(),
  answer: newHistogram(),
});

export function caseDimValue(dim: CaseDim, c: CaseFact): string {
  switch (dim) {
    case 'none':
      return '';
    case 'organisation':
      return c.organisation_id === null ? '' : String(c.organisation_id);
    default:
      return c[dim] ?? '';
  }
}

/** One day's cases into cube rows (merged duplicates are not counted: their original is). */
export function aggregateCases(
  cases: readonly CaseFact[],
): Map<string, { dim: CaseDim; value: string; m: CaseMeasures }> {
  const out = new Map<string, { dim: CaseDim; value: string; m: CaseMeasures }>();
  for (const c of cases) {
    if (c.status === 'merged') continue;
    for (const dim of CASE_DIMS) {
      const value = caseDimValue(dim, c);
      const k = `${dim}\u0001${value}`;
      let row = out.get(k);
      if (!row) {
        row = { dim, value, m: emptyCaseMeasures() };
        out.set(k, row);
      }
      const m = row.m;
      m.received++;
      if (c.answered_at !== null) {
        m.answered++;
        if (c.answered_at <= c.due_at) m.on_time++;
        const bin = binOf((c.answered_at - c.registered_at) / 60_000);
        m.answer[bin] = m.answer[bin]! + 1;
      }
      if (c.first_response_at !== null) {
        const bin = binOf((c.first_response_at - c.registered_at) / 60_000);
        m.first[bin] = m.first[bin]! + 1;
      }
      if (c.repeat_of !== null) m.repeats++;
      if (c.satisfaction !== null) {
        m.feedback++;
        if (c.satisfaction === 'solved') m.solved++;
      }
      if (c.rating !== null) {
        m.rated++;
        m.rating_sum += c.rating;
      }
    }
  }
  return out;
}
