import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { AppError } from '../shared/errors.js';
import { quarantine } from './service.js';

/**
 * Registers routes that receive provider payloads as raw bytes: signatures are checked on the exact
 * bytes, and anything we cannot accept is kept in quarantine before the 4xx goes out. Bodies up to
 * four times the normal limit are read so that an oversized one can still be quarantined (truncated
 * bodies beyond that are refused by the server itself).
 */
export async function rawBodyScope(
  app: FastifyInstance,
  register: (scope: FastifyInstance) => void | Promise<void>,
  bodyLimit: number,
): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: bodyLimit * 4 }, (_req, body, done) =>
      done(null, body),
    );
    await register(scope);
  });
}

export function rawBody(request: FastifyRequest): Buffer {
  const body = request.body;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.alloc(0);
}

/** Refuses (and quarantines) a body over the configured limit. */
export async function enforceLimit(
  ctx: AppContext,
  channel: string,
  request: FastifyRequest,
): Promise<Buffer> {
  const raw = rawBody(request);
  if (raw.length > ctx.config.bodyLimit) {
    await quarantine(
      ctx,
      channel,
      'payload_too_large',
      `body of ${raw.length} bytes`,
      raw,
      request.headers['content-type'],
    );
    throw new AppError(413, 'payload_too_large', `the body exceeds ${ctx.config.bodyLimit} bytes`);
  }
  return raw;
}

/** Parses JSON from raw bytes; malformed input is quarantined and answered with 400 malformed_json. */
export async function parseJsonOrQuarantine(
  ctx: AppContext,
  channel: string,
  raw: Buffer,
  contentType: string | undefined,
): Promise<unknown> {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    await quarantine(ctx, channel, 'malformed_json', (err as Error).message.slice(0, 200), raw, contentType);
    throw new AppError(400, 'malformed_json', 'the body is not valid JSON');
  }
}

/** Quarantines a well-formed payload whose shape is wrong and answers 400 invalid_payload. */
export async function rejectPayload(
  ctx: AppContext,
  channel: string,
  raw: Buffer,
  contentType: string | undefined,
  reason: string,
): Promise<never> {
  await quarantine(ctx, channel, 'invalid_payload', reason.slice(0, 500), raw, contentType);
  throw new AppError(400, 'invalid_payload', reason);
}

/** Meta's X-Hub-Signature-256 check (`sha256=` + hex HMAC-SHA256 of the raw body), constant time. */
export function validHubSignature(raw: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
