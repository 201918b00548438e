import { sql } from 'kysely';
import { MEASURES, type Tx } from './repository.js';

/** The rebuild of every signal rollup, done inside the database, and the marks it leaves. */

/**
 * The whole signal rollup rebuilt inside the database (the same definitions as BucketAggregate, in
 * SQL, so that ten million rows never cross into JavaScript): hours from the raw rows, days from hours,
 * the cube from both. A test checks that it yields exactly what the incremental passes keep.
 */
export async function rebuildSignalRollupsSql(
  tx: Tx,
  dialect: 'sqlite' | 'postgres',
  offsetMs: number,
): Promise<void> {
  const pgsql = dialect === 'postgres';
  const num = (path: string) =>
    pgsql
      ? `CASE WHEN jsonb_typeof(s.reach::jsonb -> '${path}') = 'number' THEN (s.reach::jsonb ->> '${path}')::float8 END`
      : `CASE WHEN json_type(s.reach, '$.${path}') IN ('integer', 'real') THEN json_extract(s.reach, '$.${path}') END`;
  const greatest = pgsql ? 'GREATEST' : 'MAX';
  const reach = `CASE WHEN s.reach IS NULL THEN 0 ELSE ${greatest}(0, ROUND(COALESCE(${num('views')}, ${num('followers')},
    COALESCE(${num('likes')}, 0) + COALESCE(${num('comments')}, 0) + COALESCE(${num('shares')}, 0)))) END`;
  const measures = (
    w: string,
  ) => `COUNT(*), SUM(lab), SUM(CASE WHEN sentiment = 'positive' THEN 1 ELSE 0 END),
    SUM(CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END), SUM(r), SUM(${w}), SUM(lab * ${w}),
    SUM(CASE WHEN sentiment = 'positive' THEN ${w} ELSE 0 END), SUM(CASE WHEN sentiment = 'negative' THEN ${w} ELSE 0 END),
    SUM(cased), SUM(answered)`;
  const cols = 'n, labelled, pos, neg, reach, weight, w_labelled, w_pos, w_neg, cased, answered';
  const sums = MEASURES.map((m) => `SUM(${m})`).join(', ');
  const key = 'channel, kind, topic, district, sentiment, mention';
  const day = (b: string) => `((${b} + ${offsetMs}) / 86400000) * 86400000 - ${offsetMs}`;
  const run = (text: string) => sql.raw(text).execute(tx);
  await run(`INSERT INTO analytics_hourly (bucket, ${key}, ${cols})
    SELECT bucket, channel, kind, topic, district, COALESCE(sentiment, ''), mention, ${measures('(1 + LN(1 + r))')}
    FROM (SELECT (s.received_at / 3600000) * 3600000 AS bucket, s.channel, COALESCE(s.kind, '') AS kind,
            COALESCE(s.topic, '') AS topic, COALESCE(s.district, '') AS district, NULLIF(s.sentiment, '') AS sentiment,
            CASE WHEN s.status <> 'mention' THEN 0 WHEN s.channel IN ('instagram', 'facebook', 'vk') THEN 2 ELSE 1 END AS mention,
            CASE WHEN COALESCE(s.sentiment, '') <> '' THEN 1 ELSE 0 END AS lab,
            ${reach} AS r,
            CASE WHEN s.case_id IS NOT NULL THEN 1 ELSE 0 END AS cased,
            CASE WHEN c.answered_at IS NOT NULL THEN 1 ELSE 0 END AS answered
          FROM signals s LEFT JOIN cases c ON c.id = s.case_id
          WHERE s.status <> 'ignored') f
    GROUP BY bucket, channel, kind, topic, district, sentiment, mention`);
  await run(`INSERT INTO analytics_daily (bucket, ${key}, ${cols})
    SELECT ${day('bucket')}, ${key}, ${sums} FROM analytics_hourly GROUP BY ${day('bucket')}, ${key}`);
  const values: Record<string, string> = {
    none: "''",
    channel: 'channel',
    kind: 'kind',
    topic: 'topic',
    district: 'district',
    sentiment: 'sentiment',
    topic_district: "topic || '|' || district",
  };
  for (const [dim, value] of Object.entries(values)) {
    const groups = dim === 'none' ? 'bucket, mention' : `bucket, ${value}, mention`;
    await run(`INSERT INTO analytics_cube (grain, dim, bucket, value, mention, ${cols})
      SELECT 'hour', '${dim}', bucket, ${value}, mention, ${sums} FROM analytics_hourly GROUP BY ${groups}`);
  }
  await run(`INSERT INTO analytics_cube (grain, dim, bucket, value, mention, ${cols})
    SELECT 'day', dim, ${day('bucket')}, value, mention, ${sums} FROM analytics_cube WHERE grain = 'hour'
    GROUP BY dim, ${day('bucket')}, value, mention`);
}

/** The newest signal id and case update time (where a rebuild leaves the incremental passes). */
export async function marks(db: Tx): Promise<{ signalId: number; caseUpdatedAt: number }> {
  const s = await db
    .selectFrom('signals')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const c = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.max('updated_at').as('at'))
    .executeTakeFirst();
  return { signalId: Number(s?.id ?? 0), caseUpdatedAt: Number(c?.at ?? 0) };
}

/** Signals counted in the daily cube. */
export async function countedSignals(db: Tx): Promise<number> {
  const r = await db
    .selectFrom('analytics_cube')
    .select((eb) => eb.fn.sum<number>('n').as('n'))
    .where('grain', '=', 'day')
    .where('dim', '=', 'none')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The first case registration at or after `t`, or null. */
export async function firstCaseFrom(db: Tx, t: number): Promise<number | null> {
  const r = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.min('registered_at').as('t'))
    .where('registered_at', '>=', t)
    .executeTakeFirst();
  return r?.t === null || r?.t === undefined ? null : Number(r.t);
}
