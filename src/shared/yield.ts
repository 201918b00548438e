/**
 * Lets the event loop run I/O (HTTP requests, timers) before the next chunk of a long background job.
 * better-sqlite3 is synchronous, so awaiting its queries alone never gives the loop a turn.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
