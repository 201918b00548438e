import type { Channel } from '../shared/taxonomy.js';

export interface Attachment {
  readonly kind: 'image' | 'video' | 'audio' | 'document' | 'location' | 'contact' | 'other';
  /** Provider media id (Telegram file_id, WhatsApp media id) or a URL. */
  readonly mediaId?: string;
  readonly url?: string;
  readonly mimeType?: string;
  readonly caption?: string;
}

export interface Reach {
  readonly followers?: number;
  readonly likes?: number;
  readonly comments?: number;
  readonly shares?: number;
  readonly views?: number;
}

/** Who wrote: the channel's own user id plus whatever contact details came with the message. */
export interface InboundAuthor {
  readonly externalUserId: string;
  readonly displayName?: string | null;
  readonly username?: string | null;
  readonly phone?: string | null;
  readonly email?: string | null;
}

/** Labels a person gave (an operator registering a call); they win over the machine's. */
export interface GivenLabels {
  readonly kind?: string;
  readonly topic?: string;
  readonly district?: string;
  readonly urgency?: string;
}

/** What every connector produces: one normalised inbound item. */
export interface InboundSignal {
  readonly channel: Channel;
  /** Unique per channel: retried deliveries carry the same id and are stored once. */
  readonly externalId: string;
  /** When we received it; defaults to now. Set only by imports of history (the old system's registration time). */
  readonly receivedAt?: number;
  readonly sentAt?: number | null;
  readonly author?: InboundAuthor | null;
  /** Conversation key (chat id, post id) used to join messages into threads. */
  readonly conversation?: string | null;
  /**
   * The conversation is the author: channels whose only address is a phone or an e-mail (call centre,
   * web form, letters) thread by the author's keyed pseudonym, so no contact detail is copied into
   * conversation keys. Replies still reach the person through their contact record.
   */
  readonly conversationByAuthor?: boolean;
  readonly replyTo?: string | null;
  readonly text: string;
  readonly attachments?: readonly Attachment[];
  readonly geo?: { readonly lat: number; readonly lon: number } | null;
  readonly address?: string | null;
  readonly reach?: Reach | null;
  /** The provider's payload as received (JSON value or raw text). */
  readonly raw: unknown;
  /** received: an appeal to triage; mention: social/news item; ignored: acknowledged, not an appeal. */
  readonly status?: 'received' | 'mention' | 'ignored';
  readonly given?: GivenLabels | null;
  readonly isDemo?: boolean;
  /** Imported history: stored and counted, never triaged into a new case. */
  readonly historical?: boolean;
}

export interface IngestResult {
  readonly signalId: number;
  readonly duplicate: boolean;
  readonly threadId: number | null;
}
