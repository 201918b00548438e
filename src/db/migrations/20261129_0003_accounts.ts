import { type Kysely, sql } from 'kysely';
import { bigint, notNull } from './helpers.js';

export const GENESIS = '0'.repeat(64);

/** Sessions of the web app (the cookie holds a random id; only its hash is stored). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', bigint, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', notNull)
    .addColumn('created_at', bigint, notNull)
    .addColumn('expires_at', bigint, notNull)
    .addColumn('last_seen_at', bigint, notNull)
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').columns(['user_id']).execute();
  // The head of the audit hash chain; updating it serialises concurrent writers on PostgreSQL.
  await sql`insert into settings (key, value) values ('audit_head', ${GENESIS})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sessions').ifExists().execute();
}
