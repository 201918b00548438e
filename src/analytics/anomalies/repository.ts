import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { AnalyticsAnomaliesTable } from '../../db/schema.js';
import type { Names } from '../alerts/explain.js';

/** Topic×district values with at least `min` signals in hour buckets [from, to). */
export async function busyValues(db: Db, from: number, to: number, min: number): Promise<string[]> {
  const rows = await db
    .selectFrom('analytics_cube')
    .select((eb) => ['value', eb.fn.sum<number>('n').as('n')])
    .where('grain', '=', 'hour')
    .where('dim', '=', 'topic_district')
    .where('bucket', '>=', from)
    .where('bucket', '<', to)
    .groupBy('value')
    .execute();
  return rows
    .filter((r) => Number(r.n) >= min)
    .sort((a, b) => Number(b.n) - Number(a.n))
    .map((r) => r.value);
}

/** Hourly counts of one cube value over [from, to), as an array (missing hours are zeros). */
export async function hourlyCounts(
  db: Db,
  dim: string,
  value: string,
  from: number,
  to: number,
  hour: number,
) {
  const rows = await db
    .selectFrom('analytics_cube')
    .select((eb) => ['bucket', eb.fn.sum<number>('n').as('n')])
    .where('grain', '=', 'hour')
    .where('dim', '=', dim)
    .where('value', '=', value)
    .where('bucket', '>=', from)
    .where('bucket', '<', to)
    .groupBy('bucket')
    .execute();
  const y = new Float64Array(Math.round((to - from) / hour));
  for (const r of rows) y[Math.round((Number(r.bucket) - from) / hour)] = Number(r.n);
  return y;
}

/** Labelled and negative counts per topic×district over buckets of a grain in [from, to). */
export async function sentimentCounts(db: Db, grain: 'hour' | 'day', from: number, to: number) {
  const rows = await db
    .selectFrom('analytics_cube')
    .select((eb) => [
      'value',
      eb.fn.sum<number>('labelled').as('labelled'),
      eb.fn.sum<number>('neg').as('neg'),
    ])
    .where('grain', '=', grain)
    .where('dim', '=', 'topic_district')
    .where('bucket', '>=', from)
    .where('bucket', '<', to)
    .groupBy('value')
    .execute();
  return new Map(rows.map((r) => [r.value, { labelled: Number(r.labelled), neg: Number(r.neg) }]));
}

/** Mean reach per channel over day buckets [from, to). */
export async function meanReach(db: Db, from: number, to: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('analytics_cube')
    .select((eb) => ['value', eb.fn.sum<number>('reach').as('reach'), eb.fn.sum<number>('n').as('n')])
    .where('grain', '=', 'day')
    .where('dim', '=', 'channel')
    .where('bucket', '>=', from)
    .where('bucket', '<', to)
    .groupBy('value')
    .execute();
  return new Map(rows.map((r) => [r.value, Number(r.n) > 0 ? Number(r.reach) / Number(r.n) : 0]));
}

/** Mentions received in [from, to) that carry a reach. */
export async function mentionsWithReach(db: Db, from: number, to: number) {
  return db
    .selectFrom('signals')
    .select(['id', 'channel', 'topic', 'district', 'sentiment', 'reach', 'cluster_id', 'received_at'])
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .where('status', '=', 'mention')
    .where('reach', 'is not', null)
    .execute();
}

export async function replaceAnomalies(
  db: Db,
  rows: ReadonlyArray<Insertable<AnalyticsAnomaliesTable>>,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('analytics_anomalies').execute();
    for (let i = 0; i < rows.length; i += 200) {
      await tx
        .insertInto('analytics_anomalies')
        .values(rows.slice(i, i + 200))
        .execute();
    }
  });
}

export async function listAnomalies(db: Db) {
  return db.selectFrom('analytics_anomalies').selectAll().orderBy('score', 'desc').execute();
}

/** District names in the three languages (public reference data). */
export async function districtNames(db: Db): Promise<Names> {
  const rows = await db.selectFrom('districts').select(['code', 'name_ru', 'name_kk', 'name_en']).execute();
  return new Map(rows.map((r) => [r.code, { ru: r.name_ru, kk: r.name_kk, en: r.name_en }]));
}
