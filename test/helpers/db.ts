import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type DatabaseHandle, type Dialect, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** Dialects every storage test runs on: sqlite always, postgres when TEST_DATABASE_URL is set. */
export const DIALECTS: readonly Dialect[] = process.env.TEST_DATABASE_URL
  ? ['sqlite', 'postgres']
  : ['sqlite'];

export interface TestDatabase extends DatabaseHandle {
  /** Drops the test schema (postgres) or deletes the file (sqlite). */
  drop(): Promise<void>;
  readonly config: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string; schema: string };
}

/** A fresh, migrated database of the given dialect, isolated from every other test. */
export async function createTestDatabase(
  dialect: Dialect,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tyndau-test-'));
    const file = join(dir, 'test.db');
    const handle = openDatabase({ dialect: 'sqlite', file });
    if (options.migrate !== false) await migrateToLatest(handle.db);
    let closed = false;
    return {
      ...handle,
      config: { dialect: 'sqlite', file },
      async close() {
        if (!closed) await handle.close();
        closed = true;
      },
      async drop() {
        if (!closed) await handle.close();
        closed = true;
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('postgres dialect requested without TEST_DATABASE_URL');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = openDatabase({ dialect: 'postgres', url }, { schema, poolSize: 5 });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  let closed = false;
  return {
    ...handle,
    config: { dialect: 'postgres', url, schema },
    async close() {
      if (!closed) await handle.close();
      closed = true;
    },
    async drop() {
      if (!closed) await handle.close();
      closed = true;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}
