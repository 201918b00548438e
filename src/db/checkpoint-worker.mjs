// Checkpoints a SQLite database in WAL mode from its own thread and connection (see checkpoints.ts).
// Plain JavaScript: worker threads do not inherit the main thread's TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { alone } from './write-gate-thread.mjs';

/** How long this thread waits for the server to let the write gate go before it gives up until next time. */
const GATE_PATIENCE_MS = 1_000;

const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');

const timer = setInterval(() => {
  try {
    // PASSIVE: copies what it can without waiting for, or blocking, the server's writes.
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    // Under a steady stream of commits a passive checkpoint never catches up with the last one, and
    // SQLite only starts the WAL over when it finds it all copied: it would grow until the server's own
    // safety-net checkpoint copied it inside a commit. Once it is large and nearly all copied, a second
    // PASSIVE copies what came meanwhile, then RESTART copies the last few frames and starts the WAL
    // over, with the server's queries held at the gate (a few milliseconds: the frames and two fsyncs).
    // RESTART, not TRUNCATE: cutting the file costs as much again, and the server would then grow it
    // back; the file keeps its size (journal_size_limit bounds it after a burst).
    if (passive && passive.log >= workerData.restartAt && passive.log - passive.checkpointed < 1_000) {
      db.pragma('wal_checkpoint(PASSIVE)');
      alone(workerData.gate, GATE_PATIENCE_MS, () => db.pragma('wal_checkpoint(RESTART)'));
    }
  } catch (err) {
    parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
}, workerData.everyMs);
parentPort?.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
