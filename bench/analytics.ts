/**
 * Dashboards over 10 million signals: generates a year of signals (skewed like real traffic: channels,
 * topics, districts, kinds, sentiment, reach on mentions) and 300,000 cases into a temporary SQLite file
 * (and into PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set), builds the rollups, then
 * times each dashboard query from the rollups against the same question asked of the raw rows.
 * `value` is the rollup answer's median time, `baseline` the raw one's, `ratio` = value / baseline.
 * Run alone: `node bin/run-ts.mjs bench/analytics.ts [signals] [--cases=N] [--postgres-only]` (cases: 3 % of
 * the signals by default).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { forecastGroups } from '../src/analytics/forecasts.js';
import { channelTable, kpis } from '../src/analytics/kpis.js';
import { volume } from '../src/analytics/queries.js';
import { rebuildRollups } from '../src/analytics/rollup/refresh.js';
import { openContext } from '../src/app/app.js';
import type { AppContext } from '../src/app/context.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/shared/logger.js';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number;
  readonly ratio: number;
}

const YEAR_START = Date.parse('2025-12-31T19:00:00Z'); // 2026-01-01 00:00 at UTC+5
const YEAR_MS = 365 * 86_400_000;
const OFFSET = 5 * 3_600_000;

/** A SQL expression picking a label from cumulative percentages of a hash slice. */
function pick(hash: string, labels: ReadonlyArray<readonly [string, number]>): string {
  let acc = 0;
  const cases = labels.map(([label, pct]) => {
    acc += pct;
    return `WHEN ${hash} < ${acc} THEN '${label}'`;
  });
  return `CASE ${cases.join(' ')} ELSE '${labels.at(-1)![0]}' END`;
}

const CHANNELS = [
  ['call_center', 30],
  ['whatsapp', 20],
  ['instagram', 18],
  ['telegram', 10],
  ['facebook', 7],
  ['vk', 3],
  ['news', 5],
  ['web', 4],
  ['open311', 3],
] as const;
const TOPICS = [
  ['water', 16],
  ['electricity', 12],
  ['heating', 10],
  ['roads', 10],
  ['housing', 9],
  ['social', 8],
  ['waste', 6],
  ['gas', 5],
  ['transport', 4],
  ['healthcare', 4],
  ['education', 3],
  ['land', 3],
  ['agriculture', 3],
  ['safety', 2],
  ['digital', 2],
  ['economy', 1],
  ['environment', 1],
  ['other', 1],
] as const;
const DISTRICTS = [
  ['taraz', 36],
  ['baizak', 7],
  ['zhambyl', 8],
  ['zhualy', 4],
  ['kordai', 11],
  ['merke', 7],
  ['moiynkum', 3],
  ['sarysu', 3],
  ['talas', 4],
  ['shu', 10],
  ['ryskulov', 5],
  ['', 2],
] as const;
const KINDS = [
  ['consultation', 78],
  ['incident', 18],
  ['complaint', 2],
  ['proposal', 1],
  ['gratitude', 1],
] as const;
const SENTIMENTS = [
  ['negative', 45],
  ['neutral', 45],
  ['positive', 10],
] as const;

/** The number series 1..n as `i`, with a channel `ch` drawn for each (recursive CTE or generate_series). */
function numbered(
  n: number,
  dialect: 'sqlite' | 'postgres',
  channel: string,
): { prefix: string; from: string } {
  return dialect === 'sqlite'
    ? {
        prefix: `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${n})`,
        from: `FROM (SELECT i, ${channel} AS ch FROM seq) s`,
      }
    : {
        prefix: '',
        from: `FROM (SELECT i, ${channel} AS ch FROM generate_series(1::bigint, ${n}::bigint) AS g(i)) s`,
      };
}

const hash = (shift: number) => `((i * 2654435761 + ${shift * 40503}) % 1000003 % 100)`;

/** INSERT … SELECT of n signals spread evenly over the year, labels drawn from skewed shares. */
function signalsSql(n: number, dialect: 'sqlite' | 'postgres'): string {
  const { prefix, from } = numbered(n, dialect, pick(hash(1), CHANNELS));
  const mention = `(ch IN ('instagram','facebook','vk','news') AND ${hash(2)} < 85)`;
  return `INSERT INTO signals (channel, external_id, received_at, text, attachments, raw, status, kind, topic,
      district, sentiment, reach, is_demo)
    ${prefix} SELECT ch, CAST(i AS TEXT), ${YEAR_START} + i * ${Math.floor(YEAR_MS / n)}, 'x', '[]', '{}',
      CASE WHEN ${mention} THEN 'mention' ELSE 'received' END,
      ${pick(hash(3), KINDS)}, ${pick(hash(4), TOPICS)}, NULLIF(${pick(hash(5), DISTRICTS)}, ''),
      ${pick(hash(6), SENTIMENTS)},
      CASE WHEN ${mention} THEN '{"views":' || CAST((i * 7919) % 5000 AS TEXT) || '}' ELSE NULL END, 0
    ${from}`;
}

/** n cases over the year: 85 % answered within ~17 days, some with feedback. */
function casesSql(n: number, dialect: 'sqlite' | 'postgres'): string {
  const { prefix, from } = numbered(n, dialect, pick(hash(1), CHANNELS));
  const reg = `(${YEAR_START} + i * ${Math.floor(YEAR_MS / n)})`;
  const answered = `CASE WHEN ${hash(7)} < 85 THEN ${reg} + ((i * 7919) % 1500000000) ELSE NULL END`;
  return `INSERT INTO cases (number, status, kind, topic, district, channel, organisation_id, summary, registered_at,
      due_at, first_response_at, answered_at, satisfaction, rating, escalated, created_at, updated_at, is_demo)
    ${prefix} SELECT 'B-' || CAST(i AS TEXT), CASE WHEN ${hash(7)} < 85 THEN 'closed' ELSE 'assigned' END,
      ${pick(hash(3), KINDS)}, ${pick(hash(4), TOPICS)}, NULLIF(${pick(hash(5), DISTRICTS)}, ''), ch, NULL, 'x',
      ${reg}, ${reg} + 1814400000, ${answered}, ${answered},
      CASE WHEN ${hash(8)} < 30 THEN 'solved' WHEN ${hash(8)} < 40 THEN 'not_solved' ELSE NULL END,
      CASE WHEN ${hash(8)} < 40 THEN 1 + (i % 5) ELSE NULL END, 0, ${reg}, ${reg}, 0
    ${from}`;
}

async function median(times: number, f: () => Promise<unknown>): Promise<number> {
  await f();
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await f();
    out.push(performance.now() - t0);
  }
  out.sort((a, b) => a - b);
  return out[out.length >> 1]!;
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Raw-row versions of the dashboard questions (what a dashboard without rollups would have to run). */
function raw(ctx: AppContext) {
  const dayExpr = sql<number>`((received_at + ${sql.lit(OFFSET)}) / 86400000)`;
  return {
    volumeByDayTopic: (from: number, to: number) =>
      ctx.db
        .selectFrom('signals')
        .select((eb) => [dayExpr.as('d'), 'topic', eb.fn.countAll<number>().as('n')])
        .where('received_at', '>=', from)
        .where('received_at', '<', to)
        .where('status', '!=', 'ignored')
        .groupBy([dayExpr, 'topic'])
        .execute(),
    volumeByHourDistrict: (from: number, to: number) =>
      ctx.db
        .selectFrom('signals')
        .select((eb) => [
          sql<number>`(received_at / 3600000)`.as('h'),
          'district',
          eb.fn.countAll<number>().as('n'),
        ])
        .where('received_at', '>=', from)
        .where('received_at', '<', to)
        .where('status', '!=', 'ignored')
        .groupBy([sql`(received_at / 3600000)`, 'district'])
        .execute(),
    kpisByTopic: async (from: number, to: number) => {
      const signals = await ctx.db
        .selectFrom('signals')
        .select((eb) => ['topic', 'status', eb.fn.countAll<number>().as('n')])
        .where('received_at', '>=', from)
        .where('received_at', '<', to)
        .where('status', '!=', 'ignored')
        .groupBy(['topic', 'status'])
        .execute();
      // Percentiles need every duration: the raw way fetches them.
      const cases = await ctx.db
        .selectFrom('cases')
        .select(['topic', 'registered_at', 'answered_at', 'due_at', 'satisfaction', 'rating'])
        .where('registered_at', '>=', from)
        .where('registered_at', '<', to)
        .execute();
      return [signals.length, cases.length];
    },
    channelTable: (from: number, to: number) =>
      ctx.db
        .selectFrom('signals')
        .select((eb) => ['channel', 'status', eb.fn.countAll<number>().as('n')])
        .where('received_at', '>=', from)
        .where('received_at', '<', to)
        .groupBy(['channel', 'status'])
        .execute(),
  };
}

async function runOn(
  ctx: AppContext,
  label: string,
  n: number,
  out: BenchRow[],
  cases: number,
): Promise<void> {
  const t0 = performance.now();
  await sql.raw(signalsSql(n, ctx.dialect)).execute(ctx.db);
  await sql.raw(casesSql(cases, ctx.dialect)).execute(ctx.db);
  if (ctx.dialect === 'postgres') await sql.raw('ANALYZE').execute(ctx.db);
  const generated = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await rebuildRollups(ctx);
  const built = (performance.now() - t1) / 1000;
  const cube = await ctx.db
    .selectFrom('analytics_cube')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const count = n.toLocaleString('en-US');
  out.push({
    name: `${label}: build rollups from ${count} signals (vs generating them)`,
    value: round(built),
    unit: 's',
    baseline: round(generated),
    ratio: round(built / generated),
  });
  process.stderr.write(
    `${label}: generated in ${generated.toFixed(0)} s, rollups in ${built.toFixed(0)} s, cube rows ${cube?.n}\n`,
  );
  const r = raw(ctx);
  const yearEnd = YEAR_START + YEAR_MS;
  const weekFrom = yearEnd - 7 * 86_400_000;
  const monthFrom = yearEnd - 30 * 86_400_000;
  const questions: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
    [
      'volume per day and topic over a year',
      () => volume(ctx.db, 'day', 'topic', YEAR_START, yearEnd),
      () => r.volumeByDayTopic(YEAR_START, yearEnd),
    ],
    [
      'volume per hour and district over a week',
      () => volume(ctx.db, 'hour', 'district', weekFrom, yearEnd),
      () => r.volumeByHourDistrict(weekFrom, yearEnd),
    ],
    [
      'KPIs per topic over 30 days',
      () => kpis(ctx, monthFrom, yearEnd, 'topic'),
      () => r.kpisByTopic(monthFrom, yearEnd),
    ],
    [
      'KPIs per channel over a year',
      () => kpis(ctx, YEAR_START, yearEnd, 'channel'),
      () => r.kpisByTopic(YEAR_START, yearEnd),
    ],
    [
      'Table 1 (by channel) over a year',
      () => channelTable(ctx, YEAR_START, yearEnd),
      () => r.channelTable(YEAR_START, yearEnd),
    ],
  ];
  for (const [name, fromRollups, fromRaw] of questions) {
    const value = await median(5, fromRollups);
    const baseline = await median(3, fromRaw);
    out.push({
      name: `${label}: ${name} (rollups vs raw rows)`,
      value: round(value),
      unit: 'ms',
      baseline: round(baseline),
      ratio: Math.round((value / baseline) * 10_000) / 10_000,
    });
  }
  const fc = await median(3, () => forecastGroups(ctx, 'topic_district', 30, 20));
  out.push({
    name: `${label}: 30-day forecasts of the 20 busiest topic × district series`,
    value: round(fc),
    unit: 'ms',
    baseline: 0,
    ratio: 0,
  });
}

export async function run(
  n = 10_000_000,
  options: { sqlite?: boolean; cases?: number } = {},
): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const cases = options.cases ?? Math.round(n * 0.03);
  if (options.sqlite !== false) await runSqlite(n, out, cases);
  await runPostgres(n, out, cases);
  return out;
}

async function runSqlite(n: number, out: BenchRow[], cases: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tyndau-bench-analytics-'));
  try {
    const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, TYNDAU_DEMO: '0' });
    const { ctx, close } = await openContext(config, { logger: createLogger('silent'), labeler: null });
    try {
      await runOn(ctx, 'SQLite', n, out, cases);
    } finally {
      await close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runPostgres(n: number, out: BenchRow[], cases: number): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const { openDatabase } = await import('../src/db/database.js');
      const handle = openDatabase({ dialect: 'postgres', url }, { schema, poolSize: 4 });
      const config = loadConfig({ DATABASE_URL: url, TYNDAU_DEMO: '0' });
      const { ctx, close } = await openContext(config, {
        logger: createLogger('silent'),
        labeler: null,
        database: handle,
      });
      try {
        await runOn(ctx, 'PostgreSQL', n, out, cases);
      } finally {
        await close();
        await handle.close();
      }
    } finally {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const n = process.argv[2] ? Number(process.argv[2]) : undefined;
  const casesArg = process.argv.find((a) => a.startsWith('--cases='));
  const options = {
    sqlite: !process.argv.includes('--postgres-only'),
    ...(casesArg ? { cases: Number(casesArg.slice(8)) } : {}),
  };
  for (const r of await run(n, options)) {
    console.log(`${r.name}: ${r.value} ${r.unit} (baseline ${r.baseline} ${r.unit}, ratio ${r.ratio})`);
  }
}
