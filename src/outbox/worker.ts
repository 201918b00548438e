import type { AppContext } from '../app/context.js';
import { audit } from '../audit/audit.js';
import { outboxCounter } from './metrics.js';
import * as repo from './repository.js';
import { SENDERS } from './senders/index.js';
import { type OutboxRow, RETRYABLE, SendError, type SendResult, toOutgoing } from './types.js';

/** Attempts before a message is given up as `failed` (visible on the case). */
export const MAX_ATTEMPTS = 10;
export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_CAP_MS = 3600_000;
/**
 * How long a claim lasts. Far longer than one send can take (the HTTP timeout is 15 s), so a live
 * worker always finishes before its claim could be taken over; only a dead one's rows are recovered.
 */
export const LEASE_MS = 120_000;
const BATCH = 20;
const PARALLEL = 4;
const POLL_MS = 2_000;

/** Delay before attempt n+1 after n failed ones: 5 s × 2^(n−1), capped at 1 h, ±20 % jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface DeliveryReport {
  sent: number;
  skipped: number;
  retrying: number;
  failed: number;
  /** Rows taken back from a worker that died mid-send. */
  recovered: number;
}

type Outcome =
  | { kind: 'sent'; result: SendResult }
  | { kind: 'retry'; error: SendError }
  | { kind: 'failed'; error: SendError };

async function attempt(ctx: AppContext, row: OutboxRow): Promise<Outcome> {
  const sender = SENDERS[row.channel];
  try {
    if (!sender) throw new SendError('channel_not_supported', row.channel, false);
    return { kind: 'sent', result: await sender(ctx, toOutgoing(row)) };
  } catch (err) {
    const e =
      err instanceof SendError
        ? err
        : new SendError('internal_error', (err as Error).message.slice(0, 200), true);
    return e.retryable && row.attempts < MAX_ATTEMPTS
      ? { kind: 'retry', error: e }
      : { kind: 'failed', error: e };
  }
}

/** Records the outcome (only if the row is still ours) with an audit entry for a case's message. */
async function record(ctx: AppContext, row: OutboxRow, lease: number, o: Outcome, report: DeliveryReport) {
  const now = ctx.now();
  const counter = outboxCounter(ctx.metrics);
  await ctx.db.transaction().execute(async (tx) => {
    let ok: boolean;
    if (o.kind === 'sent') {
      ok = await repo.finish(tx, row.id, lease, {
        status: o.result.skipped ? 'skipped' : 'sent',
        provider_message_id: o.result.providerMessageId,
        sent_at: o.result.skipped ? null : now,
        last_error: o.result.skipped ? 'not_applicable' : null,
      });
    } else if (o.kind === 'retry') {
      const wait = Math.max(backoffMs(row.attempts), o.error.retryAfterMs ?? 0);
      ok = await repo.finish(tx, row.id, lease, {
        status: RETRYABLE,
        next_attempt_at: now + wait,
        last_error: o.error.message.slice(0, 300),
      });
    } else {
      ok = await repo.finish(tx, row.id, lease, {
        status: 'failed',
        failed_at: now,
        last_error: o.error.message.slice(0, 300),
      });
    }
    if (!ok) {
      // Our claim expired and another worker took the row: it now decides; nothing is recorded twice.
      ctx.log.warn({ outboxId: row.id }, 'outbox claim lost before the outcome was recorded');
      return;
    }
    const outcome = o.kind === 'sent' ? (o.result.skipped ? 'skipped' : 'sent') : o.kind;
    counter.inc({ channel: row.channel, outcome });
    if (outcome === 'sent') report.sent++;
    else if (outcome === 'skipped') report.skipped++;
    else if (outcome === 'retry') report.retrying++;
    else report.failed++;
    if (row.case_id !== null && (outcome === 'sent' || outcome === 'failed')) {
      await audit(tx, now, {
        actor: 'outbox',
        action: outcome === 'sent' ? 'case.message_sent' : 'case.message_failed',
        entity: 'case',
        entityId: row.case_id,
        data: {
          outboxId: row.id,
          channel: row.channel,
          purpose: row.purpose,
          attempts: row.attempts,
          ...(o.kind === 'failed' ? { error: o.error.code } : {}),
        },
      });
    }
  });
  if (o.kind !== 'sent') {
    // A channel without credentials (a demo, a region not using it) is expected: not worth a warning.
    const level = o.error.code === 'channel_not_configured' ? 'debug' : 'warn';
    ctx.log[level](
      {
        outboxId: row.id,
        channel: row.channel,
        code: o.error.code,
        attempts: row.attempts,
        final: o.kind === 'failed',
      },
      'outbox delivery failed',
    );
  }
}

async function inParallel<T>(items: readonly T[], n: number, fn: (x: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(lanes);
}

/**
 * Delivers what is due, up to `limit` messages: takes back rows a dead worker left in `sending`, claims
 * due rows, sends each through its channel and records the outcome. A row is sent only while it is
 * `sending` under this call's claim and is marked `sent` only after the provider accepted it, so a
 * message is delivered at least once and, barring a crash between the provider's answer and our
 * commit, exactly once. Claimed rows go to distinct recipients and are sent a few at a time.
 */
export async function deliverDue(ctx: AppContext, limit = 100): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, skipped: 0, retrying: 0, failed: 0, recovered: 0 };
  report.recovered = await repo.recoverExpired(ctx.db, ctx.now(), MAX_ATTEMPTS);
  let done = 0;
  while (done < limit) {
    const now = ctx.now();
    const lease = now + LEASE_MS;
    const rows = await repo.claimDue(ctx.db, ctx.dialect, now, lease, Math.min(BATCH, limit - done));
    if (!rows.length) break;
    done += rows.length;
    await inParallel(rows, PARALLEL, async (row) => record(ctx, row, lease, await attempt(ctx, row), report));
  }
  ctx.metrics.queueDepth.set({ queue: 'outbox' }, await repo.queueDepth(ctx.db));
  return report;
}

/**
 * The delivery worker: runs right after a case changes (an acknowledgement or an answer was just
 * queued) and every two seconds for retries and messages queued elsewhere. Several instances may run
 * against one database: claims never overlap.
 */
export async function startOutbox(ctx: AppContext): Promise<() => Promise<void>> {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await deliverDue(ctx);
      } while (again && !stopped);
    })()
      .catch((err: unknown) =>
        ctx.log.error({ err: { message: (err as Error).message } }, 'outbox delivery run failed'),
      )
      .finally(() => {
        running = null;
      });
  };
  const off = ctx.bus.on('case.changed', kick);
  const timer = setInterval(kick, POLL_MS);
  timer.unref();
  kick();
  return async () => {
    stopped = true;
    off();
    clearInterval(timer);
    await running;
  };
}
