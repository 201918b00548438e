import type { Insertable, Selectable, Transaction, Updateable } from 'kysely';
import type { Db, Dialect } from '../../db/database.js';
import type { Database, Open311RequestsTable, Open311ServicesTable } from '../../db/schema.js';
import type { Service, ServiceAttribute, ServiceType } from './types.js';

type Tx = Transaction<Database> | Db;

// ---- services --------------------------------------------------------------------------------

export async function countServices(db: Db): Promise<number> {
  const row = await db
    .selectFrom('open311_services')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertServices(db: Db, services: readonly Service[]): Promise<number> {
  if (services.length === 0) return 0;
  const rows: Insertable<Open311ServicesTable>[] = services.map((s) => ({
    service_code: s.code,
    service_name: s.name,
    description: s.description,
    type: s.type,
    keywords: s.keywords,
    group_name: s.group,
    topic: s.topic,
    kind: s.kind,
    attributes: JSON.stringify(s.attributes),
    active: 1,
  }));
  const inserted = await db
    .insertInto('open311_services')
    .values(rows)
    .onConflict((oc) => oc.column('service_code').doNothing())
    .returning('service_code')
    .execute();
  return inserted.length;
}

function toService(row: Selectable<Open311ServicesTable>): Service {
  return {
    code: row.service_code,
    name: row.service_name,
    description: row.description,
    type: row.type as ServiceType,
    keywords: row.keywords,
    group: row.group_name,
    topic: row.topic,
    kind: row.kind,
    attributes: JSON.parse(row.attributes) as ServiceAttribute[],
  };
}

export async function listActiveServices(db: Db): Promise<Service[]> {
  const rows = await db
    .selectFrom('open311_services')
    .selectAll()
    .where('active', '=', 1)
    .orderBy('group_name')
    .orderBy('service_code')
    .execute();
  return rows.map(toService);
}

export async function findActiveService(db: Db, code: string): Promise<Service | undefined> {
  const row = await db
    .selectFrom('open311_services')
    .selectAll()
    .where('service_code', '=', code)
    .where('active', '=', 1)
    .executeTakeFirst();
  return row ? toService(row) : undefined;
}

// ---- requests --------------------------------------------------------------------------------

export type RequestRow = Selectable<Open311RequestsTable>;

/**
 * The Open311 request of a signal, creating it if there is none. The signal row is locked first
 * (PostgreSQL; SQLite serialises writers anyway), so two deliveries of one idempotent POST make one row.
 */
export async function requestForSignal(
  db: Db,
  dialect: Dialect,
  row: Insertable<Open311RequestsTable>,
): Promise<{ request: RequestRow; created: boolean }> {
  return db.transaction().execute(async (tx) => {
    const lock = tx.selectFrom('signals').select('id').where('id', '=', row.signal_id);
    await (dialect === 'postgres' ? lock.forUpdate() : lock).executeTakeFirst();
    const existing = await findRequestBySignal(tx, row.signal_id);
    if (existing) return { request: existing, created: false };
    const request = await tx
      .insertInto('open311_requests')
      .values(row)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { request, created: true };
  });
}

export async function findRequestBySignal(db: Tx, signalId: number): Promise<RequestRow | undefined> {
  return db
    .selectFrom('open311_requests')
    .selectAll()
    .where('signal_id', '=', signalId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function findRequestByToken(db: Db, token: string): Promise<RequestRow | undefined> {
  return db.selectFrom('open311_requests').selectAll().where('token', '=', token).executeTakeFirst();
}

export async function updateRequestBySignal(
  db: Db,
  signalId: number,
  patch: Updateable<Open311RequestsTable>,
): Promise<number> {
  const result = await db
    .updateTable('open311_requests')
    .set(patch)
    .where('signal_id', '=', signalId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface RequestFilter {
  readonly ids?: readonly number[];
  readonly serviceCodes?: readonly string[];
  readonly statuses?: readonly string[];
  readonly from?: number;
  readonly to?: number;
  readonly limit: number;
}

/** Requests joined with their service name and the signal's redacted text, newest first. */
export async function listRequests(db: Db, f: RequestFilter) {
  let q = db
    .selectFrom('open311_requests as r')
    .leftJoin('open311_services as s', 's.service_code', 'r.service_code')
    .leftJoin('signals as g', 'g.id', 'r.signal_id')
    .select([
      'r.id',
      'r.status',
      'r.status_notes',
      'r.service_code',
      's.service_name',
      'g.text_redacted',
      'r.agency_responsible',
      'r.service_notice',
      'r.requested_at',
      'r.updated_at',
      'r.expected_at',
      'r.address',
      'r.address_id',
      'r.zipcode',
      'r.lat',
      'r.lon',
      'r.media_url',
    ]);
  if (f.ids) {
    if (f.ids.length === 0) return [];
    q = q.where('r.id', 'in', f.ids);
  } else {
    if (f.serviceCodes?.length) q = q.where('r.service_code', 'in', f.serviceCodes);
    if (f.statuses?.length) q = q.where('r.status', 'in', f.statuses);
    if (f.from !== undefined) q = q.where('r.requested_at', '>=', f.from);
    if (f.to !== undefined) q = q.where('r.requested_at', '<=', f.to);
  }
  return q.orderBy('r.requested_at', 'desc').orderBy('r.id', 'desc').limit(f.limit).execute();
}

export type PublicRequestRow = Awaited<ReturnType<typeof listRequests>>[number];

// ---- client applications ---------------------------------------------------------------------

export async function insertClient(db: Db, name: string, keyHash: string, now: number): Promise<number> {
  const row = await db
    .insertInto('open311_clients')
    .values({ name, key_hash: keyHash, created_at: now, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findActiveClientByHash(db: Db, keyHash: string) {
  return db
    .selectFrom('open311_clients')
    .select(['id', 'name'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function listClients(db: Db) {
  return db
    .selectFrom('open311_clients as c')
    .leftJoin('open311_requests as r', 'r.client_id', 'c.id')
    .select(['c.id', 'c.name', 'c.created_at', 'c.revoked_at'])
    .select((eb) => eb.fn.count<number>('r.id').as('requests'))
    .groupBy(['c.id', 'c.name', 'c.created_at', 'c.revoked_at'])
    .orderBy('c.id')
    .execute();
}

/** Marks a client revoked (kept for the record of its requests); false when there is no such client. */
export async function revokeClient(db: Db, id: number, now: number): Promise<{ revokedAt: number } | null> {
  const row = await db
    .selectFrom('open311_clients')
    .select('revoked_at')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  if (row.revoked_at !== null) return { revokedAt: row.revoked_at };
  await db.updateTable('open311_clients').set({ revoked_at: now }).where('id', '=', id).execute();
  return { revokedAt: now };
}
