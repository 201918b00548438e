import type { AppContext } from '../../app/context.js';
import { httpFailure, isRecord, postJson } from '../http.js';
import { authorContact } from '../repository.js';
import { notConfigured, type Outgoing, SendError, type SendResult } from '../types.js';

/**
 * Cases registered by the call centre, the web form or e-mail are answered by SMS or e-mail through a
 * configurable HTTP gateway that takes JSON `{to, text}`. The address comes from the author's protected
 * contact record and goes nowhere else (not into the outbox row, not into logs or errors). An e-mail
 * case prefers e-mail; the others prefer SMS, then e-mail.
 */
export async function sendGateway(ctx: AppContext, m: Outgoing): Promise<SendResult> {
  const { sms, email } = ctx.config.gateways;
  if (!sms && !email) throw notConfigured();
  const contact =
    m.recipient.authorId === null ? undefined : await authorContact(ctx.db, m.recipient.authorId);
  const bySms = sms && contact?.phone ? { url: sms, to: contact.phone } : null;
  const byEmail = email && contact?.email ? { url: email, to: contact.email } : null;
  const route = m.channel === 'email' ? (byEmail ?? bySms) : (bySms ?? byEmail);
  if (!route) {
    throw new SendError(
      contact?.phone || contact?.email ? 'channel_not_configured' : 'no_contact',
      '',
      false,
    );
  }
  const answer = await postJson(
    route.url,
    { to: route.to, text: m.text },
    { 'idempotency-key': `tyndau-outbox-${m.id}` },
  );
  if (answer.status >= 300) throw httpFailure(answer, 'gateway refused the message');
  const body = isRecord(answer.json) ? answer.json : {};
  const id = body.id ?? body.messageId;
  return { providerMessageId: typeof id === 'string' || typeof id === 'number' ? String(id) : null };
}
