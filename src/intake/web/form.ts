import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { badRequest } from '../../shared/errors.js';
import { ingest } from '../service.js';
import type { InboundAuthor, InboundSignal } from '../types.js';
import { e164OrRefuse } from './phone.js';
import { receivedAtOf } from './repository.js';

/** The citizen web form's body (validated at the edge by the route's JSON schema). */
export interface AppealForm {
  readonly text: string;
  readonly name?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly address?: string;
  readonly district?: string;
  readonly lat?: number;
  readonly lon?: number;
  readonly consent: boolean;
  readonly lang?: 'kk' | 'ru' | 'en';
  /** Honeypot: hidden from people by the page, filled in by form-filling bots. */
  readonly website?: string;
}

export const TEXT_MIN = 5;
export const TEXT_MAX = 4000;

/** True when the hidden field was filled in: a bot. */
export function isHoneypot(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || !('website' in body)) return false;
  const value = (body as { website: unknown }).website;
  return value !== undefined && value !== null && value !== '';
}

const clean = (v: string | undefined) => {
  const t = v?.trim();
  return t ? t : null;
};

/** Makes the signal of one submission; contact details go only to the author, never into `raw`. */
export function appealSignal(form: AppealForm, externalId: string): InboundSignal {
  const text = form.text.trim();
  if (text.length < TEXT_MIN)
    throw badRequest('validation_failed', `text must have at least ${TEXT_MIN} characters`);
  if (form.consent !== true)
    throw badRequest('consent_required', 'consent to process personal data is required');
  const phone = e164OrRefuse(form.phone);
  const email = clean(form.email)?.toLowerCase() ?? null;
  const name = clean(form.name);
  const contactKey = phone ?? email;
  const author: InboundAuthor = {
    externalUserId: contactKey ?? `anon:${randomUUID()}`,
    displayName: name,
    phone,
    email,
  };
  const geo = form.lat !== undefined && form.lon !== undefined ? { lat: form.lat, lon: form.lon } : null;
  return {
    channel: 'web',
    externalId,
    text,
    author,
    // Two submissions of one person within the thread window join one thread.
    conversationByAuthor: contactKey !== null,
    address: clean(form.address),
    geo,
    given: form.district ? { district: form.district } : null,
    raw: {
      form: 'web',
      lang: form.lang ?? null,
      consent: true,
      district: form.district ?? null,
      geo,
      // Which contact fields came (not their values: those live only in the author contact record).
      contactFields: (['name', 'phone', 'email', 'address'] as const).filter((f) => clean(form[f])),
    },
  };
}

/**
 * Stores one submission. With an Idempotency-Key the external id is `web:<key>`, so a double submit
 * (a second click, a retried request) stores once and answers with the same id and time.
 */
export async function submitAppeal(
  ctx: AppContext,
  form: AppealForm,
  idempotencyKey: string | undefined,
): Promise<{ id: number; receivedAt: string; duplicate: boolean }> {
  const externalId = idempotencyKey ? `web:${idempotencyKey}` : randomUUID();
  const result = await ingest(ctx, appealSignal(form, externalId));
  const receivedAt = await receivedAtOf(ctx.db, result.signalId);
  return { id: result.signalId, receivedAt: new Date(receivedAt).toISOString(), duplicate: result.duplicate };
}
