import type { Insertable, Updateable } from 'kysely';
import type { Tx } from '../cases/repository.js';
import type { OrganisationsTable } from '../db/schema.js';

/** Organisations: the region's bodies that cases are routed to. */

export async function findOrganisation(db: Tx, id: number) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function organisationByCode(db: Tx, code: string) {
  return db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirst();
}

export async function insertOrganisation(db: Tx, row: Insertable<OrganisationsTable>): Promise<number> {
  const r = await db.insertInto('organisations').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateOrganisation(
  db: Tx,
  id: number,
  patch: Updateable<OrganisationsTable>,
): Promise<void> {
  await db.updateTable('organisations').set(patch).where('id', '=', id).execute();
}

export async function districtExists(db: Tx, code: string): Promise<boolean> {
  return (
    (await db.selectFrom('districts').select('code').where('code', '=', code).executeTakeFirst()) !==
    undefined
  );
}
