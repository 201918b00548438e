import { createHmac } from 'node:crypto';
import type { Insertable, Transaction } from 'kysely';
import type { AppContext } from '../app/context.js';
import type { Database, SignalsTable } from '../db/schema.js';
import type { SignalLabels } from './labeler.js';
import {
  findSignalId,
  insertQuarantine,
  insertSignalIfNew,
  setThreadFirstSignal,
  threadFor,
  upsertAuthor,
} from './repository.js';
import type { InboundSignal, IngestResult } from './types.js';

/** Stable pseudonymous key of a person on a channel: a keyed hash, not reversible without the key. */
export function authorRef(key: string, channel: string, externalUserId: string): string {
  return `${channel}:${createHmac('sha256', key).update(`${channel}\u0000${externalUserId}`).digest('hex').slice(0, 32)}`;
}

function label(ctx: AppContext, text: string): SignalLabels | null {
  if (!ctx.labeler || !text.trim()) return null;
  try {
    return ctx.labeler(text);
  } catch (err) {
    ctx.log.error({ err: { message: (err as Error).message } }, 'labelling failed; the sweep will retry');
    return null;
  }
}

/**
 * Commits everything of one item inside the caller's transaction: author and contact, thread, the signal
 * row. Null when (channel, external id) is already stored (a concurrent or earlier delivery won).
 */
async function storeSignal(
  ctx: AppContext,
  tx: Transaction<Database>,
  input: InboundSignal,
  labels: SignalLabels | null,
  now: number,
): Promise<IngestResult | null> {
  const status = input.status ?? 'received';
  const given = input.given ?? {};
  let authorId: number | null = null;
  let conversation = input.conversation ?? null;
  if (input.author) {
    const a = input.author;
    const ref = authorRef(ctx.pseudonymKey, input.channel, a.externalUserId);
    if (input.conversationByAuthor) conversation = ref;
    authorId = await upsertAuthor(
      tx,
      input.channel,
      ref,
      {
        externalUserId: a.externalUserId,
        displayName: a.displayName ?? null,
        username: a.username ?? null,
        phone: a.phone ?? null,
        email: a.email ?? null,
      },
      now,
    );
  }
  let thread: { id: number; isNew: boolean } | null = null;
  if (conversation && status !== 'ignored') {
    thread = await threadFor(
      tx,
      input.channel,
      conversation,
      authorId,
      input.sentAt ?? now,
      ctx.config.threadWindowMinutes * 60_000,
    );
  }
  const row: Insertable<SignalsTable> = {
    channel: input.channel,
    external_id: input.externalId,
    received_at: input.receivedAt ?? now,
    sent_at: input.sentAt ?? null,
    author_id: authorId,
    thread_id: thread?.id ?? null,
    conversation,
    reply_to: input.replyTo ?? null,
    text: input.text,
    text_redacted: labels?.textRedacted ?? null,
    lang: labels?.lang ?? null,
    lat: input.geo?.lat ?? null,
    lon: input.geo?.lon ?? null,
    address: input.address ?? null,
    attachments: JSON.stringify(input.attachments ?? []),
    reach: input.reach ? JSON.stringify(input.reach) : null,
    raw: typeof input.raw === 'string' ? input.raw : JSON.stringify(input.raw),
    status,
    kind: given.kind ?? labels?.kind ?? null,
    topic: given.topic ?? labels?.topic ?? null,
    sentiment: labels?.sentiment ?? null,
    district: given.district ?? labels?.district ?? null,
    urgency: given.urgency ?? labels?.urgency ?? null,
    labels: labels ? JSON.stringify({ ...labels.details, given: input.given ?? undefined }) : null,
    labelled_at: labels || status === 'ignored' ? now : null,
    is_demo: input.isDemo || ctx.config.demoChannels.includes(input.channel) ? 1 : 0,
    historical: input.historical ? 1 : 0,
  };
  const id = await insertSignalIfNew(tx, row);
  if (id === undefined) return null;
  if (thread?.isNew) await setThreadFirstSignal(tx, thread.id, id);
  return { signalId: id, duplicate: false, threadId: thread?.id ?? null };
}

const labelsFor = (ctx: AppContext, input: InboundSignal) =>
  (input.status ?? 'received') === 'ignored' ? null : label(ctx, input.text);

function stored(ctx: AppContext, input: InboundSignal, result: IngestResult): void {
  ctx.metrics.signalsIngested.inc({
    channel: input.channel,
    outcome: input.status === 'ignored' ? 'ignored' : 'stored',
  });
  ctx.bus.emit('signal.ingested', { result, input });
}

/**
 * Stores one inbound item durably and idempotently: a retried delivery (same channel and external id)
 * stores nothing new. Understanding runs before the insert (pure CPU, well under a millisecond), so a
 * committed signal is labelled at once; if it cannot be, the labelling sweep picks it up later.
 * Returns only after the transaction has committed.
 */
export async function ingest(ctx: AppContext, input: InboundSignal): Promise<IngestResult> {
  const existing = await findSignalId(ctx.db, input.channel, input.externalId);
  if (existing !== undefined) {
    ctx.metrics.signalsIngested.inc({ channel: input.channel, outcome: 'duplicate' });
    return { signalId: existing, duplicate: true, threadId: null };
  }
  const now = ctx.now();
  const labels = labelsFor(ctx, input);
  const result = await ctx.db.transaction().execute((tx) => storeSignal(ctx, tx, input, labels, now));
  if (!result) {
    // Lost a race with a concurrent delivery of the same item: that one stored it.
    ctx.metrics.signalsIngested.inc({ channel: input.channel, outcome: 'duplicate' });
    const id = await findSignalId(ctx.db, input.channel, input.externalId);
    return { signalId: id ?? 0, duplicate: true, threadId: null };
  }
  stored(ctx, input, result);
  return result;
}

export interface BatchOptions {
  /** Runs inside the batch's transaction after the signals (an import's progress and rejects). */
  readonly inTransaction?: (tx: Transaction<Database>, results: readonly IngestResult[]) => Promise<void>;
  /** Labels already computed (by the worker pool), one per input; otherwise they are computed here. */
  readonly labels?: ReadonlyArray<SignalLabels | null>;
}

/**
 * Labels for each input: those computed elsewhere (the worker pool) when there is one per input,
 * otherwise computed here. Runs before a transaction opens, so no write lock is held while it works.
 */
export function labelAll(
  ctx: AppContext,
  inputs: readonly InboundSignal[],
  labels?: ReadonlyArray<SignalLabels | null>,
): ReadonlyArray<SignalLabels | null> {
  return labels?.length === inputs.length ? labels : inputs.map((input) => labelsFor(ctx, input));
}

/**
 * Stores many items inside the caller's transaction, in input order: each is stored unless its
 * (channel, external id) already is. `labels` comes from labelAll(). Call reportIngested() with the
 * results once the transaction has committed.
 */
export async function ingestInTransaction(
  ctx: AppContext,
  tx: Transaction<Database>,
  inputs: readonly InboundSignal[],
  labels: ReadonlyArray<SignalLabels | null>,
  now: number,
): Promise<IngestResult[]> {
  const out: IngestResult[] = [];
  for (const [i, input] of inputs.entries()) {
    const existing = await findSignalId(tx, input.channel, input.externalId);
    const result = existing === undefined ? await storeSignal(ctx, tx, input, labels[i] ?? null, now) : null;
    out.push(result ?? { signalId: existing ?? 0, duplicate: true, threadId: null });
  }
  return out;
}

/** Metrics and in-process events for committed results of ingestInTransaction(). */
export function reportIngested(
  ctx: AppContext,
  inputs: readonly InboundSignal[],
  results: readonly IngestResult[],
): void {
  for (const [i, result] of results.entries()) {
    const input = inputs[i];
    if (!input) continue;
    if (result.duplicate) ctx.metrics.signalsIngested.inc({ channel: input.channel, outcome: 'duplicate' });
    else stored(ctx, input, result);
  }
}

/**
 * ingest() for many items in one transaction (bulk import: ~500 rows per commit). Same rows, same
 * idempotency; results are in input order and all of them are committed, or none, when this resolves.
 */
export async function ingestBatch(
  ctx: AppContext,
  inputs: readonly InboundSignal[],
  options: BatchOptions = {},
): Promise<IngestResult[]> {
  const now = ctx.now();
  const labels = labelAll(ctx, inputs, options.labels);
  const results = await ctx.db.transaction().execute(async (tx) => {
    const out = await ingestInTransaction(ctx, tx, inputs, labels, now);
    await options.inTransaction?.(tx, out);
    return out;
  });
  reportIngested(ctx, inputs, results);
  return results;
}

/** Keeps the raw bytes of a payload we could not accept, for an admin to inspect. */
export async function quarantine(
  ctx: AppContext,
  channel: string,
  code: string,
  reason: string,
  raw: Buffer,
  contentType: string | undefined,
): Promise<number> {
  ctx.metrics.quarantined.inc({ channel, code });
  return insertQuarantine(ctx.db, {
    channel,
    received_at: ctx.now(),
    reason_code: code,
    reason,
    content_type: contentType ?? null,
    raw,
  });
}
