import { type Insertable, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import type { AnalyticsCubeTable, AnalyticsRollupTable, Database, RollupMeasures } from '../../db/schema.js';
import {
  type BucketAggregate,
  type CubeKey,
  cubeKeyOf,
  type FullKey,
  fullKeyOf,
  type Rows,
  type SignalFact,
} from './aggregate.js';
import { type CaseDim, type CaseFact, type CaseMeasures, histToText } from './cases.js';

export type Tx = Transaction<Database> | Db;

const KEY = ['channel', 'kind', 'topic', 'district', 'sentiment', 'mention'] as const;
export const MEASURES = [
  'n',
  'labelled',
  'pos',
  'neg',
  'reach',
  'weight',
  'w_labelled',
  'w_pos',
  'w_neg',
  'cased',
  'answered',
] as const satisfies ReadonlyArray<keyof RollupMeasures>;

/**
 * Writes rows in multi-row statements sized to stay below both dialects' bound-parameter limits
 * (SQLite 32,766; PostgreSQL 65,535): one statement per ~1,500 rollup rows instead of one per bucket.
 */
async function chunked<T extends object>(
  rows: readonly T[],
  write: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  if (!rows.length) return;
  const size = Math.max(1, Math.floor(30_000 / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** The signals of one time range as rollup facts (ignored signals are not counted anywhere). */
export async function signalFacts(db: Tx, from: number, to: number): Promise<SignalFact[]> {
  return db
    .selectFrom('signals as s')
    .leftJoin('cases as c', 'c.id', 's.case_id')
    .select([
      's.channel',
      's.kind',
      's.topic',
      's.district',
      's.sentiment',
      's.status',
      's.reach',
      's.case_id',
      'c.answered_at',
    ])
    .where('s.received_at', '>=', from)
    .where('s.received_at', '<', to)
    .where('s.status', '!=', 'ignored')
    .execute();
}

/** Replaces one hour's rows (full key and cube) with the aggregate. */
export async function replaceHour(tx: Tx, hour: number, agg: BucketAggregate): Promise<void> {
  await tx.deleteFrom('analytics_hourly').where('bucket', '=', hour).execute();
  await tx.deleteFrom('analytics_cube').where('grain', '=', 'hour').where('bucket', '=', hour).execute();
  await writeBucket(tx, 'hour', hour, agg);
}

/** Writes aggregates as fresh rows of the given grain (the caller has removed the old ones). */
export async function writeBucket(
  tx: Tx,
  grain: 'hour' | 'day',
  bucket: number,
  agg: BucketAggregate,
): Promise<void> {
  await writeBuckets(tx, grain, [[bucket, agg]]);
}

export async function writeBuckets(
  tx: Tx,
  grain: 'hour' | 'day',
  buckets: ReadonlyArray<readonly [number, BucketAggregate]>,
): Promise<void> {
  const full: Array<Insertable<AnalyticsRollupTable>> = [];
  const cube: Array<Insertable<AnalyticsCubeTable>> = [];
  for (const [bucket, agg] of buckets) {
    for (const { key, m } of agg.full.values()) full.push({ bucket, ...key, ...m });
    for (const { key, m } of agg.cube.values()) cube.push({ grain, bucket, ...key, ...m });
  }
  const table = grain === 'hour' ? 'analytics_hourly' : 'analytics_daily';
  await chunked(full, (c) => tx.insertInto(table).values(c).execute());
  await chunked(cube, (c) => tx.insertInto('analytics_cube').values(c).execute());
}

/** The rows an hour has now (full key and cube), keyed like a BucketAggregate's. */
export async function hourRows(tx: Tx, hour: number): Promise<{ full: Rows<FullKey>; cube: Rows<CubeKey> }> {
  const full: Rows<FullKey> = new Map();
  for (const r of await tx.selectFrom('analytics_hourly').selectAll().where('bucket', '=', hour).execute()) {
    const key: FullKey = {
      channel: r.channel,
      kind: r.kind,
      topic: r.topic,
      district: r.district,
      sentiment: r.sentiment,
      mention: r.mention,
    };
    full.set(fullKeyOf(key), { key, m: measuresOf(r) });
  }
  const cube: Rows<CubeKey> = new Map();
  const cubeRows = await tx
    .selectFrom('analytics_cube')
    .selectAll()
    .where('grain', '=', 'hour')
    .where('bucket', '=', hour)
    .execute();
  for (const r of cubeRows) {
    const key: CubeKey = { dim: r.dim as CubeKey['dim'], value: r.value, mention: r.mention };
    cube.set(cubeKeyOf(key), { key, m: measuresOf(r) });
  }
  return { full, cube };
}

function measuresOf(r: RollupMeasures): RollupMeasures {
  const m = {} as RollupMeasures;
  for (const name of MEASURES) m[name] = Number(r[name]);
  return m;
}

/** `table.m + excluded.m` for every measure: an upsert that adds a change to the stored row. */
function adding(table: 'analytics_daily' | 'analytics_cube') {
  return Object.fromEntries(
    MEASURES.map((m) => [m, sql<number>`${sql.ref(`${table}.${m}`)} + ${sql.ref(`excluded.${m}`)}`]),
  ) as Record<(typeof MEASURES)[number], RawBuilder<number>>;
}

/**
 * Adds the changes of some hours to their day's rows (full key and cube) and drops rows left empty:
 * the day stays the sum of its hours without being recomputed.
 */
export async function addToDay(tx: Tx, day: number, full: Rows<FullKey>, cube: Rows<CubeKey>): Promise<void> {
  const fullRows = [...full.values()].map(({ key, m }) => ({ bucket: day, ...key, ...m }));
  await chunked(fullRows, (c) =>
    tx
      .insertInto('analytics_daily')
      .values(c)
      .onConflict((oc) => oc.columns(['bucket', ...KEY]).doUpdateSet(adding('analytics_daily')))
      .execute(),
  );
  const cubeRows = [...cube.values()].map(({ key, m }) => ({ grain: 'day', bucket: day, ...key, ...m }));
  await chunked(cubeRows, (c) =>
    tx
      .insertInto('analytics_cube')
      .values(c)
      .onConflict((oc) =>
        oc.columns(['grain', 'dim', 'bucket', 'value', 'mention']).doUpdateSet(adding('analytics_cube')),
      )
      .execute(),
  );
  await tx.deleteFrom('analytics_daily').where('bucket', '=', day).where('n', '<=', 0).execute();
  await tx
    .deleteFrom('analytics_cube')
    .where('grain', '=', 'day')
    .where('bucket', '=', day)
    .where('n', '<=', 0)
    .execute();
}

export async function caseFacts(db: Tx, from: number, to: number): Promise<CaseFact[]> {
  return db
    .selectFrom('cases')
    .select([
      'status',
      'organisation_id',
      'channel',
      'kind',
      'topic',
      'district',
      'registered_at',
      'due_at',
      'first_response_at',
      'answered_at',
      'repeat_of',
      'satisfaction',
      'rating',
    ])
    .where('registered_at', '>=', from)
    .where('registered_at', '<', to)
    .execute();
}

export async function replaceCaseDay(
  tx: Tx,
  day: number,
  rows: Iterable<{ dim: CaseDim; value: string; m: CaseMeasures }>,
): Promise<void> {
  await tx.deleteFrom('analytics_case_cube').where('day', '=', day).execute();
  const values = [...rows].map(({ dim, value, m }) => ({
    dim,
    day,
    value,
    received: m.received,
    answered: m.answered,
    on_time: m.on_time,
    repeats: m.repeats,
    feedback: m.feedback,
    solved: m.solved,
    rated: m.rated,
    rating_sum: m.rating_sum,
    first_hist: histToText(m.first),
    answer_hist: histToText(m.answer),
  }));
  await chunked(values, (c) => tx.insertInto('analytics_case_cube').values(c).execute());
}

export async function newSignals(db: Tx, after: number, limit: number) {
  return db
    .selectFrom('signals')
    .select(['id', 'received_at'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function signalsByIds(db: Tx, ids: readonly number[]) {
  if (!ids.length) return [];
  return db.selectFrom('signals').select(['id', 'received_at']).where('id', 'in', ids).execute();
}

export async function changedCases(db: Tx, since: number, limit: number) {
  return db
    .selectFrom('cases')
    .select(['id', 'registered_at', 'updated_at'])
    .where('updated_at', '>', since)
    .orderBy('updated_at')
    .limit(limit)
    .execute();
}

/** Receipt times of the signals of these cases (their answered flags follow the case). */
export async function signalTimesOfCases(db: Tx, caseIds: readonly number[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < caseIds.length; i += 500) {
    const rows = await db
      .selectFrom('signals')
      .select('received_at')
      .where('case_id', 'in', caseIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.push(r.received_at);
  }
  return out;
}

export async function readSetting(db: Tx, key: string): Promise<string | undefined> {
  const r = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value;
}

export async function writeSetting(db: Tx, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Empties every rollup (before a rebuild). */
export async function clearRollups(tx: Tx): Promise<void> {
  for (const t of ['analytics_hourly', 'analytics_daily', 'analytics_cube', 'analytics_case_cube'] as const) {
    await tx.deleteFrom(t).execute();
  }
}

/** PostgreSQL: one rollup writer at a time across instances (false when another holds it). */
export async function tryLock(tx: Tx, dialect: 'sqlite' | 'postgres', key: number): Promise<boolean> {
  if (dialect !== 'postgres') return true;
  const r = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${key}) as ok`.execute(tx);
  return r.rows[0]?.ok === true;
}
