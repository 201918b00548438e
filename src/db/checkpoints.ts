import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import type { WriteGate } from './write-gate.js';

/** How often the checkpoint thread runs, and the WAL size (pages) at which the server checkpoints itself. */
const EVERY_MS = 250;
const SAFETY_NET_PAGES = 10_000;
/** The WAL size (pages) at which the thread starts it over (see checkpoint-worker.mjs). */
export const RESTART_AT_PAGES = 2_000;
/** Past this size a WAL file is cut back once it starts over (after a burst; SQLite's journal_size_limit). */
const WAL_FILE_LIMIT_BYTES = 4 * RESTART_AT_PAGES * 4_096;

/**
 * Moves SQLite's WAL checkpoints off the server's thread. By default SQLite checkpoints inside the commit
 * that grows the WAL past 1,000 pages: that commit then copies the pages into the database file and
 * waits for two fsyncs, and every request queued behind it waits too (tens of milliseconds on a slow
 * disk, the tail of the webhook latency). Here a worker thread with its own connection runs a PASSIVE
 * checkpoint four times a second, which neither waits for nor blocks the server's writes, and the
 * server's own automatic checkpoint stays only as a safety net at 10,000 pages (if the thread dies, the
 * WAL still cannot grow without bound). Under steady writes a passive checkpoint never catches up with
 * the newest commit, and SQLite starts the WAL over only once it is all copied: it would grow to that
 * safety net and the server would copy 40 MB inside a commit after all. So once the WAL passes 2,000
 * pages and is nearly all copied, the thread starts it over with a RESTART checkpoint. That step needs
 * the database to itself: with a `gate` (write-gate.ts) the server's queries wait for it on a promise
 * (a few milliseconds), not asleep in SQLite's busy handler. Returns a function that stops the thread.
 */
export function checkpointInWorker(
  sqlite: SQLite.Database,
  file: string,
  onError: (message: string) => void = () => {},
  gate?: WriteGate,
): () => Promise<void> {
  sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  sqlite.pragma(`journal_size_limit = ${WAL_FILE_LIMIT_BYTES}`);
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
    workerData: { file, everyMs: EVERY_MS, restartAt: RESTART_AT_PAGES, gate: gate?.memory },
  });
  worker.unref();
  worker.on('message', (m: { error?: string }) => {
    if (m.error) onError(m.error);
  });
  worker.on('error', (err) => onError(err.message));
  // Whatever the thread held at the gate when it ended is free again.
  worker.once('exit', () => gate?.reset());
  let stopped: Promise<void> | undefined;
  return () => {
    stopped ??= new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      // Referenced again: the process waits for the thread to close its connection (an unreferenced
      // thread would leave this promise unsettled when nothing else keeps the event loop alive).
      worker.ref();
      worker.postMessage('stop');
      // A thread stuck in a checkpoint does not hold up shutdown.
      setTimeout(() => void worker.terminate(), 2_000).unref();
    });
    return stopped;
  };
}
