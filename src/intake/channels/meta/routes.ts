import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { rejectPayload } from '../../webhook.js';
import { hubRoutes } from '../hub.js';
import { storeAll } from '../kit.js';
import { parseMeta } from './parse.js';

/** `GET/POST /webhooks/meta`: Instagram (Direct, comments) and Facebook Page (Messenger, feed). */
export function metaRoutes(scope: FastifyInstance, ctx: AppContext): void {
  hubRoutes(scope, ctx, {
    path: '/webhooks/meta',
    source: 'meta',
    product: 'Instagram and Facebook Page',
    verifyToken: ctx.config.meta.verifyToken,
    appSecret: ctx.config.meta.appSecret,
    description:
      'X-Hub-Signature-256 (HMAC-SHA256 of the raw body with TYNDAU_META_APP_SECRET) is checked before ' +
      'anything is read: 401 invalid_signature, nothing stored. Instagram Direct and Messenger messages become ' +
      'signals; Instagram comments and Page feed posts/comments become mentions; reactions, removals, echoes ' +
      'and other fields are recorded as ignored. Errors: 400 malformed_json / invalid_payload, 413 ' +
      'payload_too_large (raw bytes quarantined under channel "meta").',
    async accept(json, raw, contentType) {
      const parsed = parseMeta(json);
      if (!parsed.ok) return rejectPayload(ctx, 'meta', raw, contentType, parsed.reason);
      return storeAll(ctx, parsed.signals);
    },
  });
}
