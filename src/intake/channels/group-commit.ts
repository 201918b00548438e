import type { Transaction } from 'kysely';
import type { AppContext } from '../../app/context.js';
import type { Database } from '../../db/schema.js';
import type { SignalLabels } from '../labeler.js';
import { ingestBatch } from '../service.js';
import type { InboundSignal, IngestResult } from '../types.js';

/** Work a delivery adds to its transaction (WhatsApp delivery statuses). Must be safe to run again. */
export type AlsoInTransaction = (tx: Transaction<Database>) => Promise<void>;

interface Pending {
  readonly signals: readonly InboundSignal[];
  /** Labels from the worker pool, one per signal; undefined: label inline in the commit. */
  readonly labels: ReadonlyArray<SignalLabels | null> | undefined;
  readonly also: AlsoInTransaction | undefined;
  resolve(results: IngestResult[]): void;
  reject(err: unknown): void;
}

/** Deliveries committed together at most (a few hundred rows keep one transaction short). */
const MAX_DELIVERIES = 64;

/**
 * Group commit for webhook deliveries. A commit starts at the end of the event-loop turn in which a
 * delivery arrived (no timer), taking every delivery queued by then; a delivery that arrives while a
 * commit is running waits for the next one. Under load one commit serves many requests (SQLite runs one
 * transaction at a time anyway). Every delivery is
 * still answered only after the commit that holds it. If a shared commit fails, each of its deliveries is
 * retried alone, so one bad delivery cannot fail its neighbours. One commit runs at a time per process:
 * SQLite has a single writer anyway, and on PostgreSQL the webhook transactions of one instance then
 * cannot deadlock one another (a deadlock with another writer fails the shared commit, and the retry
 * alone succeeds).
 */
class GroupCommit {
  private readonly queue: Pending[] = [];
  private running = false;
  private scheduled = false;

  constructor(private readonly ctx: AppContext) {}

  submit(
    signals: readonly InboundSignal[],
    labels: ReadonlyArray<SignalLabels | null> | undefined,
    also: AlsoInTransaction | undefined,
  ): Promise<IngestResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ signals, labels, also, resolve, reject });
      // The commit starts after this turn of the event loop, so every delivery read in the same turn
      // (several sockets are usually ready together under load) joins it.
      if (!this.running && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.drain();
        });
      }
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_DELIVERIES);
        try {
          const results = await this.commit(batch);
          let at = 0;
          for (const p of batch) {
            p.resolve(results.slice(at, at + p.signals.length));
            at += p.signals.length;
          }
        } catch (err) {
          if (batch.length === 1) batch[0]?.reject(err);
          else for (const p of batch) await this.commit([p]).then(p.resolve, p.reject);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private commit(batch: readonly Pending[]): Promise<IngestResult[]> {
    const also = batch.filter((p) => p.also);
    const labels = batch.every((p) => p.labels) ? batch.flatMap((p) => p.labels ?? []) : undefined;
    return ingestBatch(
      this.ctx,
      batch.flatMap((p) => p.signals),
      {
        ...(labels ? { labels } : {}),
        ...(also.length
          ? {
              inTransaction: async (tx) => {
                for (const p of also) await p.also?.(tx);
              },
            }
          : {}),
      },
    );
  }
}

const queues = new WeakMap<AppContext, GroupCommit>();

/**
 * Stores a delivery's signals (and its extra work) and resolves after they are committed. With a worker
 * pool, the texts are labelled there first, while this thread serves other requests and commits.
 */
export async function commitDelivery(
  ctx: AppContext,
  signals: readonly InboundSignal[],
  also?: AlsoInTransaction,
): Promise<IngestResult[]> {
  let queue = queues.get(ctx);
  if (!queue) {
    queue = new GroupCommit(ctx);
    queues.set(ctx, queue);
  }
  const labels =
    ctx.labelPool && signals.length
      ? ((await ctx.labelPool.label(signals.map((s) => (s.status === 'ignored' ? '' : s.text)))) ?? undefined)
      : undefined;
  return queue.submit(signals, labels, also);
}
