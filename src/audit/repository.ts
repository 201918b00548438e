import type { Insertable, Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { AuditLogTable, Database } from '../db/schema.js';

type Tx = Transaction<Database>;

/** Locks the chain head (a row update) and returns the hash of the last entry. */
export async function lockHead(tx: Tx): Promise<string> {
  await tx
    .updateTable('settings')
    .set({ value: (eb) => eb.ref('value') })
    .where('key', '=', 'audit_head')
    .execute();
  const row = await tx
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'audit_head')
    .executeTakeFirstOrThrow();
  return row.value;
}

export async function appendEntry(tx: Tx, entry: Insertable<AuditLogTable>): Promise<number> {
  const { id } = await tx.insertInto('audit_log').values(entry).returning('id').executeTakeFirstOrThrow();
  await tx.updateTable('settings').set({ value: entry.hash }).where('key', '=', 'audit_head').execute();
  return id;
}

export async function readEntries(db: Db, afterId: number, limit: number) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function headHash(db: Db): Promise<string> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'audit_head')
    .executeTakeFirstOrThrow();
  return row.value;
}

export interface AuditFilter {
  entity?: string | undefined;
  entityId?: string | undefined;
  actor?: string | undefined;
  limit: number;
  beforeId?: number | undefined;
}

export async function listEntries(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actor) q = q.where('actor', '=', f.actor);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}
