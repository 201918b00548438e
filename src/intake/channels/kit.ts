import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import type { InboundSignal, Reach } from '../types.js';
import { type AlsoInTransaction, commitDelivery } from './group-commit.js';

/** What a connector makes of one delivery: the signals to store, or why the payload is refused. */
export type ParseOutcome<Extra = object> =
  | ({ readonly ok: true; readonly signals: readonly InboundSignal[] } & Extra)
  | { readonly ok: false; readonly reason: string };

export interface Acknowledgement {
  readonly ok: true;
  readonly stored: number;
  readonly duplicates: number;
  readonly ignored: number;
  /** Items journaled under load: committed, and stored as signals shortly after (journal.ts). */
  readonly queued?: number;
}

/**
 * Commits every signal of one delivery in one transaction, together with `alsoInTransaction` (delivery
 * statuses), and resolves only after the commit: the caller answers 2xx after this returns. If anything
 * fails, nothing of the delivery is committed, the provider gets no 2xx and redelivers; a redelivery of
 * what was committed comes back as duplicates. Concurrent deliveries share commits (group-commit.ts);
 * under load the commit may hold a journal row instead, stored as signals shortly after (journal.ts).
 */
export async function storeAll(
  ctx: AppContext,
  signals: readonly InboundSignal[],
  alsoInTransaction?: AlsoInTransaction,
): Promise<Acknowledgement> {
  const committed = await commitDelivery(ctx, signals, alsoInTransaction);
  if (committed.journaled) return { ok: true, stored: 0, duplicates: 0, ignored: 0, queued: signals.length };
  const results = committed.results;
  let stored = 0;
  let duplicates = 0;
  let ignored = 0;
  for (const [i, result] of results.entries()) {
    if (result.duplicate) duplicates++;
    else if (signals[i]?.status === 'ignored') ignored++;
    else stored++;
  }
  return { ok: true, stored, duplicates, ignored };
}

/** A short, value-free description of why a payload failed its schema (paths and expected types only). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * A stable id for an item that carries none of its own (ignored events, edits without a timestamp):
 * a redelivery of the same bytes gets the same id, so it is stored once.
 */
export function contentId(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 24);
}

/** Provider times: unix seconds (number or digit string), milliseconds, or ISO 8601 → epoch ms. */
export function epochMs(value: number | string | null | undefined): number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') return value > 1e12 ? value : value * 1000;
  if (/^\d+$/.test(value)) return epochMs(Number(value));
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

const REACH_KEYS: Readonly<Record<keyof Reach, readonly string[]>> = {
  followers: ['followers_count', 'followers'],
  likes: ['like_count', 'likes_count', 'reactions_count', 'likes'],
  comments: ['comment_count', 'comments_count', 'comments'],
  shares: ['share_count', 'shares_count', 'reposts', 'shares'],
  views: ['view_count', 'views_count', 'views'],
};

function count(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (value && typeof value === 'object' && 'count' in value) return count(value.count);
  return undefined;
}

/** Reach numbers a provider put on an item (`like_count: 5` or VK's `likes: {count: 5}`), if any. */
export function reachOf(item: Readonly<Record<string, unknown>>): Reach | null {
  const reach: Record<string, number> = {};
  for (const [field, keys] of Object.entries(REACH_KEYS)) {
    for (const key of keys) {
      const n = count(item[key]);
      if (n !== undefined) {
        reach[field] = n;
        break;
      }
    }
  }
  return Object.keys(reach).length ? reach : null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OpenAPI shapes shared by the webhook routes. */
export const ackResponse = {
  type: 'object',
  required: ['ok'],
  properties: {
    ok: { type: 'boolean' },
    stored: { type: 'integer', description: 'new signals committed' },
    duplicates: { type: 'integer', description: 'items already stored by an earlier delivery' },
    ignored: { type: 'integer', description: 'acknowledged items that are not appeals' },
    queued: {
      type: 'integer',
      description: 'items journaled under load: committed now, stored as signals within moments',
    },
  },
} as const;

export const textResponse = (description: string) => ({
  description,
  content: { 'text/plain': { schema: { type: 'string' } } },
});

/** Error answers of every webhook; the codes are listed in each route's description. */
export const webhookErrors = {
  400: { $ref: 'Error#' },
  401: { $ref: 'Error#' },
  413: { $ref: 'Error#' },
} as const;
