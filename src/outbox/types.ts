import type { Selectable } from 'kysely';
import type { AppContext } from '../app/context.js';
import type { OutboxTable } from '../db/schema.js';
import type { Recipient } from './enqueue.js';

export type OutboxRow = Selectable<OutboxTable>;

/** Outbox statuses. `failed-retryable` waits for its next attempt; `failed` and `skipped` are final. */
export const RETRYABLE = 'failed-retryable';
export const DUE_STATUSES = ['pending', RETRYABLE] as const;
export const UNFINISHED_STATUSES = ['pending', 'sending', RETRYABLE] as const;

/** One claimed message, as a sender sees it. */
export interface Outgoing {
  readonly id: number;
  readonly caseId: number | null;
  readonly channel: string;
  readonly recipient: Recipient;
  readonly purpose: string;
  readonly text: string;
  readonly payload: Record<string, unknown> | null;
  readonly dedupeKey: string | null;
}

export interface SendResult {
  /** The provider's id of the message (status callbacks match it), when it gives one. */
  readonly providerMessageId: string | null;
  /** The channel has no way to carry this purpose (Open311 cannot ask a question): final, not sent. */
  readonly skipped?: boolean;
}

/** A delivery attempt that did not succeed. `retryable` decides between backoff and giving up. */
export class SendError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly retryable: boolean,
    /** The provider asked us to wait this long (Telegram retry_after, HTTP Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'SendError';
  }
}

export const notConfigured = () => new SendError('channel_not_configured', '', false);

export type Sender = (ctx: AppContext, m: Outgoing) => Promise<SendResult>;

export function toOutgoing(row: OutboxRow): Outgoing {
  return {
    id: row.id,
    caseId: row.case_id,
    channel: row.channel,
    recipient: JSON.parse(row.recipient) as Recipient,
    purpose: row.purpose,
    text: row.text,
    payload: row.payload ? (JSON.parse(row.payload) as Record<string, unknown>) : null,
    dedupeKey: row.dedupe_key,
  };
}

/** The part of a conversation key after its channel prefix (`tg:123` → `123`), or null. */
export function conversationId(recipient: Recipient, prefix: string): string | null {
  const c = recipient.conversation;
  return c?.startsWith(`${prefix}:`) ? c.slice(prefix.length + 1) : null;
}
