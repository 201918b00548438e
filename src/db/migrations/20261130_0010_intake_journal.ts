import type { Kysely } from 'kysely';
import { bigint, isPostgres, notNull } from './helpers.js';

/**
 * The intake journal: webhook deliveries acknowledged under load before they are stored as signals
 * (src/intake/journal.ts). A row is the normalised signals of one delivery, written in the commit that
 * precedes the 2xx and deleted in the transaction that stores them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // On SQLite a plain rowid key, not AUTOINCREMENT: ids of stored rows may be used again (nothing keeps
  // them), and every commit then writes one page less (no sqlite_sequence update) on the hot path.
  await db.schema
    .createTable('intake_journal')
    .addColumn('id', isPostgres(db) ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('received_at', bigint, notNull)
    .addColumn('channel', 'text', notNull)
    .addColumn('payload', 'text', notNull)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('intake_journal').ifExists().execute();
}
