// Checkpoints a SQLite database in WAL mode from its own thread and connection (see checkpoints.ts).
// Plain JavaScript: worker threads do not inherit the main thread's TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    // PASSIVE: copies what it can without waiting for, or blocking, the server's writes.
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    // Under a steady stream of commits a passive checkpoint never catches up with the last one, so the
    // WAL would only grow, until the server's own safety-net checkpoint copied it all inside a commit.
    // Once it is large and nearly all copied, TRUNCATE copies the few frames left and empties it: the
    // server's writes wait for that short step only.
    if (passive && passive.log >= workerData.truncateAt && passive.log - passive.checkpointed < 1_000) {
      db.pragma('wal_checkpoint(TRUNCATE)');
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
