import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { rejectPayload } from '../../webhook.js';
import { hubRoutes } from '../hub.js';
import { ackResponse, epochMs, storeAll } from '../kit.js';
import { parseWhatsApp } from './parse.js';
import { applyDeliveryStatus } from './repository.js';
import { errorText, isReported } from './status.js';

const ackWithStatuses = {
  ...ackResponse,
  properties: {
    ...ackResponse.properties,
    statuses: { type: 'integer', description: 'status callbacks that changed one of our outbound messages' },
  },
} as const;

/** `GET/POST /webhooks/whatsapp`: WhatsApp Cloud API messages and delivery statuses. */
export function whatsappRoutes(scope: FastifyInstance, ctx: AppContext): void {
  hubRoutes(scope, ctx, {
    path: '/webhooks/whatsapp',
    source: 'whatsapp',
    product: 'WhatsApp Cloud API',
    verifyToken: ctx.config.whatsapp.verifyToken,
    appSecret: ctx.config.whatsapp.appSecret,
    ackSchema: ackWithStatuses,
    description:
      'X-Hub-Signature-256 (HMAC-SHA256 of the raw body with TYNDAU_WHATSAPP_APP_SECRET) is checked before ' +
      'anything is read: 401 invalid_signature, nothing stored. Text, image, location and interactive replies ' +
      'become signals; reactions and unsupported messages are recorded as ignored; status callbacks ' +
      '(sent/delivered/read/failed) update our outbound messages. Errors: 400 malformed_json / invalid_payload, ' +
      '413 payload_too_large (raw bytes quarantined).',
    async accept(json, raw, contentType) {
      const parsed = parseWhatsApp(json);
      if (!parsed.ok) return rejectPayload(ctx, 'whatsapp', raw, contentType, parsed.reason);
      // Delivery statuses are applied in the same transaction as the messages: all of it, or none.
      let statuses = 0;
      // Only a delivery with statuses to apply has work of its own (and is never journaled).
      const reported = parsed.statuses.some((s) => isReported(s.status));
      const ack = await storeAll(
        ctx,
        parsed.signals,
        reported
          ? async (tx) => {
              statuses = 0; // runs again if a shared commit is retried alone
              for (const s of parsed.statuses) {
                if (!isReported(s.status)) continue;
                const at = epochMs(s.timestamp) ?? ctx.now();
                if ((await applyDeliveryStatus(tx, s.id, s.status, at, errorText(s))) === 'updated')
                  statuses++;
              }
            }
          : undefined,
      );
      return { ...ack, statuses };
    },
  });
}
