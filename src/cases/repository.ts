import type { Insertable, Selectable, Transaction, Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { CaseEventsTable, CasesTable, Database } from '../db/schema.js';

export type Tx = Transaction<Database> | Db;
export type CaseRow = Selectable<CasesTable>;

export async function insertCase(tx: Tx, row: Insertable<CasesTable>): Promise<number> {
  return (await tx.insertInto('cases').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateCase(tx: Tx, id: number, patch: Updateable<CasesTable>): Promise<void> {
  await tx.updateTable('cases').set(patch).where('id', '=', id).execute();
}

export async function findCase(tx: Tx, id: number): Promise<CaseRow | undefined> {
  return tx.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCaseByNumber(tx: Tx, number: string): Promise<CaseRow | undefined> {
  return tx.selectFrom('cases').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function addEvent(tx: Tx, e: Insertable<CaseEventsTable>): Promise<void> {
  await tx.insertInto('case_events').values(e).execute();
}

export async function eventsOf(db: Db, caseId: number) {
  return db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Claims a signal for a case: false when another worker already did. */
export async function claimSignal(tx: Tx, signalId: number, caseId: number): Promise<boolean> {
  const r = await tx
    .updateTable('signals')
    .set({ case_id: caseId })
    .where('id', '=', signalId)
    .where('case_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function signalsOfCase(db: Db, caseId: number) {
  return db
    .selectFrom('signals')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

export async function findSignal(tx: Tx, id: number) {
  return tx.selectFrom('signals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setThreadCase(tx: Tx, threadId: number, caseId: number): Promise<void> {
  await tx.updateTable('threads').set({ case_id: caseId }).where('id', '=', threadId).execute();
}

export async function threadCase(tx: Tx, threadId: number): Promise<number | null> {
  const row = await tx.selectFrom('threads').select('case_id').where('id', '=', threadId).executeTakeFirst();
  return row?.case_id ?? null;
}

/** Signals waiting for triage: appeals (not mentions) without a case, oldest first. */
export async function untriaged(db: Db, limit: number) {
  return db
    .selectFrom('signals')
    .select('id')
    .where('status', '=', 'received')
    .where('case_id', 'is', null)
    .where('historical', '=', 0)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function routingRules(db: Db) {
  return db
    .selectFrom('routing_rules')
    .selectAll()
    .where('active', '=', 1)
    .orderBy('priority')
    .orderBy('id')
    .execute();
}

export async function executorsOf(db: Tx, organisationId: number, openStatuses: readonly string[]) {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_organisations', 'user_organisations.user_id', 'users.id')
    .select(['users.id', 'users.roles'])
    .where('user_organisations.organisation_id', '=', organisationId)
    .where('users.disabled', '=', 0)
    .execute();
  const executors = rows.filter((r) => (JSON.parse(r.roles) as string[]).includes('executor'));
  if (!executors.length) return [];
  const loads = await db
    .selectFrom('cases')
    .select(['executor_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where(
      'executor_id',
      'in',
      executors.map((e) => e.id),
    )
    .where('status', 'in', openStatuses)
    .groupBy('executor_id')
    .execute();
  const load = new Map(loads.map((l) => [l.executor_id, Number(l.n)]));
  return executors.map((e) => ({ id: e.id, open: load.get(e.id) ?? 0 }));
}

export async function organisation(db: Tx, id: number) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setting(db: Tx, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function putSetting(db: Tx, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** An earlier case of the same person, or about the same place and topic, within the window. */
export async function findRepeat(
  db: Tx,
  c: {
    authorId: number | null;
    district: string | null;
    topic: string | null;
    address: string | null;
    since: number;
    excludeId: number;
  },
) {
  if (c.authorId !== null) {
    const same = await db
      .selectFrom('cases')
      .select('id')
      .where('author_id', '=', c.authorId)
      .where('registered_at', '>=', c.since)
      .where('id', '!=', c.excludeId)
      .where('status', '!=', 'merged')
      .orderBy('registered_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (same) return { id: same.id, reason: 'same_applicant' as const };
  }
  if (c.address && c.topic) {
    const place = await db
      .selectFrom('cases')
      .innerJoin('signals', 'signals.case_id', 'cases.id')
      .select('cases.id')
      .where('cases.topic', '=', c.topic)
      .where('signals.address', '=', c.address)
      .where('cases.registered_at', '>=', c.since)
      .where('cases.id', '!=', c.excludeId)
      .where('cases.status', '!=', 'merged')
      .orderBy('cases.registered_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (place) return { id: place.id, reason: 'same_address_topic' as const };
  }
  return null;
}

export async function templatesFor(db: Tx, code: string) {
  return db.selectFrom('templates').selectAll().where('code', '=', code).where('active', '=', 1).execute();
}

export async function calendarEntries(db: Db) {
  return db.selectFrom('calendar_entries').selectAll().orderBy('date').execute();
}

/** The conversation's most recently updated case in one of `statuses`. */
export function latestCaseOfConversation(
  tx: Tx,
  channel: string,
  conversation: string,
  statuses: readonly string[],
) {
  return tx
    .selectFrom('cases')
    .innerJoin('signals', 'signals.case_id', 'cases.id')
    .selectAll('cases')
    .where('signals.conversation', '=', conversation)
    .where('signals.channel', '=', channel)
    .where('cases.status', 'in', statuses)
    .orderBy('cases.updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every organisation's id and code (exports name organisations by code). */
export function organisationCodes(db: Tx) {
  return db.selectFrom('organisations').select(['id', 'code']).execute();
}
