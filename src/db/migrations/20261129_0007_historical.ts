import type { Kysely } from 'kysely';

/** Imported history is stored like any signal but is never triaged into new cases. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('signals')
    .addColumn('historical', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('signals').dropColumn('historical').execute();
}
