import type { Transaction } from 'kysely';
import type { AppContext } from '../../app/context.js';
import type { Database } from '../../db/schema.js';
import type { SignalLabels } from '../labeler.js';
import { appendJournal } from '../repository.js';
import { ingestBatch } from '../service.js';
import type { InboundSignal, IngestResult } from '../types.js';
import { Journal, poolLabels } from './journal.js';

/** Work a delivery adds to its transaction (WhatsApp delivery statuses). Must be safe to run again. */
export type AlsoInTransaction = (tx: Transaction<Database>) => Promise<void>;

interface Pending {
  readonly signals: readonly InboundSignal[];
  /** Labels from the worker pool, one per signal; undefined: label inline in the commit. */
  readonly labels: ReadonlyArray<SignalLabels | null> | undefined;
  readonly also: AlsoInTransaction | undefined;
  /** Committed as one journal row, stored as signals later (journal.ts). */
  readonly journaled: boolean;
  resolve(results: IngestResult[]): void;
  reject(err: unknown): void;
}

/** What became of a delivery when its commit returned. */
export type Committed =
  | { readonly journaled: false; readonly results: readonly IngestResult[] }
  | { readonly journaled: true };

/** Deliveries committed together at most (a few hundred rows keep one transaction short). */
const MAX_DELIVERIES = 64;

/**
 * Group commit for webhook deliveries. A commit starts at the end of the event-loop turn in which a
 * delivery arrived (no timer), taking every delivery queued by then; a delivery that arrives while a
 * commit is running waits for the next one. Under load one commit serves many requests (SQLite runs one
 * transaction at a time anyway). Every delivery is still answered only after the commit that holds it.
 * If a shared commit fails, each of its deliveries is retried alone, so one bad delivery cannot fail its
 * neighbours. One commit runs at a time per process: SQLite has a single writer anyway, and on PostgreSQL
 * the webhook transactions of one instance then cannot deadlock one another (a deadlock with another
 * writer fails the shared commit, and the retry alone succeeds). Between commits, the same loop stores
 * the intake journal (journal.ts), so that too is one writer.
 */
class GroupCommit {
  private readonly queue: Pending[] = [];
  private running = false;
  private scheduled = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private idle: Array<() => void> = [];
  private closed = false;
  /** Deliveries handed to commitDelivery() and not answered yet. */
  inFlight = 0;
  readonly journal: Journal;

  constructor(private readonly ctx: AppContext) {
    this.journal = new Journal(ctx, () => this.schedule());
  }

  submit(
    signals: readonly InboundSignal[],
    labels: ReadonlyArray<SignalLabels | null> | undefined,
    also: AlsoInTransaction | undefined,
    journaled: boolean,
  ): Promise<IngestResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ signals, labels, also, journaled, resolve, reject });
      this.schedule();
    });
  }

  /** Starts the loop after this turn of the event loop, so every delivery read in this turn joins it. */
  schedule(): void {
    if (this.closed) return;
    // Asked while the loop runs (the journal finished reading, say): it looks again once it ends.
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  /** Resolves once nothing is queued and the journal is empty (benchmarks, shutdown). */
  whenIdle(): Promise<void> {
    if (!this.running && this.queue.length === 0 && this.journal.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idle.push(resolve);
      this.schedule();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    clearTimeout(this.timer);
    try {
      for (;;) {
        if (this.queue.length > 0) {
          await this.commitNext();
          if (this.journal.full && !this.closed) await this.journal.work();
          continue;
        }
        const wait = this.journal.due();
        // Nothing read yet: the journal reads and labels in the background and calls schedule() after.
        if (wait === 0 && !this.closed) {
          if (await this.journal.work()) continue;
          break;
        }
        if (wait !== null && !this.closed) {
          this.timer = setTimeout(() => this.schedule(), Math.ceil(wait));
          this.timer.unref();
        }
        break;
      }
    } finally {
      this.running = false;
    }
    if (this.again) {
      this.again = false;
      this.schedule();
    }
    if (this.journal.size === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  /** The database is closing: no more journal work (rows left are stored at the next start). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private async commitNext(): Promise<void> {
    const batch = this.queue.splice(0, MAX_DELIVERIES);
    try {
      const results = await this.commit(batch);
      let at = 0;
      for (const p of batch) {
        if (p.journaled) {
          p.resolve([]);
          continue;
        }
        p.resolve(results.slice(at, at + p.signals.length));
        at += p.signals.length;
      }
    } catch (err) {
      if (batch.length === 1) batch[0]?.reject(err);
      else for (const p of batch) await this.commit([p]).then(p.resolve, p.reject);
    }
  }

  /** One transaction: the signals of the deliveries stored now, one journal row per journaled one. */
  private async commit(batch: readonly Pending[]): Promise<IngestResult[]> {
    const now = batch.filter((p) => !p.journaled);
    const journaled = batch.filter((p) => p.journaled);
    const also = now.filter((p) => p.also);
    const labels = now.every((p) => p.labels) ? now.flatMap((p) => p.labels ?? []) : undefined;
    const results = await ingestBatch(
      this.ctx,
      now.flatMap((p) => p.signals),
      {
        ...(labels ? { labels } : {}),
        ...(also.length || journaled.length
          ? {
              inTransaction: async (tx) => {
                for (const p of also) await p.also?.(tx);
                await appendJournal(
                  tx,
                  journaled.map((p) => journalRow(p.signals)),
                );
              },
            }
          : {}),
      },
    );
    if (journaled.length) this.journal.committed(journaled.length);
    return results;
  }
}

/** The journal row of one delivery (all its signals are of one channel, and there is one at least). */
function journalRow(signals: readonly InboundSignal[]) {
  const first = signals[0];
  return {
    received_at: first?.receivedAt ?? Date.now(),
    channel: first?.channel ?? 'unknown',
    payload: JSON.stringify(signals),
  };
}

const queues = new WeakMap<AppContext, GroupCommit>();

function intakeOf(ctx: AppContext): GroupCommit {
  let queue = queues.get(ctx);
  if (!queue) {
    queue = new GroupCommit(ctx);
    queues.set(ctx, queue);
  }
  return queue;
}

/**
 * Stores a delivery's signals (and its extra work) and resolves after they are committed. With a worker
 * pool, the texts are labelled there first, while this thread serves other requests and commits. Under
 * load (see journal.ts) a delivery without extra work is committed to the intake journal instead and
 * stored as signals shortly after.
 */
export async function commitDelivery(
  ctx: AppContext,
  signals: readonly InboundSignal[],
  also?: AlsoInTransaction,
): Promise<Committed> {
  const intake = intakeOf(ctx);
  const journaled = !also && signals.length > 0 && intake.journal.shouldJournal(intake.inFlight);
  intake.inFlight++;
  try {
    if (journaled) {
      // Stamped now: the time of receipt is when the provider handed it over, not when it is stored.
      const at = ctx.now();
      const stamped = signals.map((s) => (s.receivedAt === undefined ? { ...s, receivedAt: at } : s));
      await intake.journal.enter(() => intake.submit(stamped, undefined, undefined, true));
      return { journaled: true };
    }
    const labels = await poolLabels(ctx, signals);
    return { journaled: false, results: await intake.submit(signals, labels, also, false) };
  } finally {
    intake.inFlight--;
  }
}

/** Called as the app closes its database. */
export function closeIntake(ctx: AppContext): void {
  queues.get(ctx)?.close();
}

/** Journaled deliveries not stored as signals yet. */
export function journalBacklog(ctx: AppContext): number {
  return intakeOf(ctx).journal.size;
}

/** Resolves when every delivery so far is stored as signals (benchmarks and tests). */
export function intakeSettled(ctx: AppContext): Promise<void> {
  return intakeOf(ctx).whenIdle();
}

/**
 * Background part of the journal: picks up rows an earlier run left (after a crash) and, at shutdown,
 * stops journaling and stores what is left, for at most `graceMs` (the rest waits for the next start).
 */
export async function startIntakeJournal(ctx: AppContext, graceMs = 10_000): Promise<() => Promise<void>> {
  const intake = intakeOf(ctx);
  await intake.journal.resume();
  intake.schedule();
  return async () => {
    intake.journal.stop();
    const left = intake.journal.size;
    if (left === 0) return;
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), graceMs).unref(),
    );
    if ((await Promise.race([intake.whenIdle(), timeout])) === 'timeout') {
      ctx.log.warn(
        { left: intake.journal.size },
        'intake journal not empty at shutdown; stored at next start',
      );
    }
  };
}
