import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.js';

/** Helpers for the connector tests (not used by the application). */

export const CHANNEL_ENV = {
  TYNDAU_TELEGRAM_SECRET: 'tg-secret_0123456789',
  TYNDAU_WHATSAPP_VERIFY_TOKEN: 'wa-verify-token-42',
  TYNDAU_WHATSAPP_APP_SECRET: 'wa-app-secret-42',
  TYNDAU_META_VERIFY_TOKEN: 'meta-verify-token-42',
  TYNDAU_META_APP_SECRET: 'meta-app-secret-42',
  TYNDAU_VK_CONFIRMATION: 'a1b2c3d4',
  TYNDAU_VK_SECRET: 's3cr3t',
  TYNDAU_BODY_LIMIT: '4096',
} as const;

export function fixture(name: string): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(fixture(name).toString('utf8')) as Record<string, unknown>;
}

export function hubSignature(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function signalsOf(app: TestApp, channel: string) {
  return app.ctx.db.selectFrom('signals').selectAll().where('channel', '=', channel).orderBy('id').execute();
}

export async function signalByExternalId(app: TestApp, channel: string, externalId: string) {
  return app.ctx.db
    .selectFrom('signals')
    .selectAll()
    .where('channel', '=', channel)
    .where('external_id', '=', externalId)
    .execute();
}

export function quarantineRows(app: TestApp) {
  return app.ctx.db.selectFrom('quarantine').selectAll().orderBy('id').execute();
}

export async function countRows(app: TestApp, table: 'signals' | 'quarantine'): Promise<number> {
  const row = await app.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Makes every insert into signals fail (a database trigger), until the returned function is called. */
export async function failSignalInserts(app: TestApp): Promise<() => Promise<void>> {
  const db = app.ctx.db;
  if (app.ctx.dialect === 'sqlite') {
    await sql`create trigger test_fail_signals before insert on signals begin select raise(abort, 'injected failure'); end`.execute(
      db,
    );
    return async () => {
      await sql`drop trigger test_fail_signals`.execute(db);
    };
  }
  await sql`create or replace function test_fail_signals() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`.execute(
    db,
  );
  await sql`create trigger test_fail_signals before insert on signals for each row execute function test_fail_signals()`.execute(
    db,
  );
  return async () => {
    await sql`drop trigger test_fail_signals on signals`.execute(db);
  };
}
