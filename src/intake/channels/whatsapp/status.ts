import type { WaStatus } from './schema.js';

/** What an outbox row knows about its delivery. */
export interface DeliveryState {
  readonly status: string;
  readonly sent_at: number | null;
  readonly delivered_at: number | null;
  readonly read_at: number | null;
  readonly failed_at: number | null;
  readonly last_error: string | null;
}

export type DeliveryPatch = Partial<DeliveryState>;

const STAMP = { sent: 'sent_at', delivered: 'delivered_at', read: 'read_at', failed: 'failed_at' } as const;
type Reported = keyof typeof STAMP;

/**
 * How far a message has got. Callbacks arrive out of order ("delivered" after "read", or never), so a
 * status only ever moves forward. "failed" outranks "sent" but not "delivered" or "read": a message
 * that reached the person was not lost, whatever a late failure callback says (its time is
 * still recorded).
 */
const RANK: Readonly<Record<string, number>> = {
  pending: 0,
  sending: 0,
  sent: 1,
  failed: 1.5,
  delivered: 2,
  read: 3,
};

export function isReported(status: string): status is Reported {
  return Object.hasOwn(STAMP, status);
}

export function errorText(status: WaStatus): string | null {
  const e = status.errors?.[0];
  if (!e) return null;
  const detail = e.error_data?.details ?? e.message ?? '';
  return [e.code, e.title]
    .filter((x) => x !== undefined)
    .join(' ')
    .concat(detail ? `: ${detail}` : '')
    .slice(0, 500);
}

/**
 * The change one status callback makes to an outbox row: the time of that step is recorded once, and
 * the status moves only forward. Null when nothing changes (a repeat, or a late step already passed).
 */
export function nextDelivery(
  current: DeliveryState,
  reported: Reported,
  at: number,
  error: string | null,
): DeliveryPatch | null {
  const patch: { -readonly [K in keyof DeliveryState]?: DeliveryState[K] } = {};
  const stamp = STAMP[reported];
  if (current[stamp] === null) patch[stamp] = at;
  if ((RANK[reported] ?? 0) > (RANK[current.status] ?? 0)) patch.status = reported;
  if (reported === 'failed' && error && patch.status === 'failed') patch.last_error = error;
  return Object.keys(patch).length ? patch : null;
}
