import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { GatedSqliteDialect, WriteGate } from './write-gate.js';

const dir = mkdtempSync(join(tmpdir(), 'tyndau-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOLD_MS = 300;

/**
 * A thread that, like the checkpoint thread, takes the gate (write-gate-thread.mjs) and then the
 * database's write lock for HOLD_MS. Without a gate (`memory` undefined) it takes the write lock only.
 * Resolves when the thread holds the lock; `done` when it has let go.
 */
function holdInThread(file: string, memory: SharedArrayBuffer | undefined) {
  const gateModule = new URL('./write-gate-thread.mjs', import.meta.url).href;
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const SQLite = require('better-sqlite3');
    import(workerData.gateModule).then(({ alone }) => {
      const db = new SQLite(workerData.file);
      alone(workerData.memory, 1000, () => {
        db.exec('begin immediate');
        parentPort.postMessage('holding');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
        db.exec('commit');
      });
      db.close();
      parentPort.postMessage('done');
    });
    `,
    { eval: true, workerData: { file, memory, gateModule, holdMs: HOLD_MS } },
  );
  const message = (m: string) =>
    new Promise<void>((resolve, reject) => {
      worker.on('message', (got) => got === m && resolve());
      worker.once('error', reject);
    });
  return { holding: message('holding'), done: message('done').then(() => worker.terminate()) };
}

/** While the thread holds the lock, one insert from this thread: how long it took, and timer ticks meanwhile. */
async function insertWhileHeld(gated: boolean) {
  const file = join(dir, `${gated ? 'gated' : 'plain'}.db`);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  const waits: number[] = [];
  const gate = new WriteGate((ms) => waits.push(ms));
  const db = new Kysely<{ t: { id: number } }>({
    dialect: gated
      ? new GatedSqliteDialect({ database: sqlite }, gate)
      : new SqliteDialect({ database: sqlite }),
  });
  try {
    await sql`create table t (id integer primary key)`.execute(db);
    const other = holdInThread(file, gated ? gate.memory : undefined);
    await other.holding;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = performance.now();
    await db.insertInto('t').values({ id: 1 }).execute();
    const took = performance.now() - started;
    clearInterval(timer);
    await other.done;
    const rows = await db.selectFrom('t').selectAll().execute();
    return { took, ticks, rows: rows.length, waits };
  } finally {
    await db.destroy();
  }
}

describe('the write gate between the server and the checkpoint thread', () => {
  it("keeps the server's event loop running while the thread has the database to itself", async () => {
    const result = await insertWhileHeld(true);
    // The insert waited for the thread to let go...
    expect(result.took).toBeGreaterThan(HOLD_MS / 2);
    expect(result.rows).toBe(1);
    // ...on a promise: the timer kept firing meanwhile (every 10 ms; a loaded machine fires fewer).
    expect(result.ticks).toBeGreaterThanOrEqual(5);
    // The wait is reported (the app's tyndau_db_checkpoint_wait_seconds); queries that found the gate
    // free report nothing.
    expect(result.waits).toHaveLength(1);
    expect(result.waits[0]).toBeGreaterThan(HOLD_MS / 2);
  });

  it("without the gate, the server's thread sleeps in SQLite's busy handler and the event loop stops", async () => {
    const result = await insertWhileHeld(false);
    expect(result.took).toBeGreaterThan(HOLD_MS / 2);
    expect(result.rows).toBe(1);
    expect(result.ticks).toBe(0);
  });

  it('lets the server go on without the gate when the thread never lets go (it died holding it)', async () => {
    const gate = new WriteGate();
    const state = new Int32Array(gate.memory);
    state[0] = 2; // held by the checkpoint thread...
    state[1] = 1; // ...which wants it, and is gone
    const started = performance.now();
    expect(await gate.enter()).toBe(false);
    expect(performance.now() - started).toBeGreaterThan(1_500);
    gate.reset();
    expect(await gate.enter()).toBe(true);
    gate.leave();
  });
});
