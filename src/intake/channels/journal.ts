import type { AppContext } from '../../app/context.js';
import type { SignalLabels } from '../labeler.js';
import { claimJournal, countJournal, insertQuarantine, journalFailed, readJournal } from '../repository.js';
import { ingestInTransaction, labelAll, reportIngested } from '../service.js';
import type { InboundSignal } from '../types.js';

/** Journaled deliveries stored per transaction. */
const BATCH = 32;
/** The journal is worked off once deliveries pause this long... */
const QUIET_MS = 25;
/** ...and one batch runs at least this often while they do not, so nothing waits without end. */
const EVERY_MS = 250;
/** A row that fails this often on its own is moved to quarantine (its bytes kept for an admin). */
const MAX_ATTEMPTS = 3;
/** After a failure the journal rests this long, so a broken database is not retried in a busy loop. */
const REST_MS = 1_000;

type Row = Awaited<ReturnType<typeof readJournal>>[number];

interface Item {
  readonly row: Row;
  readonly signals: readonly InboundSignal[];
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
 * once. The journal is then stored as signals in batches, in arrival order, whenever deliveries pause
 * (and at least every 250 ms), each batch in one transaction that deletes its journal rows: a row is
 * stored exactly once, and a crash leaves it in the table for the next start. While rows wait, new
 * deliveries join the journal too (arrival order is kept); beyond TYNDAU_INTAKE_JOURNAL_MAX waiting rows,
 * deliveries are stored before their 2xx again, which slows providers down instead of growing the table.
 * Redeliveries are harmless: storing checks (channel, external id) as for any delivery.
 */
export class Journal {
  /** Rows committed and not yet stored as signals. */
  private backlog = 0;
  /** Deliveries journaled and not answered yet (their commit has not ended). */
  waiting = 0;
  private lastArrival = -Infinity;
  private lastWork = -Infinity;
  private restUntil = -Infinity;
  private stopped = false;

  constructor(private readonly ctx: AppContext) {}

  /** Whether a new delivery, with `inFlight` others still unanswered, should be journaled. */
  shouldJournal(inFlight: number): boolean {
    const at = this.ctx.config.intakeJournalAt;
    this.lastArrival = clock();
    return (
      at > 0 &&
      !this.stopped &&
      (inFlight >= at || this.backlog + this.waiting > 0) &&
      this.backlog + this.waiting < this.ctx.config.intakeJournalMax
    );
  }

  /** A commit wrote `rows` journal rows. */
  committed(rows: number): void {
    this.setBacklog(this.backlog + rows);
  }

  get size(): number {
    return this.backlog;
  }

  /** Milliseconds until the next batch should run: 0 now, null when there is nothing to store. */
  due(): number | null {
    if (this.backlog <= 0) return null;
    const now = clock();
    if (this.restUntil > now) return this.restUntil - now;
    if (this.stopped) return 0;
    return Math.max(0, Math.min(this.lastArrival + QUIET_MS, this.lastWork + EVERY_MS) - now);
  }

  /** Counts rows left by an earlier run (a crash, or a stop before the journal was empty). */
  async resume(): Promise<void> {
    this.setBacklog(await countJournal(this.ctx.db));
  }

  /** No more journaling; the rows left are stored by finish() or at the next start. */
  stop(): void {
    this.stopped = true;
  }

  /** Stores one batch of journaled deliveries as signals; a failure rests the journal for a second. */
  async work(): Promise<void> {
    this.lastWork = clock();
    try {
      await this.workBatch();
    } catch (err) {
      this.restUntil = clock() + REST_MS;
      this.ctx.log.error({ err: { message: (err as Error).message } }, 'intake journal failed');
    }
  }

  private async workBatch(): Promise<void> {
    const rows = await readJournal(this.ctx.db, BATCH);
    if (rows.length === 0) {
      this.setBacklog(0);
      return;
    }
    const items: Item[] = [];
    for (const row of rows) {
      try {
        items.push({ row, signals: JSON.parse(row.payload) as InboundSignal[] });
      } catch (err) {
        await this.failed(row, err, MAX_ATTEMPTS);
      }
    }
    try {
      await this.store(items);
    } catch {
      // One bad row must not hold up the others: each is tried on its own.
      for (const item of items) {
        await this.store([item]).catch((err: unknown) => this.failed(item.row, err, item.row.attempts + 1));
      }
    }
  }

  private async store(items: readonly Item[]): Promise<void> {
    if (items.length === 0) return;
    const inputs = items.flatMap((i) => i.signals);
    const labels = labelAll(this.ctx, inputs, await poolLabels(this.ctx, inputs));
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
    this.setBacklog(this.backlog - items.length);
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
    this.setBacklog(this.backlog - 1);
  }

  private setBacklog(n: number): void {
    this.backlog = Math.max(0, n);
    this.ctx.metrics.queueDepth.set({ queue: 'intake_journal' }, this.backlog);
  }
}
