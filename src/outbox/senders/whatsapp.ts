import type { AppContext } from '../../app/context.js';
import { isRecord, postJson } from '../http.js';
import { caseInfo, lastInboundAt } from '../repository.js';
import { conversationId, notConfigured, type Outgoing, SendError, type SendResult } from '../types.js';
import { graphAuth, graphFailure } from './meta-errors.js';

/** Free-form messages are allowed only within 24 hours of the person's last message to us. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 3600_000;

/** Template parameters may not hold newlines, tabs or more than four spaces in a row. */
const param = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 1000);

/**
 * WhatsApp Cloud API: a text message inside the customer-service window; outside it, the approved
 * template (TYNDAU_WHATSAPP_TEMPLATE) with the case number and the message as body parameters, in
 * Kazakh or Russian. The returned `wamid` is kept so status callbacks find the row.
 */
export async function sendWhatsApp(ctx: AppContext, m: Outgoing): Promise<SendResult> {
  const { token, phoneNumberId, template } = ctx.config.whatsapp;
  if (!token || !phoneNumberId) throw notConfigured();
  const waId = conversationId(m.recipient, 'wa');
  if (!waId) throw new SendError('no_recipient', 'no WhatsApp id', false);
  const now = ctx.now();
  const since = now - CUSTOMER_SERVICE_WINDOW_MS;
  const last = await lastInboundAt(ctx.db, 'whatsapp', `wa:${waId}`, since);
  let message: Record<string, unknown>;
  if (last !== null) {
    message = { type: 'text', text: { body: m.text.slice(0, 4096) } };
  } else {
    const c = m.caseId === null ? undefined : await caseInfo(ctx.db, m.caseId);
    if (!c) throw new SendError('outside_window', 'no case number for a template message', false);
    message = {
      type: 'template',
      template: {
        name: template,
        language: { code: c.lang === 'kk' ? 'kk' : 'ru' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: c.number },
              { type: 'text', text: param(m.text) },
            ],
          },
        ],
      },
    };
  }
  const answer = await postJson(
    `${ctx.config.meta.graphApiBase}/${phoneNumberId}/messages`,
    { messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, ...message },
    graphAuth(token),
  );
  const body = isRecord(answer.json) ? answer.json : {};
  const first = Array.isArray(body.messages) ? (body.messages[0] as unknown) : undefined;
  if (answer.status < 300 && isRecord(first) && typeof first.id === 'string') {
    return { providerMessageId: first.id };
  }
  throw graphFailure('whatsapp', answer);
}
