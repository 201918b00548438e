import type { Kysely } from 'kysely';
import { bigint, notNull, withId } from './helpers.js';

/** Tables of the intake connectors: the outbox, Open311 clients and requests, imports, news feeds. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Every message we send to a citizen goes through the outbox (delivered with retries, never twice).
  await withId(db, db.schema.createTable('outbox'))
    .addColumn('case_id', bigint)
    .addColumn('channel', 'text', notNull)
    .addColumn('recipient', 'text', notNull)
    .addColumn('purpose', 'text', notNull)
    .addColumn('text', 'text', notNull)
    .addColumn('payload', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('provider_message_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', bigint, notNull)
    .addColumn('locked_until', bigint)
    .addColumn('last_error', 'text')
    .addColumn('created_at', bigint, notNull)
    .addColumn('sent_at', bigint)
    .addColumn('delivered_at', bigint)
    .addColumn('read_at', bigint)
    .addColumn('failed_at', bigint)
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema
    .createIndex('outbox_provider_idx')
    .on('outbox')
    .columns(['channel', 'provider_message_id'])
    .execute();
  await db.schema.createIndex('outbox_case_idx').on('outbox').columns(['case_id']).execute();

  await withId(db, db.schema.createTable('open311_clients'))
    .addColumn('name', 'text', notNull)
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', bigint, notNull)
    .addColumn('revoked_at', bigint)
    .execute();

  await db.schema
    .createTable('open311_services')
    .addColumn('service_code', 'text', (c) => c.primaryKey())
    .addColumn('service_name', 'text', notNull)
    .addColumn('description', 'text', notNull)
    .addColumn('type', 'text', notNull)
    .addColumn('keywords', 'text', notNull)
    .addColumn('group_name', 'text', notNull)
    .addColumn('topic', 'text')
    .addColumn('kind', 'text')
    /** JSON array of service-definition attributes; empty means metadata=false. */
    .addColumn('attributes', 'text', notNull)
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await withId(db, db.schema.createTable('open311_requests'))
    .addColumn('signal_id', bigint, notNull)
    .addColumn('client_id', bigint)
    .addColumn('token', 'text', (c) => c.unique())
    .addColumn('service_code', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('status_notes', 'text')
    .addColumn('agency_responsible', 'text')
    .addColumn('service_notice', 'text')
    .addColumn('address', 'text')
    .addColumn('address_id', 'text')
    .addColumn('zipcode', 'text')
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('media_url', 'text')
    .addColumn('attributes', 'text')
    .addColumn('requested_at', bigint, notNull)
    .addColumn('updated_at', bigint, notNull)
    .addColumn('expected_at', bigint)
    .execute();
  await db.schema
    .createIndex('open311_requests_time_idx')
    .on('open311_requests')
    .columns(['requested_at'])
    .execute();

  await withId(db, db.schema.createTable('import_runs'))
    .addColumn('source', 'text', notNull)
    .addColumn('file_hash', 'text', notNull)
    .addColumn('mapping', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('rows_total', 'integer')
    .addColumn('rows_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_duplicate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', bigint, notNull)
    .addColumn('updated_at', bigint, notNull)
    .addColumn('finished_at', bigint)
    .execute();

  await withId(db, db.schema.createTable('import_rejects'))
    .addColumn('run_id', bigint, (c) => c.notNull().references('import_runs.id').onDelete('cascade'))
    .addColumn('row_number', 'integer', notNull)
    .addColumn('reason', 'text', notNull)
    .addColumn('raw', 'text', notNull)
    .execute();
  await db.schema
    .createIndex('import_rejects_run_idx')
    .on('import_rejects')
    .columns(['run_id', 'row_number'])
    .execute();

  await withId(db, db.schema.createTable('feed_sources'))
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('interval_seconds', 'integer', (c) => c.notNull().defaultTo(900))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_polled_at', bigint)
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', bigint, notNull)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'feed_sources',
    'import_rejects',
    'import_runs',
    'open311_requests',
    'open311_services',
    'open311_clients',
    'outbox',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
