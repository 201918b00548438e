import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { secretsEqual } from '../../../auth/access.js';
import { AppError } from '../../../shared/errors.js';
import { enforceLimit, parseJsonOrQuarantine, rejectPayload } from '../../webhook.js';
import { ackResponse, storeAll, webhookErrors } from '../kit.js';
import { parseTelegramUpdate } from './parse.js';

export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** `POST /webhooks/telegram`: the Bot API webhook (register it with `tyndau telegram:set-webhook`). */
export function telegramRoutes(scope: FastifyInstance, ctx: AppContext): void {
  scope.post(
    '/webhooks/telegram',
    {
      config: { access: 'public' },
      schema: {
        tags: ['channels'],
        summary: 'Telegram Bot API webhook',
        description:
          'One Update per request. The X-Telegram-Bot-Api-Secret-Token header must equal TYNDAU_TELEGRAM_SECRET ' +
          '(401 invalid_secret otherwise, nothing stored). Messages and edited messages become signals; other ' +
          'update types are acknowledged and recorded as ignored. Errors: 400 malformed_json / invalid_payload, ' +
          '413 payload_too_large (raw bytes quarantined).',
        headers: {
          type: 'object',
          properties: { [TELEGRAM_SECRET_HEADER]: { type: 'string' } },
        },
        response: { 200: ackResponse, ...webhookErrors },
      },
    },
    async (request) => {
      const secret = ctx.config.telegram.secret;
      const given = request.headers[TELEGRAM_SECRET_HEADER];
      if (!secret || typeof given !== 'string' || !secretsEqual(given, secret)) {
        throw new AppError(401, 'invalid_secret', 'the Telegram secret token is missing or wrong');
      }
      const contentType = request.headers['content-type'];
      const raw = await enforceLimit(ctx, 'telegram', request);
      const json = await parseJsonOrQuarantine(ctx, 'telegram', raw, contentType);
      const parsed = parseTelegramUpdate(json);
      if (!parsed.ok) return rejectPayload(ctx, 'telegram', raw, contentType, parsed.reason);
      return storeAll(ctx, parsed.signals);
    },
  );
}
