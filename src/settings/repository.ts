import type { Insertable, Updateable } from 'kysely';
import type { Tx } from '../cases/repository.js';
import type { CalendarEntriesTable, RoutingRulesTable, TemplatesTable } from '../db/schema.js';

/** Writes of the region's settings: routing rules, message templates, the working-day calendar. */

export async function findRule(db: Tx, id: number) {
  return db.selectFrom('routing_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRule(db: Tx, row: Insertable<RoutingRulesTable>): Promise<number> {
  const r = await db.insertInto('routing_rules').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateRule(db: Tx, id: number, patch: Updateable<RoutingRulesTable>): Promise<void> {
  await db.updateTable('routing_rules').set(patch).where('id', '=', id).execute();
}

export async function deleteRule(db: Tx, id: number): Promise<void> {
  await db.deleteFrom('routing_rules').where('id', '=', id).execute();
}

/** Active rules that send cases to an organisation. */
export async function activeRulesOf(db: Tx, organisationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('routing_rules')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Roles and organisations of a user (to check that an executor belongs where a rule sends cases). */
export async function executorOf(db: Tx, userId: number) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'roles'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) return undefined;
  const links = await db
    .selectFrom('user_organisations')
    .select('organisation_id')
    .where('user_id', '=', userId)
    .execute();
  return { roles: JSON.parse(user.roles) as string[], organisationIds: links.map((l) => l.organisation_id) };
}

export async function findTemplate(db: Tx, id: number) {
  return db.selectFrom('templates').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Another template with the same code, language and organisation. */
export async function templateTwin(
  db: Tx,
  t: { code: string; lang: string; organisation_id: number | null },
  exceptId: number | null,
) {
  let q = db
    .selectFrom('templates')
    .select('id')
    .where('code', '=', t.code)
    .where('lang', '=', t.lang)
    .where('organisation_id', t.organisation_id === null ? 'is' : '=', t.organisation_id);
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

export async function templatesWithCode(db: Tx, code: string) {
  return db.selectFrom('templates').select(['id', 'active']).where('code', '=', code).execute();
}

export async function insertTemplate(db: Tx, row: Insertable<TemplatesTable>): Promise<number> {
  const r = await db.insertInto('templates').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateTemplate(db: Tx, id: number, patch: Updateable<TemplatesTable>): Promise<void> {
  await db.updateTable('templates').set(patch).where('id', '=', id).execute();
}

export async function deleteTemplate(db: Tx, id: number): Promise<void> {
  await db.deleteFrom('templates').where('id', '=', id).execute();
}

/** Calendar entries that already make a date a day off or a working day. */
export async function calendarOn(db: Tx, dates: readonly string[]) {
  return db
    .selectFrom('calendar_entries')
    .selectAll()
    .where((eb) => eb.or([eb('date', 'in', dates), eb('working_date', 'in', dates)]))
    .execute();
}

export async function insertCalendarEntry(db: Tx, row: Insertable<CalendarEntriesTable>): Promise<number> {
  const r = await db.insertInto('calendar_entries').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteCalendarOn(db: Tx, date: string) {
  return db.deleteFrom('calendar_entries').where('date', '=', date).returning(['id', 'type']).execute();
}
