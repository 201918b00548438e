import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { secretsEqual } from '../../auth/access.js';
import { AppError } from '../../shared/errors.js';
import { enforceLimit, parseJsonOrQuarantine, validHubSignature } from '../webhook.js';
import { ackResponse, textResponse, webhookErrors } from './kit.js';

/** Meta's webhook conventions, shared by WhatsApp Cloud API and the Instagram / Page webhooks. */
interface HubQuery {
  'hub.mode'?: string;
  'hub.verify_token'?: string;
  'hub.challenge'?: string;
}

export interface HubWebhook<Ack extends object> {
  readonly path: string;
  /** Name the quarantine and metrics use for this endpoint. */
  readonly source: string;
  readonly product: string;
  readonly verifyToken: string | undefined;
  readonly appSecret: string | undefined;
  readonly description: string;
  /** Parses, stores and commits the verified payload; resolves only after the commit. */
  accept(json: unknown, raw: Buffer, contentType: string | undefined): Promise<Ack>;
  readonly ackSchema?: object;
}

/** The subscription handshake: the raw hub.challenge when the verify token matches, else 403. */
export function hubChallenge(query: HubQuery, verifyToken: string | undefined): string {
  const given = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (
    query['hub.mode'] !== 'subscribe' ||
    !verifyToken ||
    given === undefined ||
    challenge === undefined ||
    !secretsEqual(given, verifyToken)
  ) {
    throw new AppError(403, 'verification_failed', 'hub.mode or hub.verify_token is wrong');
  }
  return challenge;
}

/** X-Hub-Signature-256 over the raw bytes, checked before anything is parsed or stored. */
export function requireHubSignature(request: FastifyRequest, appSecret: string | undefined): void {
  const header = request.headers['x-hub-signature-256'];
  const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  if (!appSecret || typeof header !== 'string' || !validHubSignature(raw, header, appSecret)) {
    throw new AppError(401, 'invalid_signature', 'X-Hub-Signature-256 is missing or does not match the body');
  }
}

/** Registers `GET <path>` (verification) and `POST <path>` (signed deliveries) in a raw-body scope. */
export function hubRoutes<Ack extends object>(
  scope: FastifyInstance,
  ctx: AppContext,
  hook: HubWebhook<Ack>,
): void {
  scope.get<{ Querystring: HubQuery }>(
    hook.path,
    {
      config: { access: 'public' },
      schema: {
        tags: ['channels'],
        summary: `${hook.product} webhook verification`,
        description:
          'Meta calls this once when the webhook is subscribed. Answers the raw hub.challenge as text/plain ' +
          'when hub.mode=subscribe and hub.verify_token matches; 403 verification_failed otherwise.',
        querystring: {
          type: 'object',
          properties: {
            'hub.mode': { type: 'string' },
            'hub.verify_token': { type: 'string' },
            'hub.challenge': { type: 'string', maxLength: 1024 },
          },
        },
        response: { 200: textResponse('the hub.challenge, verbatim'), 403: { $ref: 'Error#' } },
      },
    },
    async (request, reply) =>
      reply.type('text/plain; charset=utf-8').send(hubChallenge(request.query, hook.verifyToken)),
  );

  scope.post(
    hook.path,
    {
      config: { access: 'public' },
      schema: {
        tags: ['channels'],
        summary: `${hook.product} webhook`,
        description: hook.description,
        headers: { type: 'object', properties: { 'x-hub-signature-256': { type: 'string' } } },
        response: { 200: hook.ackSchema ?? ackResponse, ...webhookErrors },
      },
    },
    async (request) => {
      requireHubSignature(request, hook.appSecret);
      const contentType = request.headers['content-type'];
      const raw = await enforceLimit(ctx, hook.source, request);
      const json = await parseJsonOrQuarantine(ctx, hook.source, raw, contentType);
      return hook.accept(json, raw, contentType);
    },
  );
}
