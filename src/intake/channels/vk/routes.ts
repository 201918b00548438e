import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { secretsEqual } from '../../../auth/access.js';
import { AppError } from '../../../shared/errors.js';
import { enforceLimit, parseJsonOrQuarantine, rejectPayload } from '../../webhook.js';
import { describeIssues, isRecord, storeAll, textResponse, webhookErrors } from '../kit.js';
import { parseVkEvent } from './parse.js';
import { envelopeSchema } from './schema.js';

/** `POST /webhooks/vk`: the VK Callback API of the community. */
export function vkRoutes(scope: FastifyInstance, ctx: AppContext): void {
  scope.post(
    '/webhooks/vk',
    {
      config: { access: 'public' },
      schema: {
        tags: ['channels'],
        summary: 'VK Callback API',
        description:
          'type "confirmation" is answered with TYNDAU_VK_CONFIRMATION (403 verification_failed when unset). Every ' +
          'other event must carry secret = TYNDAU_VK_SECRET in the body (401 invalid_secret otherwise, nothing ' +
          'stored) and is answered "ok" after commit. message_new becomes a signal; wall_post_new and ' +
          'wall_reply_new become mentions; other types are recorded as ignored. Deduplicated on event_id. ' +
          'Errors: 400 malformed_json / invalid_payload, 413 payload_too_large (raw bytes quarantined).',
        response: {
          200: textResponse('"ok", or the confirmation string'),
          403: { $ref: 'Error#' },
          ...webhookErrors,
        },
      },
    },
    async (request, reply) => {
      const contentType = request.headers['content-type'];
      const raw = await enforceLimit(ctx, 'vk', request);
      const json = await parseJsonOrQuarantine(ctx, 'vk', raw, contentType);
      const { confirmation, secret } = ctx.config.vk;
      if (isRecord(json) && json.type === 'confirmation') {
        if (!confirmation)
          throw new AppError(403, 'verification_failed', 'TYNDAU_VK_CONFIRMATION is not configured');
        return reply.type('text/plain; charset=utf-8').send(confirmation);
      }
      // The secret travels inside the body, so it is checked right after parsing and before anything else.
      const given = isRecord(json) ? json.secret : undefined;
      if (!secret || typeof given !== 'string' || !secretsEqual(given, secret)) {
        throw new AppError(401, 'invalid_secret', 'the VK secret is missing or wrong');
      }
      const envelope = envelopeSchema.safeParse(json);
      if (!envelope.success) {
        return rejectPayload(
          ctx,
          'vk',
          raw,
          contentType,
          `not a VK event: ${describeIssues(envelope.error)}`,
        );
      }
      // The stored payload keeps everything but our own secret.
      const { secret: _secret, ...event } = envelope.data;
      const parsed = parseVkEvent(envelope.data, event);
      if (!parsed.ok) return rejectPayload(ctx, 'vk', raw, contentType, parsed.reason);
      await storeAll(ctx, parsed.signals);
      return reply.type('text/plain; charset=utf-8').send('ok');
    },
  );
}
