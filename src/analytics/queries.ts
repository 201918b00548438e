import { OPEN_STATUSES } from '../cases/lifecycle.js';
import type { Db } from '../db/database.js';
import type { Dim } from './rollup/aggregate.js';
import type { CaseDim } from './rollup/cases.js';

/** Reads of the rollups for dashboards (aggregates only: no row of this file carries personal data). */

export interface SignalTotals {
  value: string;
  mention: number;
  n: number;
  reach: number;
  w_labelled: number;
  w_pos: number;
  w_neg: number;
  labelled: number;
  neg: number;
  cased: number;
  answered: number;
}

/** Signal measures per dimension value and source class over whole buckets [from, to). */
export async function signalTotals(
  db: Db,
  grain: 'hour' | 'day',
  dim: Dim,
  from: number,
  to: number,
): Promise<SignalTotals[]> {
  return db
    .selectFrom('analytics_cube')
    .select((eb) => [
      'value',
      'mention',
      eb.fn.sum<number>('n').as('n'),
      eb.fn.sum<number>('reach').as('reach'),
      eb.fn.sum<number>('w_labelled').as('w_labelled'),
      eb.fn.sum<number>('w_pos').as('w_pos'),
      eb.fn.sum<number>('w_neg').as('w_neg'),
      eb.fn.sum<number>('labelled').as('labelled'),
      eb.fn.sum<number>('neg').as('neg'),
      eb.fn.sum<number>('cased').as('cased'),
      eb.fn.sum<number>('answered').as('answered'),
    ])
    .where('grain', '=', grain)
    .where('dim', '=', dim)
    .where('bucket', '>=', from)
    .where('bucket', '<', to)
    .groupBy(['value', 'mention'])
    .execute();
}

export interface VolumeRow {
  bucket: number;
  value: string;
  n: number;
  mentions: number;
  reach: number;
  neg: number;
}

/** Time series: counts per bucket and value (all source classes summed; mentions apart). */
export async function volume(
  db: Db,
  grain: 'hour' | 'day',
  dim: Dim,
  from: number,
  to: number,
  values?: readonly string[],
): Promise<VolumeRow[]> {
  let q = db
    .selectFrom('analytics_cube')
    .select((eb) => [
      'bucket',
      'value',
      eb.fn.sum<number>('n').as('n'),
      eb.fn.sum<number>(eb.case().when('mention', '>', 0).then(eb.ref('n')).else(0).end()).as('mentions'),
      eb.fn.sum<number>('reach').as('reach'),
      eb.fn.sum<number>('neg').as('neg'),
    ])
    .where('grain', '=', grain)
    .where('dim', '=', dim)
    .where('bucket', '>=', from)
    .where('bucket', '<', to);
  if (values?.length) q = q.where('value', 'in', values);
  return q.groupBy(['bucket', 'value']).orderBy('bucket').orderBy('value').execute();
}

export interface CaseCubeRow {
  value: string;
  received: number;
  answered: number;
  on_time: number;
  repeats: number;
  feedback: number;
  solved: number;
  rated: number;
  rating_sum: number;
  first_hist: string;
  answer_hist: string;
}

/** Case cube rows of one dimension over local days [from, to) (the caller merges the histograms). */
export async function caseRows(db: Db, dim: CaseDim, from: number, to: number): Promise<CaseCubeRow[]> {
  return db
    .selectFrom('analytics_case_cube')
    .select([
      'value',
      'received',
      'answered',
      'on_time',
      'repeats',
      'feedback',
      'solved',
      'rated',
      'rating_sum',
      'first_hist',
      'answer_hist',
    ])
    .where('dim', '=', dim)
    .where('day', '>=', from)
    .where('day', '<', to)
    .execute();
}

const CASE_COLUMN = {
  organisation: 'organisation_id',
  channel: 'channel',
  kind: 'kind',
  topic: 'topic',
  district: 'district',
} as const;

/** Open cases past their due date, registered in [from, to), per dimension value (live, not rolled up). */
export async function overdueCounts(
  db: Db,
  dim: CaseDim,
  from: number,
  to: number,
  now: number,
): Promise<Map<string, number>> {
  const base = db
    .selectFrom('cases')
    .where('status', 'in', OPEN_STATUSES)
    .where('due_at', '<', now)
    .where('registered_at', '>=', from)
    .where('registered_at', '<', to);
  const out = new Map<string, number>();
  if (dim === 'none') {
    const r = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    out.set('', Number(r?.n ?? 0));
    return out;
  }
  const col = CASE_COLUMN[dim];
  const rows = await base
    .select((eb) => [eb.ref(col).as('value'), eb.fn.countAll<number>().as('n')])
    .groupBy(col)
    .execute();
  for (const r of rows) out.set(r.value === null ? '' : String(r.value), Number(r.n));
  return out;
}

/** Organisation ids to codes (organisations are public bodies, not personal data). */
export async function organisationCodes(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('organisations').select(['id', 'code']).execute();
  return new Map(rows.map((r) => [String(r.id), r.code]));
}
