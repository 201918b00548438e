import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { audit } from '../../audit/audit.js';
import type { Principal } from '../../auth/access.js';
import { badRequest } from '../../shared/errors.js';
import type { Kind, Topic, Urgency } from '../../shared/taxonomy.js';
import { ingest } from '../service.js';
import type { InboundSignal } from '../types.js';
import { e164OrRefuse } from './phone.js';

/** Channels an operator may register by hand: calls, letters by e-mail, appeals forwarded from eOtinish. */
export const OPERATOR_CHANNELS = ['call_center', 'email', 'egov'] as const;
export type OperatorChannel = (typeof OPERATOR_CHANNELS)[number];

/** A district code: the codes themselves are the region's data, so only their shape is checked here. */
export const DISTRICT_PATTERN = '^[a-z][a-z0-9_]{1,39}$';

export interface OperatorEntry {
  readonly text: string;
  readonly name?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly address?: string;
  readonly channel: OperatorChannel;
  readonly kind?: Kind;
  readonly topic?: Topic;
  readonly district?: string;
  readonly urgency?: Urgency;
  readonly externalId?: string;
  /** When the call came in or the letter was written (ISO 8601); defaults to now. */
  readonly sentAt?: string;
  readonly lat?: number;
  readonly lon?: number;
}

const clean = (v: string | undefined) => {
  const t = v?.trim();
  return t ? t : null;
};

export function operatorSignal(entry: OperatorEntry, actor: string): InboundSignal {
  const text = entry.text.trim();
  if (!text) throw badRequest('validation_failed', 'text must not be empty');
  const sentAt = entry.sentAt === undefined ? null : Date.parse(entry.sentAt);
  if (sentAt !== null && Number.isNaN(sentAt)) throw badRequest('invalid_date', 'sentAt must be ISO 8601');
  const phone = e164OrRefuse(entry.phone);
  const email = clean(entry.email)?.toLowerCase() ?? null;
  const externalId = clean(entry.externalId) ?? randomUUID();
  const contactKey = phone ?? email;
  const given = {
    ...(entry.kind ? { kind: entry.kind } : {}),
    ...(entry.topic ? { topic: entry.topic } : {}),
    ...(entry.district ? { district: entry.district } : {}),
    ...(entry.urgency ? { urgency: entry.urgency } : {}),
  };
  return {
    channel: entry.channel,
    externalId,
    sentAt,
    text,
    author: {
      externalUserId: contactKey ?? `op:${externalId}`,
      displayName: clean(entry.name),
      phone,
      email,
    },
    conversationByAuthor: contactKey !== null,
    address: clean(entry.address),
    geo: entry.lat !== undefined && entry.lon !== undefined ? { lat: entry.lat, lon: entry.lon } : null,
    given: Object.keys(given).length ? given : null,
    raw: { registeredBy: actor, channel: entry.channel, given },
  };
}

/** Registers a call or letter taken by an operator; a repeated externalId stores nothing new. */
export async function registerEntry(
  ctx: AppContext,
  entry: OperatorEntry,
  principal: Principal,
  ip: string,
): Promise<{ id: number; duplicate: boolean }> {
  const signal = operatorSignal(entry, principal.actor);
  const result = await ingest(ctx, signal);
  if (!result.duplicate) {
    await audit(ctx.db, ctx.now(), {
      actor: principal.actor,
      action: 'signal.register',
      entity: 'signal',
      entityId: result.signalId,
      ip,
      data: { channel: signal.channel, labels: Object.keys(signal.given ?? {}) },
    });
  }
  return { id: result.signalId, duplicate: result.duplicate };
}
