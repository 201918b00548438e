import { type InsertObject, sql, type Transaction } from 'kysely';
import type { Db, Dialect } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { ReplyTexts } from './outbox.js';

type Tx = Transaction<Database> | Db;

/** Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

/** Multi-row inserts, as many rows per statement as the parameter limit allows. */
export async function insertMany<T extends keyof Database & string>(
  db: Tx,
  table: T,
  rows: ReadonlyArray<InsertObject<Database, T>>,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const size = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(first).length));
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as Array<InsertObject<Database, T>>)
      .execute();
  }
}

/** SQLite: a large page cache for the bulk load, so index pages stay in memory (this connection only). */
export async function bulkMode(db: Tx, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await sql`pragma cache_size = -65536`.execute(db);
}

export async function hasSignals(db: Db): Promise<boolean> {
  return (await db.selectFrom('signals').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Whether the database was made by the demo (demo signals or demo users). */
export async function holdsDemoData(db: Db): Promise<boolean> {
  const signal = await db
    .selectFrom('signals')
    .select('id')
    .where('is_demo', '=', 1)
    .limit(1)
    .executeTakeFirst();
  if (signal) return true;
  return (
    (await db.selectFrom('users').select('id').where('is_demo', '=', 1).limit(1).executeTakeFirst()) !==
    undefined
  );
}

type IdTable = 'authors' | 'signals' | 'cases' | 'users';

/** The next free id of each table the seed writes with explicit ids. */
export async function nextIds(db: Tx): Promise<Record<IdTable, number>> {
  const next = async (table: IdTable) => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  };
  return {
    authors: await next('authors'),
    signals: await next('signals'),
    cases: await next('cases'),
    users: await next('users'),
  };
}

/** After explicit ids, PostgreSQL's sequences must move past them (SQLite's AUTOINCREMENT follows). */
export async function syncSequences(db: Tx, dialect: Dialect, tables: readonly IdTable[]): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const t of tables) {
    await sql`select setval(pg_get_serial_sequence(${t}, 'id'), (select coalesce(max(id), 0) + 1 from ${sql.table(t)}), false)`.execute(
      db,
    );
  }
}

/**
 * Analytics' incremental workers (story clustering, keyword alerts) read signals after a high-water mark.
 * On a freshly seeded database they start after the seeded history older than `before`, instead of
 * working through a year of demo signals. Only marks not yet set are written.
 */
export const ANALYTICS_MARKS = ['analytics:clusters_hwm', 'analytics:alerts_hwm'] as const;

export async function skipAnalyticsHistory(db: Tx, before: number): Promise<void> {
  const row = await db
    .selectFrom('signals')
    .select((eb) => eb.fn.max('id').as('max'))
    .where('received_at', '<', before)
    .executeTakeFirst();
  const mark = Number(row?.max ?? 0);
  if (!mark) return;
  for (const key of ANALYTICS_MARKS) {
    await db
      .insertInto('settings')
      .values({ key, value: String(mark) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
}

export async function regionCode(db: Db): Promise<string | null> {
  return (await db.selectFrom('regions').select('code').executeTakeFirst())?.code ?? null;
}

export async function organisations(db: Db) {
  return db
    .selectFrom('organisations')
    .select(['id', 'code', 'kind', 'district_code', 'name_ru', 'name_kk'])
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
}

/** Every enabled user with their roles and organisations. */
export async function staff(db: Db) {
  const users = await db
    .selectFrom('users')
    .select(['id', 'login', 'roles', 'is_demo'])
    .where('disabled', '=', 0)
    .orderBy('id')
    .execute();
  const links = await db.selectFrom('user_organisations').select(['user_id', 'organisation_id']).execute();
  return users.map((u) => ({
    ...u,
    roles: JSON.parse(u.roles) as string[],
    organisations: links.filter((l) => l.user_id === u.id).map((l) => l.organisation_id),
  }));
}

/** Staff accounts without a password (they cannot sign in): the people cases were assigned to. */
export async function insertStaff(
  db: Db,
  rows: ReadonlyArray<{ login: string; displayName: string; roles: string[]; organisationId: number | null }>,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const r of rows) {
      const { id } = await tx
        .insertInto('users')
        .values({
          login: r.login,
          display_name: r.displayName,
          password_hash: null,
          roles: JSON.stringify(r.roles),
          disabled: 0,
          failed_logins: 0,
          created_at: now,
          is_demo: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (r.organisationId !== null)
        await tx
          .insertInto('user_organisations')
          .values({ user_id: id, organisation_id: r.organisationId })
          .execute();
    }
  });
}

export async function demoUsersByLogin(db: Db, logins: readonly string[]) {
  if (!logins.length) return [];
  return db
    .selectFrom('users')
    .select(['id', 'login', 'display_name', 'roles'])
    .where('login', 'in', logins)
    .where('is_demo', '=', 1)
    .execute();
}

/** Marks what the simulator sent (and the cases made of it) as demo data. */
export async function markDemo(db: Db, channel: string, externalIds: readonly string[]): Promise<void> {
  if (!externalIds.length) return;
  await db
    .updateTable('signals')
    .set({ is_demo: 1 })
    .where('channel', '=', channel)
    .where('external_id', 'in', externalIds)
    .execute();
}

/** Cases made from demo signals since `since` that are not yet marked (triage runs after the webhook). */
export async function markDemoCases(db: Db, since: number): Promise<void> {
  await db
    .updateTable('cases')
    .set({ is_demo: 1 })
    .where('is_demo', '=', 0)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('signals')
        .select('case_id')
        .where('is_demo', '=', 1)
        .where('received_at', '>=', since)
        .where('case_id', 'is not', null)
        .$narrowType<{ case_id: number }>(),
    )
    .execute();
}

/** The acknowledgement and answer templates by language and the organisations' names, for seeded replies. */
export async function replyTexts(db: Db, utcOffsetMinutes: number): Promise<ReplyTexts> {
  const templates = await db
    .selectFrom('templates')
    .select(['code', 'lang', 'body'])
    .where('code', 'in', ['ack', 'answer'])
    .where('active', '=', 1)
    .execute();
  const byLang = (code: string) =>
    Object.fromEntries(templates.filter((t) => t.code === code).map((t) => [t.lang, t.body]));
  const orgs = await db.selectFrom('organisations').select(['id', 'name_ru', 'name_kk']).execute();
  return {
    ack: byLang('ack'),
    answer: byLang('answer'),
    organisation: new Map(orgs.map((o) => [o.id, { ru: o.name_ru, kk: o.name_kk }])),
    utcOffsetMinutes,
  };
}
