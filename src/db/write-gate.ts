import { type DatabaseConnection, SqliteDialect, SqliteDriver } from 'kysely';

/** Slots of the gate's shared memory: who holds it, and whether the checkpoint thread wants it. */
const HOLDER = 0;
const WANTED = 1;
/** HOLDER values: free, the server's connection, the checkpoint thread (as in write-gate-thread.mjs). */
const FREE = 0;
const SERVER = 1;
const CHECKPOINTER = 2;
/**
 * How long the server waits for the checkpoint thread at most. Past it, it goes on without the gate:
 * SQLite's own locking still keeps the data safe, the server thread just waits in its busy handler again.
 */
const PATIENCE_MS = 2_000;

/**
 * A gate between the server's SQLite connection and the checkpoint thread, in memory both threads share.
 * Some checkpoint steps need the database to themselves (emptying the WAL, see checkpoint-worker.mjs).
 * Without the gate, a server write that arrives meanwhile waits inside SQLite's busy handler, which
 * sleeps the whole thread in steps of 1, 2, 5, 10, 15 ms: every request stops, and a 20 ms checkpoint
 * costs 33 ms of frozen event loop. With it, the thread asks for the gate first; the server's next query
 * then waits on a promise instead (its event loop keeps answering, queueing writes for the group commit)
 * and the checkpoint runs alone. The server takes the gate for each query or transaction (one atomic
 * compare-and-swap while it is free). The thread's side is `alone()` in write-gate-thread.mjs.
 */
export class WriteGate {
  readonly memory: SharedArrayBuffer;
  private readonly state: Int32Array;

  /** `onWait`: told how long the server waited (in ms) each time it found the gate taken. */
  constructor(
    private readonly onWait: (ms: number) => void = () => {},
    memory = new SharedArrayBuffer(8),
  ) {
    this.memory = memory;
    this.state = new Int32Array(memory);
  }

  /** Takes the gate for the server; false if it went on without it (the checkpoint thread took too long). */
  async enter(): Promise<boolean> {
    if (this.tryEnter()) return true;
    const started = performance.now();
    try {
      return await this.wait(started + PATIENCE_MS);
    } finally {
      this.onWait(performance.now() - started);
    }
  }

  private async wait(deadline: number): Promise<boolean> {
    for (;;) {
      if (this.tryEnter()) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      // Wait for the checkpoint thread to stop asking, or else to let go (if it just did: try again).
      const wanted = Atomics.load(this.state, WANTED);
      const slot = wanted !== 0 ? WANTED : HOLDER;
      const value = wanted !== 0 ? wanted : Atomics.load(this.state, HOLDER);
      if (slot === HOLDER && value === FREE) continue;
      const waiting = Atomics.waitAsync(this.state, slot, value, left);
      if (waiting.async) await waiting.value;
    }
  }

  private tryEnter(): boolean {
    return (
      Atomics.load(this.state, WANTED) === 0 &&
      Atomics.compareExchange(this.state, HOLDER, FREE, SERVER) === FREE
    );
  }

  /** Lets the gate go (after enter() returned true). */
  leave(): void {
    Atomics.compareExchange(this.state, HOLDER, SERVER, FREE);
    Atomics.notify(this.state, HOLDER);
  }

  /** The checkpoint thread is gone: whatever it held is free. */
  reset(): void {
    Atomics.store(this.state, WANTED, 0);
    Atomics.compareExchange(this.state, HOLDER, CHECKPOINTER, FREE);
    Atomics.notify(this.state, WANTED);
    Atomics.notify(this.state, HOLDER);
  }
}

/** Kysely's SQLite dialect whose connection is taken through the gate (one query or one transaction). */
export class GatedSqliteDialect extends SqliteDialect {
  constructor(
    private readonly settings: ConstructorParameters<typeof SqliteDialect>[0],
    private readonly gate: WriteGate,
  ) {
    super(settings);
  }

  override createDriver(): SqliteDriver {
    return new GatedSqliteDriver(this.settings, this.gate);
  }
}

/** Kysely runs one query or transaction at a time on SQLite's single connection: it holds the gate meanwhile. */
class GatedSqliteDriver extends SqliteDriver {
  private held = false;

  constructor(
    config: ConstructorParameters<typeof SqliteDriver>[0],
    private readonly gate: WriteGate,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.held = await this.gate.enter();
    return connection;
  }

  override async releaseConnection(): Promise<void> {
    if (this.held) this.gate.leave();
    this.held = false;
    await super.releaseConnection();
  }
}
