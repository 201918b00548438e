import type { Insertable, Selectable, Transaction, Updateable } from 'kysely';
import { OPEN_STATUSES } from '../../cases/lifecycle.js';
import type { Db } from '../../db/database.js';
import type { AlertRulesTable, AlertsTable, Database } from '../../db/schema.js';
import type { Scope } from './rules.js';

export type Tx = Transaction<Database> | Db;
export type AlertRow = Selectable<AlertsTable>;

export async function listRules(db: Tx, activeOnly = false) {
  let q = db.selectFrom('alert_rules').selectAll();
  if (activeOnly) q = q.where('active', '=', 1);
  return q.orderBy('id').execute();
}

export async function findRule(db: Tx, id: number) {
  return db.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRule(db: Tx, row: Insertable<AlertRulesTable>): Promise<number> {
  return (await db.insertInto('alert_rules').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateRule(db: Tx, id: number, patch: Updateable<AlertRulesTable>): Promise<boolean> {
  const r = await db.updateTable('alert_rules').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteRule(db: Tx, id: number): Promise<boolean> {
  await db.deleteFrom('alerts').where('rule_id', '=', id).execute();
  const r = await db.deleteFrom('alert_rules').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function openAlert(db: Tx, key: string): Promise<AlertRow | undefined> {
  return db.selectFrom('alerts').selectAll().where('open_key', '=', key).executeTakeFirst();
}

export async function findAlert(db: Tx, id: number): Promise<AlertRow | undefined> {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts an alert unless another instance opened the same one first (then undefined). */
export async function insertAlert(db: Tx, row: Insertable<AlertsTable>): Promise<number | undefined> {
  const r = await db
    .insertInto('alerts')
    .values(row)
    .onConflict((oc) => oc.column('open_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function updateAlert(db: Tx, id: number, patch: Updateable<AlertsTable>): Promise<void> {
  await db.updateTable('alerts').set(patch).where('id', '=', id).execute();
}

/** Alerts quiet since `before` stop absorbing updates: the next occurrence opens a new one. */
export async function closeQuiet(db: Tx, before: number): Promise<number> {
  const r = await db
    .updateTable('alerts')
    .set({ open_key: null })
    .where('open_key', 'is not', null)
    .where('last_seen', '<', before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listAlerts(
  db: Tx,
  q: { status: 'open' | 'unacked' | 'all'; since: number; limit: number },
): Promise<AlertRow[]> {
  let query = db.selectFrom('alerts').selectAll().where('last_seen', '>=', q.since);
  if (q.status === 'open') query = query.where('open_key', 'is not', null);
  if (q.status === 'unacked') query = query.where('acked_at', 'is', null);
  return query.orderBy('last_seen', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}

/** Open cases past their due date within the scope (a live count). */
export async function overdueCount(db: Tx, scope: Scope, now: number): Promise<number> {
  let q = db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', OPEN_STATUSES)
    .where('due_at', '<', now);
  if (scope.topic) q = q.where('topic', '=', scope.topic);
  if (scope.district) q = q.where('district', '=', scope.district);
  if (scope.channel) q = q.where('channel', '=', scope.channel);
  const r = await q.executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Signals after `after` up to `upTo` (clustered already), for keyword and reach rules. */
export async function signalsForRules(db: Tx, after: number, upTo: number, limit: number) {
  return db
    .selectFrom('signals')
    .select([
      'id',
      'received_at',
      'channel',
      'topic',
      'district',
      'sentiment',
      'reach',
      'cluster_id',
      'text_redacted',
      'text',
      'status',
    ])
    .where('id', '>', after)
    .where('id', '<=', upTo)
    .orderBy('id')
    .limit(limit)
    .execute();
}
