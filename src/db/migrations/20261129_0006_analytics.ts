import type { CreateTableBuilder, Kysely } from 'kysely';
import { bigint, notNull, withId } from './helpers.js';

const real = 'double precision' as const;

/** Measures shared by every signal rollup row. */
function measures<T extends string, C extends string>(t: CreateTableBuilder<T, C>) {
  return t
    .addColumn('n', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('labelled', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('pos', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('neg', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('reach', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('weight', real, (c) => c.notNull().defaultTo(0))
    .addColumn('w_labelled', real, (c) => c.notNull().defaultTo(0))
    .addColumn('w_pos', real, (c) => c.notNull().defaultTo(0))
    .addColumn('w_neg', real, (c) => c.notNull().defaultTo(0))
    .addColumn('cased', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('answered', bigint, (c) => c.notNull().defaultTo(0));
}

/**
 * Analytics and early warning: signal rollups (full key per hour and day, plus a one-dimension cube for
 * dashboards), case rollups, story clusters, anomalies, alert rules and alerts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['analytics_hourly', 'analytics_daily']) {
    await measures(
      db.schema
        .createTable(table)
        .addColumn('bucket', bigint, notNull)
        .addColumn('channel', 'text', notNull)
        .addColumn('kind', 'text', notNull)
        .addColumn('topic', 'text', notNull)
        .addColumn('district', 'text', notNull)
        .addColumn('sentiment', 'text', notNull)
        .addColumn('mention', 'integer', notNull),
    )
      .addPrimaryKeyConstraint(`${table}_pk`, [
        'bucket',
        'channel',
        'kind',
        'topic',
        'district',
        'sentiment',
        'mention',
      ])
      .execute();
  }

  await measures(
    db.schema
      .createTable('analytics_cube')
      .addColumn('grain', 'text', notNull)
      .addColumn('dim', 'text', notNull)
      .addColumn('bucket', bigint, notNull)
      .addColumn('value', 'text', notNull)
      .addColumn('mention', 'integer', notNull),
  )
    .addPrimaryKeyConstraint('analytics_cube_pk', ['grain', 'dim', 'bucket', 'value', 'mention'])
    .execute();
  await db.schema
    .createIndex('analytics_cube_value_idx')
    .on('analytics_cube')
    .columns(['grain', 'dim', 'value', 'bucket'])
    .execute();

  await db.schema
    .createTable('analytics_case_cube')
    .addColumn('dim', 'text', notNull)
    .addColumn('day', bigint, notNull)
    .addColumn('value', 'text', notNull)
    .addColumn('received', bigint, notNull)
    .addColumn('answered', bigint, notNull)
    .addColumn('on_time', bigint, notNull)
    .addColumn('repeats', bigint, notNull)
    .addColumn('feedback', bigint, notNull)
    .addColumn('solved', bigint, notNull)
    .addColumn('rated', bigint, notNull)
    .addColumn('rating_sum', bigint, notNull)
    .addColumn('first_hist', 'text', notNull)
    .addColumn('answer_hist', 'text', notNull)
    .addPrimaryKeyConstraint('analytics_case_cube_pk', ['dim', 'day', 'value'])
    .execute();

  await withId(db, db.schema.createTable('story_clusters'))
    .addColumn('topic', 'text')
    .addColumn('district', 'text')
    .addColumn('place', 'text')
    .addColumn('title', 'text', notNull)
    .addColumn('terms', 'text', notNull)
    .addColumn('channels', 'text', notNull)
    .addColumn('size', 'integer', notNull)
    .addColumn('first_seen', bigint, notNull)
    .addColumn('last_seen', bigint, notNull)
    .addColumn('updated_at', bigint, notNull)
    .execute();
  await db.schema
    .createIndex('story_clusters_seen_idx')
    .on('story_clusters')
    .columns(['last_seen'])
    .execute();
  await db.schema
    .createIndex('story_clusters_key_idx')
    .on('story_clusters')
    .columns(['topic', 'district', 'last_seen'])
    .execute();
  await db.schema
    .createIndex('signals_cluster_idx')
    .on('signals')
    .columns(['cluster_id', 'received_at'])
    .execute();
  await db.schema.createIndex('cases_updated_idx').on('cases').columns(['updated_at']).execute();

  await withId(db, db.schema.createTable('analytics_anomalies'))
    .addColumn('type', 'text', notNull)
    .addColumn('topic', 'text')
    .addColumn('district', 'text')
    .addColumn('channel', 'text')
    .addColumn('signal_id', bigint)
    .addColumn('cluster_id', bigint)
    .addColumn('window_hours', 'integer', notNull)
    .addColumn('count', real, notNull)
    .addColumn('expected', real, notNull)
    .addColumn('score', real, notNull)
    .addColumn('explanation', 'text', notNull)
    .addColumn('detected_at', bigint, notNull)
    .execute();

  await withId(db, db.schema.createTable('alert_rules'))
    .addColumn('name', 'text', notNull)
    .addColumn('type', 'text', notNull)
    .addColumn('scope', 'text', notNull)
    .addColumn('threshold', real, notNull)
    .addColumn('params', 'text', notNull)
    .addColumn('recipients', 'text', notNull)
    .addColumn('lang', 'text', notNull)
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', notNull)
    .addColumn('created_at', bigint, notNull)
    .addColumn('updated_at', bigint, notNull)
    .execute();

  await withId(db, db.schema.createTable('alerts'))
    .addColumn('rule_id', bigint, (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
    .addColumn('type', 'text', notNull)
    .addColumn('dedupe_key', 'text', notNull)
    /** The dedupe key while the alert is live; null once it has gone quiet (a new episode may start). */
    .addColumn('open_key', 'text', (c) => c.unique())
    .addColumn('subject', 'text', notNull)
    .addColumn('title', 'text', notNull)
    .addColumn('explanation', 'text', notNull)
    .addColumn('severity', 'text', notNull)
    .addColumn('score', real, notNull)
    .addColumn('count', real, notNull)
    .addColumn('expected', real)
    .addColumn('first_seen', bigint, notNull)
    .addColumn('last_seen', bigint, notNull)
    .addColumn('notified_severity', 'text')
    .addColumn('acked_at', bigint)
    .addColumn('acked_by', 'text')
    .addColumn('created_at', bigint, notNull)
    .addColumn('updated_at', bigint, notNull)
    .execute();
  await db.schema.createIndex('alerts_seen_idx').on('alerts').columns(['last_seen']).execute();
  await db.schema
    .createIndex('alerts_dedupe_idx')
    .on('alerts')
    .columns(['dedupe_key', 'last_seen'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ['signals_cluster_idx', 'cases_updated_idx'])
    await db.schema.dropIndex(i).ifExists().execute();
  for (const t of [
    'alerts',
    'alert_rules',
    'analytics_anomalies',
    'story_clusters',
    'analytics_case_cube',
    'analytics_cube',
    'analytics_daily',
    'analytics_hourly',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
