import type { Kysely } from 'kysely';
import { bigint, notNull, withId } from './helpers.js';

/** The case desk: routing rules, templates, the calendar as data, label corrections; list indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('routing_rules'))
    .addColumn('priority', 'integer', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('conditions', 'text', notNull)
    .addColumn('organisation_id', bigint, (c) => c.notNull().references('organisations.id'))
    .addColumn('executor_id', bigint)
    .addColumn('strategy', 'text', notNull)
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await withId(db, db.schema.createTable('templates'))
    .addColumn('code', 'text', notNull)
    .addColumn('purpose', 'text', notNull)
    .addColumn('lang', 'text', notNull)
    .addColumn('body', 'text', notNull)
    .addColumn('organisation_id', bigint)
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('templates_code_idx').on('templates').columns(['code', 'lang']).execute();

  await withId(db, db.schema.createTable('calendar_entries'))
    .addColumn('date', 'text', notNull)
    /** holiday | transfer (date becomes a day off, working_date becomes a working day) */
    .addColumn('type', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('religious', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('working_date', 'text')
    .execute();

  await withId(db, db.schema.createTable('label_corrections'))
    .addColumn('signal_id', bigint)
    .addColumn('case_id', bigint)
    .addColumn('field', 'text', notNull)
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text', notNull)
    .addColumn('text_redacted', 'text', notNull)
    .addColumn('actor', 'text', notNull)
    .addColumn('at', bigint, notNull)
    .execute();

  await db.schema.createIndex('cases_registered_idx').on('cases').columns(['registered_at', 'id']).execute();
  await db.schema
    .createIndex('cases_status_registered_idx')
    .on('cases')
    .columns(['status', 'registered_at', 'id'])
    .execute();
  await db.schema
    .createIndex('cases_org_status_due_idx')
    .on('cases')
    .columns(['organisation_id', 'status', 'due_at'])
    .execute();
  await db.schema.createIndex('cases_due_idx').on('cases').columns(['due_at']).execute();
  await db.schema
    .createIndex('cases_author_idx')
    .on('cases')
    .columns(['author_id', 'registered_at'])
    .execute();
  await db.schema
    .createIndex('cases_topic_district_idx')
    .on('cases')
    .columns(['topic', 'district', 'registered_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['label_corrections', 'calendar_entries', 'templates', 'routing_rules']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  for (const i of [
    'cases_registered_idx',
    'cases_status_registered_idx',
    'cases_org_status_due_idx',
    'cases_due_idx',
    'cases_author_idx',
    'cases_topic_district_idx',
  ]) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
}
