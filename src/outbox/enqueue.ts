import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';

/** Where a reply goes: the conversation it came from (the sender resolves it per channel). */
export interface Recipient {
  readonly conversation: string | null;
  /** The provider id of the message we answer (comment id, Open311 request, …). */
  readonly replyTo: string | null;
  readonly authorId: number | null;
  readonly signalId: number | null;
}

export type Purpose =
  | 'acknowledgement'
  | 'answer'
  | 'status'
  | 'feedback_request'
  | 'extension_notice'
  | 'redirect_notice'
  | 'notice'
  | 'alert';

export interface OutboundMessage {
  readonly caseId: number | null;
  readonly channel: string;
  readonly recipient: Recipient;
  readonly purpose: Purpose;
  readonly text: string;
  readonly payload?: Record<string, unknown>;
  /** Same key twice stores one message: an answer is never queued (or sent) twice. */
  readonly dedupeKey: string;
}

/**
 * Channels answered through the SMS / e-mail gateway: the address is read from the author's protected
 * contact record at send time, so the conversation key (which holds the phone or e-mail) is not copied
 * into the outbox.
 */
const GATEWAY_CHANNELS = new Set(['web', 'call_center', 'email']);

/** Queues a message in the caller's transaction; delivery happens after commit, with retries. */
export async function enqueueMessage(
  tx: Transaction<Database> | Db,
  m: OutboundMessage,
  now: number,
): Promise<boolean> {
  const recipient = GATEWAY_CHANNELS.has(m.channel) ? { ...m.recipient, conversation: null } : m.recipient;
  const r = await tx
    .insertInto('outbox')
    .values({
      case_id: m.caseId,
      channel: m.channel,
      recipient: JSON.stringify(recipient),
      purpose: m.purpose,
      text: m.text,
      payload: m.payload ? JSON.stringify(m.payload) : null,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
      dedupe_key: m.dedupeKey,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}
