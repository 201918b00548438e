import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, type LogEvent, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { type App, createApp } from '../src/app/app.js';
import { loadConfig } from '../src/config/config.js';
import type { DatabaseHandle, Dialect } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { createLogger } from '../src/shared/logger.js';

/**
 * The case list over 1,000,000 cases (issue 5: a filter and a page in under 200 ms on SQLite and on
 * PostgreSQL). Cases (and one signal each) are generated in the database itself (a recursive CTE on
 * SQLite, generate_series on PostgreSQL), spread over three years with realistic skews (a third of them
 * in Taraz, most closed, the last month open, a small overdue backlog). Then typical GET /api/cases
 * requests are timed through the real app (median of several runs), next to /healthz in the same run.
 * PostgreSQL runs when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (a fresh schema, dropped after).
 */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number;
  readonly ratio: number;
}

const TOKEN = `bench-${randomBytes(12).toString('hex')}`;
const DAY = 86_400_000;
const START = Date.parse('2024-01-01T04:00:00Z');
const SPAN = 3 * 365 * DAY;
const NOW = START + SPAN + DAY;
const RECENT_OPEN = 30_000;
const CHUNK = 100_000;

const pick = (expr: string, values: readonly (string | number)[]) =>
  `case (${expr}) % ${values.length} ${values
    .map((v, i) => `when ${i} then ${typeof v === 'number' ? v : `'${v}'`}`)
    .join(' ')} end`;
/** Weighted choices: a word repeated n times as `word*n`. */
const weighted = (spec: string) =>
  spec.split(' ').flatMap((w) => {
    const [word = '', n = '1'] = w.split('*');
    return Array<string>(Number(n)).fill(word);
  });
const TOPICS = weighted(
  'water*3 roads*3 housing*2 social*2 electricity gas heating transport waste healthcare education land agriculture safety environment economy digital other',
);
const DISTRICTS = weighted('taraz*6 baizak zhambyl zhualy kordai merke moiynkum sarysu talas shu ryskulov');
const CHANNELS = weighted('call_center*8 whatsapp*4 telegram*3 instagram web');
const KINDS = weighted('consultation*12 incident*5 complaint*2 proposal');
const OPEN = ['new', 'assigned', 'assigned', 'in_progress', 'in_progress', 'reopened', 'redirected'];
const PHRASES = [
  'Нет воды с утра во всём доме',
  'Не горит уличный фонарь у остановки',
  'Глубокая яма на дороге, машины объезжают по тротуару',
  'Не вывозят мусор вторую неделю',
  'Протекает крыша после дождя',
  'Нет отопления в квартире, батареи холодные',
  'Прошу разъяснить порядок получения пособия',
  'Бродячие собаки во дворе школы',
  'Не работает лифт в подъезде',
  'Низкое давление газа вечером',
  'Прошу установить светофор на перекрёстке',
  'Автобус не ходит по расписанию',
  'Су жоқ, үйде таңертеңнен бері',
  'Көшеде жарық жоқ, шам жанбайды',
  'Скачки напряжения, сгорел холодильник',
  'Запись к врачу недоступна через портал',
];
const STREETS = ['ул. Абая', 'ул. Толе би', 'пр. Жамбыла', 'ул. Сулейманова', 'мкр Жайлау', 'мкр Аса'];

/** INSERT … SELECT of cases `from`..`to` (and their signals), in the dialect's own generator. */
function generate(dialect: Dialect, from: number, to: number, rows: number, orgIds: readonly number[]) {
  const src =
    dialect === 'sqlite'
      ? `with recursive seq(i) as (select ${from} union all select i + 1 from seq where i < ${to}) `
      : '';
  const from_ =
    dialect === 'sqlite' ? 'from seq' : `from generate_series(${from}::bigint, ${to}::bigint) as s(i)`;
  const pad = dialect === 'sqlite' ? `substr('0000000' || i, -7, 7)` : `lpad(i::text, 7, '0')`;
  const r1 = '(i * 7919)';
  const r2 = '(i * 104729)';
  const r3 = '(i * 15485863)';
  const reg = `(${START} + i * ${Math.floor(SPAN / rows)} + (${r2} % 3600000))`;
  const open = `i > ${rows - Math.round((RECENT_OPEN * rows) / 1_000_000)}`;
  const status = `case when ${open} then ${pick(r2, OPEN)} when ${r3} % 100 < 2 then 'in_progress' when ${r3} % 100 < 10 then 'answered' when ${r3} % 100 < 11 then 'rejected' else 'closed' end`;
  const summary = `${pick(r1, PHRASES)} || ', ' || ${pick(r2, STREETS)} || ' ' || (${r3} % 149 + 1)`;
  const cases = `${src}insert into cases (number, status, kind, topic, district, urgency, channel, lang, author_id,
      organisation_id, executor_id, summary, registered_at, due_at, escalated, created_at, updated_at, is_demo)
    select 'ZHB-2026-' || ${pad}, ${status}, ${pick(r3, KINDS)}, ${pick(r1, TOPICS)}, ${pick(r3, DISTRICTS)},
      ${pick(r2, ['normal', 'normal', 'normal', 'high', 'low', 'critical'])}, ${pick(r1, CHANNELS)},
      ${pick(r3, ['ru', 'ru', 'kk'])}, null, ${pick(r3, orgIds)}, 1000 + ${r2} % 60, ${summary},
      ${reg}, ${reg} + ${21 * DAY}, case when (${open} or ${r3} % 100 < 2) and ${reg} + ${21 * DAY} < ${NOW} then 1 else 0 end,
      ${reg}, ${reg}, 0 ${from_}`;
  const signals = `${src}insert into signals (channel, external_id, received_at, text, attachments, raw, status, case_id, is_demo)
    select ${pick(r1, CHANNELS)}, 'bench-' || i, ${reg}, ${summary}, '[]', '{}', 'case', i, 0 ${from_}`;
  return [cases, signals];
}

interface Captured {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

interface Bench {
  readonly app: App;
  readonly queries: Captured[];
  readonly close: () => Promise<void>;
}

/** Opens a database whose SQL is captured (for EXPLAIN), migrates it and starts the app on it. */
async function open(dialect: Dialect): Promise<Bench> {
  const queries: Captured[] = [];
  const log = (e: LogEvent) => {
    if (e.level === 'query') queries.push({ sql: e.query.sql, parameters: e.query.parameters });
  };
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'tyndau-bench-cases-'));
  if (dialect === 'sqlite') {
    const file = join(dir, 'cases.db');
    const s = new SQLite(file);
    s.pragma('journal_mode = WAL');
    s.pragma('synchronous = NORMAL');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: s }), log });
    handle = { db, dialect, close: () => db.destroy() };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? '';
    const schema = `bench_cases_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    // The trigram index of migration 0005 needs pg_trgm (a production DBA installs it once).
    await admin.query(`create extension if not exists pg_trgm schema ${schema}`).catch((e: Error) => {
      process.stdout.write(`cases bench: pg_trgm not installed (${e.message}); q is not indexed\n`);
    });
    await admin.end();
    const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    handle = { db, dialect, close: () => db.destroy() };
    cleanup = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrateToLatest(handle.db);
  const config = loadConfig({
    TYNDAU_DATA_DIR: dir,
    TYNDAU_ADMIN_TOKEN: TOKEN,
    TYNDAU_DEMO: '0',
    TYNDAU_SIMULATOR: '0',
    LOG_LEVEL: 'info',
  });
  const app = await createApp(config, {
    database: handle,
    logger: createLogger('info', pino.destination('/dev/null')),
    labeler: null,
    now: () => NOW,
  });
  await app.server.ready();
  return {
    app,
    queries,
    close: async () => {
      await app.close();
      await handle.close();
      await cleanup();
    },
  };
}

async function fill(b: Bench, dialect: Dialect, rows: number): Promise<number> {
  const db = b.app.ctx.db;
  const orgIds = (await db.selectFrom('organisations').select('id').orderBy('id').execute()).map((o) => o.id);
  const t0 = performance.now();
  for (let from = 1; from <= rows; from += CHUNK) {
    const to = Math.min(rows, from + CHUNK - 1);
    await db.transaction().execute(async (tx) => {
      for (const q of generate(dialect, from, to, rows, orgIds)) await sql.raw(q).execute(tx);
    });
  }
  await sql.raw(dialect === 'sqlite' ? 'analyze' : 'vacuum analyze cases').execute(db);
  if (dialect === 'postgres') await sql.raw('vacuum analyze signals').execute(db);
  return (performance.now() - t0) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function time(app: App, url: string, runs: number): Promise<{ ms: number; total: number }> {
  const headers = { authorization: `Bearer ${TOKEN}` };
  let total = -1;
  for (let i = 0; i < 2; i++) await app.server.inject({ url, headers });
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = await app.server.inject({ url, headers });
    ms.push(performance.now() - t);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    total = (res.json() as { total?: number }).total ?? -1;
  }
  return { ms: median(ms), total };
}

/** The request list: typical desk filters and a page deep in the list (a cursor half-way down). */
async function requests(b: Bench, rows: number) {
  const db = b.app.ctx.db;
  const org = await db
    .selectFrom('cases')
    .select(['organisation_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('organisation_id')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  const mid = await db
    .selectFrom('cases')
    .select(['id', 'registered_at'])
    .orderBy('registered_at', 'desc')
    .orderBy('id', 'desc')
    .offset(Math.floor(rows / 2))
    .limit(1)
    .executeTakeFirstOrThrow();
  const cursor = Buffer.from(`${mid.registered_at}:${mid.id}`).toString('base64url');
  const list: Array<[string, string]> = [
    ['status=new,assigned&topic=water&limit=50', 'open water cases'],
    ['district=taraz&overdue=true&limit=50', 'overdue in Taraz'],
    ['overdue=true&limit=50', 'overdue, whole region'],
    [`organisation=${org.organisation_id}&sort=due_asc&limit=50`, 'one organisation by due date'],
    [`q=${encodeURIComponent('лифт')}&limit=50`, 'full text "лифт"'],
    [`q=${encodeURIComponent('Сулейманова 148')}&limit=50`, 'full text "Сулейманова 148"'],
    ['limit=50', 'everything, newest first'],
    [`limit=50&cursor=${cursor}`, `a page ${Math.floor(rows / 2)} rows deep`],
  ];
  return { list, mid };
}

/**
 * The deep page's query as it would be with a row-value keyset predicate, `(registered_at, id) < (?, ?)`
 * instead of `registered_at < ? or (registered_at = ? and id < ?)`: both engines then read the index
 * as a range from the cursor on (a proposed change to src/cases/queries.ts; timed here on raw SQL).
 */
async function rowValuePage(
  b: Bench,
  dialect: Dialect,
  mid: { id: number; registered_at: number },
  runs: number,
) {
  const p = dialect === 'sqlite' ? ['?', '?', '?'] : ['$1', '$2', '$3'];
  const q = CompiledQuery.raw(
    `select * from cases where (registered_at, id) < (${p[0]}, ${p[1]}) order by registered_at desc, id desc limit ${p[2]}`,
    [mid.registered_at, mid.id, 51],
  );
  const ms: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t = performance.now();
    await b.app.ctx.db.executeQuery(q);
    if (i >= 2) ms.push(performance.now() - t);
  }
  return median(ms);
}

export async function run(
  options: { rows?: number; runs?: number; explain?: boolean } = {},
): Promise<BenchRow[]> {
  const rows = options.rows ?? 1_000_000;
  const runs = options.runs ?? 9;
  const dialects: Dialect[] = ['sqlite'];
  if (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) dialects.push('postgres');
  else
    process.stdout.write('cases bench: PostgreSQL skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)\n');
  const out: BenchRow[] = [];
  const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  for (const dialect of dialects) {
    const b = await open(dialect);
    const row = (name: string, value: number, unit: string, baseline: number) =>
      out.push({
        name: `cases ${dialect}: ${name}`,
        value: round(value),
        unit,
        baseline: round(baseline),
        ratio: baseline ? round(value / baseline, 1) : 0,
      });
    try {
      row(`generate ${rows} cases + signals`, await fill(b, dialect, rows), 's', 0);
      const health = (await time(b.app, '/healthz', runs)).ms;
      row('GET /healthz (baseline)', health, 'ms', health);
      const { list, mid } = await requests(b, rows);
      for (const [query, label] of list) {
        b.queries.length = 0;
        const r = await time(b.app, `/api/cases?${query}`, runs);
        row(`GET /api/cases ${label} (total ${r.total}; target < 200 ms)`, r.ms, 'ms', health);
        if (options.explain) await explain(b, dialect, label);
      }
      row(
        'deep page query alone, row-value keyset (proposed)',
        await rowValuePage(b, dialect, mid, runs),
        'ms',
        health,
      );
    } finally {
      await b.close();
    }
  }
  return out;
}

/** Prints the plan of the count and the page query of the last request (run with --explain). */
async function explain(b: Bench, dialect: Dialect, label: string): Promise<void> {
  const seen = b.queries.filter((q) => /from "cases"/.test(q.sql)).slice(0, 2);
  process.stdout.write(`\n-- ${label}\n`);
  for (const q of seen) {
    process.stdout.write(`${q.sql}\n   ${JSON.stringify(q.parameters)}\n`);
    const stmt = dialect === 'sqlite' ? `explain query plan ${q.sql}` : `explain analyze ${q.sql}`;
    const { rows } = await b.app.ctx.db.executeQuery(CompiledQuery.raw(stmt, [...q.parameters]));
    for (const row of rows as Array<Record<string, unknown>>)
      process.stdout.write(`   ${Object.values(row).join(' | ')}\n`);
  }
}

function print(rows: readonly BenchRow[]): void {
  process.stdout.write('| benchmark | value | unit | baseline | ratio |\n|---|---:|---|---:|---:|\n');
  for (const r of rows)
    process.stdout.write(`| ${r.name} | ${r.value} | ${r.unit} | ${r.baseline} | ${r.ratio} |\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const i = process.argv.indexOf('--rows');
  print(
    await run({
      ...(i > 0 ? { rows: Number(process.argv[i + 1]) } : {}),
      explain: process.argv.includes('--explain'),
    }),
  );
}
