import type { AppContext } from '../../app/context.js';
import type { SignalLabels } from '../labeler.js';
import { claimJournal, countJournal, insertQuarantine, journalFailed, readJournal } from '../repository.js';
import { ingestInTransaction, labelAll, reportIngested } from '../service.js';
import type { InboundSignal } from '../types.js';

/** Journaled deliveries read (and labelled) at a time, and stored per transaction when all is quiet... */
const BATCH = 32;
/** ...and per transaction while deliveries still arrive, so their commits wait a few milliseconds at most. */
const CHUNK = 8;
/** Deliveries "still arrive" when the last one came this recently. */
const FLOWING_MS = 200;
/** The journal is stored once deliveries pause this long... */
const QUIET_MS = 20;
/** ...or once its oldest row has waited this long, whatever the load (storing then takes turns). */
const MAX_WAIT_MS = 10_000;
/** A row that fails this often on its own is moved to quarantine (its bytes kept for an admin). */
const MAX_ATTEMPTS = 3;
/** After a failure the journal rests this long, so a broken database is not retried in a busy loop. */
const REST_MS = 1_000;

type Row = Awaited<ReturnType<typeof readJournal>>[number];

interface Item {
  readonly row: Row;
  readonly signals: readonly InboundSignal[];
  /** Labels from the worker pool, one per signal (undefined: labelled inline as it is stored). */
  readonly labels: ReadonlyArray<SignalLabels | null> | undefined;
}

/** Labels from the worker pool, one per signal (ignored items get none); undefined: label inline. */
export async function poolLabels(
  ctx: AppContext,
  signals: readonly InboundSignal[],
): Promise<ReadonlyArray<SignalLabels | null> | undefined> {
  if (!ctx.labelPool || signals.length === 0) return undefined;
  return (await ctx.labelPool.label(signals.map((s) => (s.status === 'ignored' ? '' : s.text)))) ?? undefined;
}

const clock = () => performance.now();

/**
 * The intake journal. When webhook deliveries arrive faster than they can be stored (more than
 * TYNDAU_INTAKE_JOURNAL_AT in flight), a new delivery is normalised and validated as always, but its
 * commit writes one journal row (its signals as JSON) instead of the author, thread and signal rows and
 * their labels: the 2xx still follows a commit, so the guarantee holds, and the provider stops waiting at
 * once. The journal is then stored as signals in batches, in arrival order, as soon as deliveries pause
 * (20 ms) or its oldest row has waited 10 s, each batch in one transaction that deletes its journal
 * rows: a row is stored exactly once, and a crash leaves it in the table for the next start. While rows
 * wait, new deliveries join the journal too (arrival order is kept). At TYNDAU_INTAKE_JOURNAL_MAX
 * waiting rows, deliveries are stored before their 2xx again and the journal is stored in turns with
 * them: providers are slowed down instead of the table growing.
 * Redeliveries are harmless: storing checks (channel, external id) as for any delivery.
 */
export class Journal {
  /** Rows committed and not yet stored as signals. */
  private backlog = 0;
  /** Deliveries journaled and not answered yet (their commit has not ended). */
  private waiting = 0;
  /** When deliveries last arrived, and when each waiting commit of journal rows happened (oldest first). */
  private lastArrival = Number.NEGATIVE_INFINITY;
  private readonly commits: Array<{ at: number; rows: number }> = [];
  private restUntil = -Infinity;
  private stopped = false;
  /** Read and labelled, waiting to be stored (oldest first). */
  private ready: Item[] = [];
  /** A batch is being read and labelled (in the background: the commit loop never waits for it). */
  private preparing = false;
  /** The last journal row read; the next batch is read after it (0: from the start). */
  private readUpTo = 0;
  /** Bumped when what was read is dropped, so a read still under way then is dropped too. */
  private generation = 0;

  /** `onReady`: called when a batch has been read and labelled, to let the commit loop store it. */
  constructor(
    private readonly ctx: AppContext,
    private readonly onReady: () => void = () => {},
  ) {}

  /** Whether a new delivery, with `inFlight` others still unanswered, should be journaled. */
  shouldJournal(inFlight: number): boolean {
    const at = this.ctx.config.intakeJournalAt;
    this.lastArrival = clock();
    return at > 0 && !this.stopped && (inFlight >= at || this.backlog + this.waiting > 0) && !this.atCap;
  }

  /** Runs `commit` (the commit of a journaled delivery), counting it as waiting meanwhile. */
  async enter<T>(commit: () => Promise<T>): Promise<T> {
    this.waiting++;
    try {
      return await commit();
    } finally {
      this.waiting--;
    }
  }

  private get atCap(): boolean {
    return this.backlog + this.waiting >= this.ctx.config.intakeJournalMax;
  }

  /** A commit wrote `rows` journal rows. */
  committed(rows: number): void {
    this.commits.push({ at: clock(), rows });
    this.setBacklog(this.backlog + rows);
  }

  get size(): number {
    return this.backlog;
  }

  /** At the cap: new deliveries are stored before their answer, and the journal gets every other turn. */
  get full(): boolean {
    return this.backlog > 0 && this.atCap;
  }

  /**
   * Milliseconds until the next batch should run (0: now), null when there is nothing to store. While
   * deliveries keep arriving, storing the journal would slow down the answers it is there to keep fast:
   * it waits for a pause, unless its oldest row has waited MAX_WAIT_MS or it is full.
   */
  due(): number | null {
    if (this.backlog <= 0) return null;
    const now = clock();
    if (this.restUntil > now) return this.restUntil - now;
    if (this.stopped || this.full) return 0;
    const oldest = this.commits[0]?.at ?? Number.NEGATIVE_INFINITY; // rows of an earlier run: at once
    return Math.max(0, Math.min(this.lastArrival + QUIET_MS, oldest + MAX_WAIT_MS) - now);
  }

  /** Counts rows left by an earlier run (a crash, or a stop before the journal was empty). */
  async resume(): Promise<void> {
    this.setBacklog(await countJournal(this.ctx.db));
  }

  /** No more journaling: the rows left are stored now (shutdown, see startIntakeJournal) or at the next start. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Stores the next few journaled deliveries as signals, if they have been read and labelled: true if it
   * stored (or tried), false if there was nothing ready (reading and labelling then starts in the
   * background, and `onReady` is called when it is done). While deliveries still arrive it stores
   * CHUNK of them per call, so the commit loop can answer those deliveries in between. A failure rests
   * the journal for a second.
   */
  async work(): Promise<boolean> {
    if (this.ready.length === 0) {
      this.prepare();
      return false;
    }
    const take = clock() - this.lastArrival < FLOWING_MS ? CHUNK : BATCH;
    const items = this.ready.splice(0, take);
    // Read the next batch while this one is stored, so labelling and storing overlap.
    if (this.ready.length === 0 && this.backlog > items.length && !this.stopped) this.prepare(true);
    try {
      await this.store(items);
    } catch {
      // One bad row must not hold up the others: each is tried on its own. What was read after it is
      // read again, so arrival order holds.
      this.forgetReady();
      for (const item of items) {
        await this.store([item]).catch((err: unknown) => this.failed(item.row, err, item.row.attempts + 1));
      }
    }
    return true;
  }

  /** Drops what was read but not stored; the next read starts from the oldest row again. */
  private forgetReady(): void {
    this.ready = [];
    this.readUpTo = 0;
    this.generation++;
  }

  /**
   * Reads and labels the next batch in the background (at most one at a time). A `prefetch` runs while
   * a batch is being stored: it only reads ahead, since rows still being stored are in the table then.
   */
  private prepare(prefetch = false): void {
    if (this.preparing) return;
    this.preparing = true;
    this.readBatch(prefetch)
      .catch((err: unknown) => {
        this.forgetReady();
        this.restUntil = clock() + REST_MS;
        this.ctx.log.error({ err: { message: (err as Error).message } }, 'intake journal could not be read');
      })
      .finally(() => {
        this.preparing = false;
        this.onReady();
      });
  }

  private async readBatch(prefetch: boolean): Promise<void> {
    const generation = this.generation;
    let rows = await readJournal(this.ctx.db, BATCH, this.readUpTo);
    if (rows.length === 0 && prefetch) return;
    // Nothing after the last row read: re-read from the start (a row that failed, or one a concurrent
    // transaction committed late, sits before it).
    if (rows.length === 0 && this.readUpTo > 0) rows = await readJournal(this.ctx.db, BATCH, 0);
    if (generation !== this.generation) return;
    if (rows.length === 0) {
      this.readUpTo = 0;
      this.commits.length = 0;
      this.setBacklog(0);
      return;
    }
    this.readUpTo = Number(rows.at(-1)?.id ?? 0);
    const parsed: Array<{ row: Row; signals: InboundSignal[] }> = [];
    for (const row of rows) {
      try {
        parsed.push({ row, signals: JSON.parse(row.payload) as InboundSignal[] });
      } catch (err) {
        await this.failed(row, err, MAX_ATTEMPTS);
      }
    }
    const labels = await poolLabels(
      this.ctx,
      parsed.flatMap((p) => p.signals),
    );
    if (generation !== this.generation) return;
    let at = 0;
    for (const p of parsed) {
      this.ready.push({ ...p, labels: labels?.slice(at, at + p.signals.length) });
      at += p.signals.length;
    }
  }

  private async store(items: readonly Item[]): Promise<void> {
    if (items.length === 0) return;
    const inputs = items.flatMap((i) => i.signals);
    const pooled = items.every((i) => i.labels) ? items.flatMap((i) => i.labels ?? []) : undefined;
    const labels = labelAll(this.ctx, inputs, pooled);
    const now = this.ctx.now();
    const done = await this.ctx.db.transaction().execute(async (tx) => {
      const claimed = await claimJournal(
        tx,
        items.map((i) => i.row.id),
      );
      const mine: InboundSignal[] = [];
      const mineLabels: Array<SignalLabels | null> = [];
      let at = 0;
      for (const item of items) {
        if (claimed.has(item.row.id)) {
          mine.push(...item.signals);
          mineLabels.push(...labels.slice(at, at + item.signals.length));
        }
        at += item.signals.length;
      }
      return { inputs: mine, results: await ingestInTransaction(this.ctx, tx, mine, mineLabels, now) };
    });
    this.forget(items.length);
    reportIngested(this.ctx, done.inputs, done.results);
  }

  /** Counts a failed attempt; the last one moves the row's bytes to quarantine. */
  private async failed(row: Row, err: unknown, attempts: number): Promise<void> {
    const message = (err as Error).message ?? String(err);
    this.restUntil = clock() + REST_MS;
    this.ctx.log.error({ journalId: row.id, attempts, err: { message } }, 'journaled delivery not stored');
    if (attempts < MAX_ATTEMPTS) {
      await journalFailed(this.ctx.db, row.id, message);
      return;
    }
    await this.ctx.db.transaction().execute(async (tx) => {
      const claimed = await claimJournal(tx, [row.id]);
      if (!claimed.has(row.id)) return;
      this.ctx.metrics.quarantined.inc({ channel: row.channel, code: 'journal_failed' });
      await insertQuarantine(tx, {
        channel: row.channel,
        received_at: row.received_at,
        reason_code: 'journal_failed',
        reason: message.slice(0, 500),
        content_type: 'application/json',
        raw: Buffer.from(row.payload, 'utf8'),
      });
    });
    this.forget(1);
  }

  /** `rows` rows left the table (stored, quarantined, or stored by another process). */
  private forget(rows: number): void {
    let left = rows;
    while (left > 0 && this.commits.length > 0) {
      const first = this.commits[0];
      if (!first) break;
      const take = Math.min(first.rows, left);
      first.rows -= take;
      left -= take;
      if (first.rows === 0) this.commits.shift();
    }
    this.setBacklog(this.backlog - rows);
  }

  private setBacklog(n: number): void {
    this.backlog = Math.max(0, n);
    this.ctx.metrics.queueDepth.set({ queue: 'intake_journal' }, this.backlog);
  }
}
