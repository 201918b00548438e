import type { Db } from '../db/database.js';

/** Read-only queries the web app needs beside the feature APIs: reference data, settings, live events. */

export async function districts(db: Db) {
  return db
    .selectFrom('districts')
    .select(['code', 'name_kk', 'name_ru', 'name_en', 'population', 'lat', 'lon'])
    .orderBy('code')
    .execute();
}

export async function region(db: Db) {
  return db
    .selectFrom('regions')
    .select(['code', 'name_kk', 'name_ru', 'name_en', 'utc_offset_minutes'])
    .executeTakeFirst();
}

export async function templates(db: Db) {
  return db
    .selectFrom('templates')
    .select(['id', 'code', 'purpose', 'lang', 'body', 'organisation_id', 'active'])
    .orderBy('code')
    .orderBy('lang')
    .execute();
}

export async function organisations(db: Db) {
  return db
    .selectFrom('organisations')
    .select([
      'id',
      'code',
      'kind',
      'name_kk',
      'name_ru',
      'name_en',
      'district_code',
      'requires_approval',
      'active',
    ])
    .orderBy('id')
    .execute();
}

/** Accounts with the executor role (or any role working cases) and the organisations they belong to. */
export async function staff(db: Db) {
  const users = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'login', 'roles', 'disabled'])
    .orderBy('id')
    .execute();
  const links = await db.selectFrom('user_organisations').select(['user_id', 'organisation_id']).execute();
  return { users, links };
}

export async function routingRules(db: Db) {
  return db
    .selectFrom('routing_rules')
    .select(['id', 'priority', 'name', 'conditions', 'organisation_id', 'executor_id', 'strategy', 'active'])
    .orderBy('priority')
    .orderBy('id')
    .execute();
}

export async function calendar(db: Db) {
  return db
    .selectFrom('calendar_entries')
    .select(['date', 'type', 'name', 'religious', 'working_date'])
    .orderBy('date')
    .execute();
}

/** A signal's labels and place in the flow, without its text or author (for the live feed). */
export async function signalMeta(db: Db, id: number) {
  return db
    .selectFrom('signals')
    .select([
      'id',
      'channel',
      'status',
      'received_at',
      'kind',
      'topic',
      'district',
      'sentiment',
      'urgency',
      'case_id',
      'is_demo',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A case's labels and state, without its summary (for the live feed). */
export async function caseMeta(db: Db, id: number) {
  return db
    .selectFrom('cases')
    .select([
      'id',
      'number',
      'status',
      'channel',
      'kind',
      'topic',
      'district',
      'urgency',
      'organisation_id',
      'executor_id',
      'registered_at',
      'updated_at',
      'is_demo',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}
