import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { ApiTokensTable, UsersTable } from '../db/schema.js';

export type UserRow = Selectable<UsersTable>;

export async function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
}

export async function findUser(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Db) {
  return db.selectFrom('users').selectAll().orderBy('id').execute();
}

export async function insertUser(
  db: Db,
  row: Insertable<UsersTable>,
  organisationIds: readonly number[],
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const { id } = await tx.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
    if (organisationIds.length) {
      await tx
        .insertInto('user_organisations')
        .values(organisationIds.map((organisation_id) => ({ user_id: id, organisation_id })))
        .execute();
    }
    return id;
  });
}

export async function organisationIdsOf(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('user_organisations')
    .select('organisation_id')
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.organisation_id);
}

export async function organisationIdsByCode(db: Db, codes: readonly string[]): Promise<Map<string, number>> {
  if (!codes.length) return new Map();
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'code'])
    .where('code', 'in', codes)
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function organisationsExist(db: Db, ids: readonly number[]): Promise<boolean> {
  if (!ids.length) return true;
  const rows = await db.selectFrom('organisations').select('id').where('id', 'in', ids).execute();
  return rows.length === new Set(ids).size;
}

export async function updateUser(db: Db, id: number, patch: Partial<Omit<UserRow, 'id'>>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function recordFailedLogin(db: Db, id: number, failed: number, lockedUntil: number | null) {
  await db
    .updateTable('users')
    .set({ failed_logins: failed, locked_until: lockedUntil })
    .where('id', '=', id)
    .execute();
}

// Sessions
export async function insertSession(
  db: Db,
  row: {
    id_hash: string;
    user_id: number;
    csrf_token: string;
    created_at: number;
    expires_at: number;
    ip: string | null;
  },
) {
  await db
    .insertInto('sessions')
    .values({ ...row, last_seen_at: row.created_at })
    .execute();
}

export async function findSession(db: Db, idHash: string) {
  return db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
}

export async function touchSession(db: Db, idHash: string, at: number, expiresAt: number) {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: at, expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function deleteSession(db: Db, idHash: string) {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOf(db: Db, userId: number) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

// API tokens
export async function insertToken(db: Db, row: Insertable<ApiTokensTable>): Promise<number> {
  return (await db.insertInto('api_tokens').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findTokenByHash(db: Db, hash: string) {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export async function listTokens(db: Db, userId: number | null) {
  let q = db.selectFrom('api_tokens').selectAll();
  if (userId !== null) q = q.where('user_id', '=', userId);
  return q.orderBy('id').execute();
}

export async function findToken(db: Db, id: number) {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokeToken(db: Db, id: number, at: number) {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function markTokenUsed(db: Db, id: number, at: number) {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function replaceOrganisations(tx: Db, userId: number, organisationIds: readonly number[]) {
  await tx.deleteFrom('user_organisations').where('user_id', '=', userId).execute();
  if (organisationIds.length) {
    await tx
      .insertInto('user_organisations')
      .values(organisationIds.map((organisation_id) => ({ user_id: userId, organisation_id })))
      .execute();
  }
}
