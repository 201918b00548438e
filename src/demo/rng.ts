/** A small seeded PRNG (mulberry32) and the sampling helpers the demo generator needs. */
export class Rng {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** A log-normal draw with the given median and spread (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

/** Weighted choice over fixed items; build once, draw many times (binary search on the cumulative sum). */
export class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    let sum = 0;
    for (const w of weights) {
      sum += Math.max(0, w);
      this.cumulative.push(sum);
    }
    if (!items.length || sum <= 0) throw new Error('weighted choice needs items with positive weight');
    this.total = sum;
  }

  static of<K extends string>(table: Readonly<Partial<Record<K, number>>>): Weighted<K> {
    const keys = Object.keys(table) as K[];
    return new Weighted(
      keys,
      keys.map((k) => table[k] ?? 0),
    );
  }

  draw(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

/** Splits n into integer counts proportional to the shares (largest remainder), so small samples keep them. */
export function apportion<K extends string>(
  n: number,
  shares: Readonly<Record<K, number>>,
): Record<K, number> {
  const keys = Object.keys(shares) as K[];
  const total = keys.reduce((s, k) => s + shares[k], 0);
  const exact = keys.map((k) => (n * shares[k]) / total);
  const out = {} as Record<K, number>;
  let given = 0;
  keys.forEach((k, i) => {
    out[k] = Math.floor(exact[i] ?? 0);
    given += out[k];
  });
  const order = keys
    .map((k, i) => ({ k, frac: (exact[i] ?? 0) - Math.floor(exact[i] ?? 0) }))
    .sort((a, b) => b.frac - a.frac);
  for (let i = 0; given < n; i++, given++) {
    const k = order[i % order.length]?.k;
    if (k !== undefined) out[k] += 1;
  }
  return out;
}
