import type { Kysely } from 'kysely';
import { bigint, notNull, withId } from './helpers.js';

/**
 * The core migration made a generic `jobs` queue that nothing ended up using: each stage keeps its own
 * durable marks instead (unlabelled signals for the labelling sweep, untriaged appeals for triage, the
 * outbox for delivery, settings marks for analytics). Dropped so the schema says what the system does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_ready_idx').ifExists().execute();
  await db.schema.dropTable('jobs').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('jobs'))
    .addColumn('queue', 'text', notNull)
    .addColumn('payload', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('run_at', bigint, notNull)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(8))
    .addColumn('locked_by', 'text')
    .addColumn('locked_at', bigint)
    .addColumn('last_error', 'text')
    .addColumn('created_at', bigint, notNull)
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('jobs_ready_idx').on('jobs').columns(['queue', 'status', 'run_at']).execute();
}
