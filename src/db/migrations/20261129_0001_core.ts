import type { Kysely } from 'kysely';
import { bigint, blobType, notNull, withId } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', notNull)
    .execute();

  await db.schema
    .createTable('regions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_ru', 'text', notNull)
    .addColumn('name_kk', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    .addColumn('capital', 'text')
    .addColumn('utc_offset_minutes', 'integer', (c) => c.notNull().defaultTo(300))
    .execute();

  await db.schema
    .createTable('districts')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('name_ru', 'text', notNull)
    .addColumn('name_kk', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    .addColumn('population', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .execute();

  await withId(db, db.schema.createTable('settlements'))
    .addColumn('district_code', 'text', (c) => c.notNull().references('districts.code'))
    .addColumn('kind', 'text', notNull)
    .addColumn('name_ru', 'text', notNull)
    .addColumn('name_kk', 'text', notNull)
    .addColumn('population', 'integer')
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .execute();

  await withId(db, db.schema.createTable('organisations'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', notNull)
    .addColumn('name_ru', 'text', notNull)
    .addColumn('name_kk', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    .addColumn('district_code', 'text')
    .addColumn('requires_approval', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await withId(db, db.schema.createTable('users'))
    .addColumn('login', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', notNull)
    .addColumn('password_hash', 'text')
    .addColumn('roles', 'text', notNull)
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', bigint)
    .addColumn('created_at', bigint, notNull)
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('user_organisations')
    .addColumn('user_id', bigint, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('organisation_id', bigint, (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('user_organisations_pk', ['user_id', 'organisation_id'])
    .execute();

  await withId(db, db.schema.createTable('api_tokens'))
    .addColumn('user_id', bigint, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', notNull)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', notNull)
    .addColumn('created_at', bigint, notNull)
    .addColumn('expires_at', bigint)
    .addColumn('revoked_at', bigint)
    .addColumn('last_used_at', bigint)
    .execute();

  await withId(db, db.schema.createTable('authors'))
    .addColumn('channel', 'text', notNull)
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', bigint, notNull)
    .execute();

  await db.schema
    .createTable('author_contacts')
    .addColumn('author_id', bigint, (c) => c.primaryKey().references('authors.id').onDelete('cascade'))
    .addColumn('external_user_id', 'text')
    .addColumn('display_name', 'text')
    .addColumn('username', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('updated_at', bigint, notNull)
    .execute();

  await withId(db, db.schema.createTable('threads'))
    .addColumn('channel', 'text', notNull)
    .addColumn('conversation', 'text', notNull)
    .addColumn('author_id', bigint)
    .addColumn('first_signal_id', bigint)
    .addColumn('started_at', bigint, notNull)
    .addColumn('last_at', bigint, notNull)
    .addColumn('case_id', bigint)
    .execute();
  await db.schema
    .createIndex('threads_conversation_idx')
    .on('threads')
    .columns(['channel', 'conversation', 'last_at'])
    .execute();

  await withId(db, db.schema.createTable('signals'))
    .addColumn('channel', 'text', notNull)
    .addColumn('external_id', 'text', notNull)
    .addColumn('received_at', bigint, notNull)
    .addColumn('sent_at', bigint)
    .addColumn('author_id', bigint, (c) => c.references('authors.id'))
    .addColumn('thread_id', bigint)
    .addColumn('conversation', 'text')
    .addColumn('reply_to', 'text')
    .addColumn('text', 'text', notNull)
    .addColumn('text_redacted', 'text')
    .addColumn('lang', 'text')
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('address', 'text')
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reach', 'text')
    .addColumn('raw', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('kind', 'text')
    .addColumn('topic', 'text')
    .addColumn('sentiment', 'text')
    .addColumn('district', 'text')
    .addColumn('urgency', 'text')
    .addColumn('labels', 'text')
    .addColumn('labelled_at', bigint)
    .addColumn('cluster_id', bigint)
    .addColumn('case_id', bigint)
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('signals_channel_external_id_uq', ['channel', 'external_id'])
    .execute();
  await db.schema.createIndex('signals_received_idx').on('signals').columns(['received_at']).execute();
  await db.schema
    .createIndex('signals_channel_received_idx')
    .on('signals')
    .columns(['channel', 'received_at'])
    .execute();
  await db.schema.createIndex('signals_thread_idx').on('signals').columns(['thread_id']).execute();
  await db.schema.createIndex('signals_case_idx').on('signals').columns(['case_id']).execute();

  await withId(db, db.schema.createTable('cases'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', notNull)
    .addColumn('kind', 'text')
    .addColumn('topic', 'text')
    .addColumn('district', 'text')
    .addColumn('urgency', 'text')
    .addColumn('channel', 'text', notNull)
    .addColumn('lang', 'text')
    .addColumn('author_id', bigint)
    .addColumn('organisation_id', bigint)
    .addColumn('executor_id', bigint)
    .addColumn('summary', 'text', notNull)
    .addColumn('registered_at', bigint, notNull)
    .addColumn('due_at', bigint, notNull)
    .addColumn('operational_due_at', bigint)
    .addColumn('redirect_due_at', bigint)
    .addColumn('extended_at', bigint)
    .addColumn('first_response_at', bigint)
    .addColumn('answered_at', bigint)
    .addColumn('closed_at', bigint)
    .addColumn('merged_into', bigint)
    .addColumn('repeat_of', bigint)
    .addColumn('satisfaction', 'text')
    .addColumn('rating', 'integer')
    .addColumn('escalated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', bigint, notNull)
    .addColumn('updated_at', bigint, notNull)
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db, db.schema.createTable('case_events'))
    .addColumn('case_id', bigint, (c) => c.notNull().references('cases.id'))
    .addColumn('at', bigint, notNull)
    .addColumn('actor', 'text', notNull)
    .addColumn('type', 'text', notNull)
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('reason', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('case_events_case_idx').on('case_events').columns(['case_id', 'at']).execute();

  await withId(db, db.schema.createTable('audit_log'))
    .addColumn('at', bigint, notNull)
    .addColumn('actor', 'text', notNull)
    .addColumn('action', 'text', notNull)
    .addColumn('entity', 'text', notNull)
    .addColumn('entity_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('data', 'text')
    .addColumn('prev_hash', 'text', notNull)
    .addColumn('hash', 'text', notNull)
    .execute();

  await withId(db, db.schema.createTable('quarantine'))
    .addColumn('channel', 'text', notNull)
    .addColumn('received_at', bigint, notNull)
    .addColumn('reason_code', 'text', notNull)
    .addColumn('reason', 'text', notNull)
    .addColumn('content_type', 'text')
    .addColumn('raw', blobType(db), notNull)
    .execute();

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

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'jobs',
    'quarantine',
    'audit_log',
    'case_events',
    'cases',
    'signals',
    'threads',
    'author_contacts',
    'authors',
    'api_tokens',
    'user_organisations',
    'users',
    'organisations',
    'settlements',
    'districts',
    'regions',
    'settings',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
