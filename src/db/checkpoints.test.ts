import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { RESTART_AT_PAGES } from './checkpoints.js';
import { openDatabase } from './database.js';

const dir = mkdtempSync(join(tmpdir(), 'tyndau-checkpoints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Writes about 4 MB in 200 commits (over SQLite's default 1,000-page checkpoint, under the 10,000-page
 * safety net), waits a second, and returns the size of the database file itself and the writer's
 * automatic-checkpoint setting.
 */
async function write(file: string, checkpointInWorker: boolean) {
  const handle = openDatabase({ dialect: 'sqlite', file }, { checkpointInWorker });
  try {
    // Without the thread, the same safety net: the writer does not checkpoint below 10,000 pages either.
    if (!checkpointInWorker) await sql`pragma wal_autocheckpoint = 10000`.execute(handle.db);
    const setting = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(handle.db);
    await sql`create table t (id integer primary key, body text not null)`.execute(handle.db);
    const body = 'x'.repeat(20_000);
    for (let i = 0; i < 200; i++) await sql`insert into t (body) values (${body})`.execute(handle.db);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return { dbFile: statSync(file).size, autocheckpoint: setting.rows[0]?.wal_autocheckpoint };
  } finally {
    await handle.close();
  }
}

describe('WAL checkpoints in a worker thread', () => {
  it('copies committed pages into the database file while the writer never checkpoints itself', async () => {
    const withThread = await write(join(dir, 'thread.db'), true);
    const without = await write(join(dir, 'plain.db'), false);
    expect(withThread.autocheckpoint).toBe(10_000);
    // The 4 MB reached the database file only where the thread checkpointed it.
    expect(withThread.dbFile).toBeGreaterThan(3_000_000);
    expect(without.dbFile).toBeLessThan(1_000_000);
  });

  it("keeps the WAL small under steady writes, far from the writer's own checkpoint", async () => {
    const file = join(dir, 'steady.db');
    const handle = openDatabase({ dialect: 'sqlite', file }, { checkpointInWorker: true });
    try {
      await sql`create table t (id integer primary key, body text not null)`.execute(handle.db);
      const body = 'y'.repeat(4_000);
      let largest = 0;
      // About 6,000 pages in small commits over three seconds or more (a busy server's pace, several
      // times over): three times the truncation point.
      for (let i = 0; i < 6_000; i++) {
        await sql`insert into t (body) values (${body})`.execute(handle.db);
        if (i % 10 === 0) {
          largest = Math.max(largest, statSync(`${file}-wal`).size);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
      largest = Math.max(largest, statSync(`${file}-wal`).size);
      const pages = largest / 4_096;
      expect(pages).toBeGreaterThan(RESTART_AT_PAGES / 4);
      expect(pages).toBeLessThan(RESTART_AT_PAGES * 2.5);
    } finally {
      await handle.close();
    }
  }, 60_000);
});
