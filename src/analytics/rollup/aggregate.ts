import type { RollupMeasures } from '../../db/schema.js';

/** Pure aggregation of signals into rollup rows: the full key and the one-dimension cube. */

export interface SignalFact {
  readonly channel: string;
  readonly kind: string | null;
  readonly topic: string | null;
  readonly district: string | null;
  readonly sentiment: string | null;
  readonly status: string;
  readonly reach: string | null;
  readonly case_id: number | null;
  readonly answered_at: number | null;
}

/** Channels whose mentions are posts and comments addressed to the akimat's own pages. */
export const SOCIAL_CHANNELS: ReadonlySet<string> = new Set(['instagram', 'facebook', 'vk']);

/** Source class stored in the `mention` column: an appeal, a mention (news, others), a social mention. */
export const APPEAL = 0;
export const MENTION = 1;
export const SOCIAL_MENTION = 2;

export function sourceClass(status: string, channel: string): number {
  if (status !== 'mention') return APPEAL;
  return SOCIAL_CHANNELS.has(channel) ? SOCIAL_MENTION : MENTION;
}

/** Dimensions of the dashboard cube ('none' is the grand total). */
export const DIMS = ['none', 'channel', 'kind', 'topic', 'district', 'sentiment', 'topic_district'] as const;
export type Dim = (typeof DIMS)[number];

/**
 * A post's reach: its views when the channel reports them, else the author's followers, else the
 * reactions (likes + comments + shares); 0 when nothing is known.
 */
export function reachOf(raw: string | null): number {
  if (!raw) return 0;
  try {
    const r = JSON.parse(raw) as Record<string, unknown>;
    const num = (k: string) => (typeof r[k] === 'number' && Number.isFinite(r[k]) ? (r[k] as number) : null);
    const v = num('views') ?? num('followers');
    if (v !== null) return Math.max(0, Math.round(v));
    return Math.max(0, Math.round((num('likes') ?? 0) + (num('comments') ?? 0) + (num('shares') ?? 0)));
  } catch {
    return 0;
  }
}

/** Weight of a mention in the sentiment index: 1 + ln(1 + reach). */
export const weightOf = (reach: number) => 1 + Math.log1p(reach);

export const emptyMeasures = (): RollupMeasures => ({
  n: 0,
  labelled: 0,
  pos: 0,
  neg: 0,
  reach: 0,
  weight: 0,
  w_labelled: 0,
  w_pos: 0,
  w_neg: 0,
  cased: 0,
  answered: 0,
});

function add(m: RollupMeasures, f: SignalFact, reach: number): void {
  const w = weightOf(reach);
  m.n++;
  m.reach += reach;
  m.weight += w;
  if (f.sentiment) {
    m.labelled++;
    m.w_labelled += w;
    if (f.sentiment === 'positive') {
      m.pos++;
      m.w_pos += w;
    } else if (f.sentiment === 'negative') {
      m.neg++;
      m.w_neg += w;
    }
  }
  if (f.case_id !== null) m.cased++;
  if (f.answered_at !== null) m.answered++;
}

export interface FullKey {
  readonly channel: string;
  readonly kind: string;
  readonly topic: string;
  readonly district: string;
  readonly sentiment: string;
  readonly mention: number;
}

export interface CubeKey {
  readonly dim: Dim;
  readonly value: string;
  readonly mention: number;
}

export function dimValue(dim: Dim, k: FullKey): string {
  switch (dim) {
    case 'none':
      return '';
    case 'topic_district':
      return `${k.topic}|${k.district}`;
    default:
      return k[dim];
  }
}

export const fullKeyOf = (k: FullKey) =>
  `${k.channel}\u0001${k.kind}\u0001${k.topic}\u0001${k.district}\u0001${k.sentiment}\u0001${k.mention}`;
export const cubeKeyOf = (k: CubeKey) => `${k.dim}\u0001${k.value}\u0001${k.mention}`;

export type Rows<K> = Map<string, { key: K; m: RollupMeasures }>;

const MEASURE_NAMES = Object.keys(emptyMeasures()) as Array<keyof RollupMeasures>;

/** Adds `sign` times every row of `from` into `into` (sign −1 subtracts: the change from old to new). */
export function addRows<K>(into: Rows<K>, from: Rows<K>, sign = 1): void {
  for (const [k, row] of from) {
    let target = into.get(k);
    if (!target) {
      target = { key: row.key, m: emptyMeasures() };
      into.set(k, target);
    }
    for (const name of MEASURE_NAMES) target.m[name] += sign * row.m[name];
  }
}

/** Rows whose measures all cancelled out are left out of a change set. */
export function nonZero<K>(rows: Rows<K>): Rows<K> {
  const out: Rows<K> = new Map();
  for (const [k, row] of rows) if (MEASURE_NAMES.some((n) => Math.abs(row.m[n]) > 1e-9)) out.set(k, row);
  return out;
}

/** Accumulates one bucket's signals (ignored ones never reach it) into both row sets. */
export class BucketAggregate {
  readonly full: Rows<FullKey> = new Map();
  readonly cube: Rows<CubeKey> = new Map();

  add(f: SignalFact): void {
    const reach = reachOf(f.reach);
    const key: FullKey = {
      channel: f.channel,
      kind: f.kind ?? '',
      topic: f.topic ?? '',
      district: f.district ?? '',
      sentiment: f.sentiment ?? '',
      mention: sourceClass(f.status, f.channel),
    };
    const fk = fullKeyOf(key);
    let row = this.full.get(fk);
    if (!row) {
      row = { key, m: emptyMeasures() };
      this.full.set(fk, row);
    }
    add(row.m, f, reach);
    for (const dim of DIMS) {
      const value = dimValue(dim, key);
      const ck = cubeKeyOf({ dim, value, mention: key.mention });
      let c = this.cube.get(ck);
      if (!c) {
        c = { key: { dim, value, mention: key.mention }, m: emptyMeasures() };
        this.cube.set(ck, c);
      }
      add(c.m, f, reach);
    }
  }

  get empty(): boolean {
    return this.full.size === 0;
  }
}
