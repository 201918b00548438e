import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../../http/errors.js';
import { AppError } from '../../shared/errors.js';
import { parseForm } from './form.js';
import { sendOpen311 } from './format.js';
import type { Format, Open311ErrorItem } from './types.js';

/** The format a request asked for: its `.json`/`.xml` suffix; XML (the spec's mandatory format) otherwise. */
export function formatOf(request: FastifyRequest): Format {
  const params = request.params as { format?: unknown } | undefined;
  if (params?.format === 'json' || params?.format === 'xml') return params.format;
  const path = request.url.split('?')[0] ?? '';
  return path.toLowerCase().endsWith('.json') ? 'json' : 'xml';
}

/** Raw form bodies by request, for the quarantine of refused POSTs. */
const rawBodies = new WeakMap<FastifyRequest, string>();
export const rawFormBody = (request: FastifyRequest): string => rawBodies.get(request) ?? '';

/** An error in the spec's shape; `items` become the list in the body (several at once are allowed). */
export function open311Error(
  status: 400 | 403 | 404,
  code: string,
  descriptions: readonly string[],
): AppError {
  return new AppError(status, code, descriptions.join('; '), { errors: descriptions });
}

/**
 * The spec's statuses: 404 for a missing resource, 403 for a missing or wrong api_key, 400 for any other
 * client error. Server faults stay 500 (a client should not be told its request was wrong). The stable
 * code of the house style goes out in the `x-error-code` header; the body's `code` is the HTTP status,
 * as in the spec's examples.
 */
function toOpen311(err: FastifyError | AppError | Error): {
  status: number;
  code: string;
  items: Open311ErrorItem[];
} {
  const { status: original, body } = toErrorResponse(err);
  const status =
    original === 403 || original === 404 ? original : original === 401 ? 403 : original >= 500 ? 500 : 400;
  const details = err instanceof AppError ? err.details?.errors : undefined;
  const descriptions = Array.isArray(details)
    ? details.map(String)
    : [describe(body.error.code, body.error.message)];
  return {
    status,
    code: body.error.code,
    items: descriptions.map((description) => ({ code: status, description })),
  };
}

function describe(code: string, message: string): string {
  switch (code) {
    case 'unsupported_media_type':
      return 'the body must be application/x-www-form-urlencoded; charset=utf-8';
    case 'payload_too_large':
      return 'the request body is too large';
    case 'validation_failed':
      return message.replace(
        /^params\/format must be equal to one of the allowed values$/,
        'the format must be .json or .xml',
      );
    case 'internal_error':
      return 'the Open311 service failed to process the request; please try again later';
    default:
      return message;
  }
}

/**
 * Makes a scope speak Open311: errors and unknown paths answer in the spec's shape and the requested
 * format, and form bodies are read from their raw bytes.
 */
export function installOpen311Http(scope: FastifyInstance): void {
  scope.setErrorHandler((err: FastifyError, request, reply) => {
    const { status, code, items } = toOpen311(err);
    if (status >= 500) {
      request.log.error(
        { err: { type: err.name, message: err.message, stack: err.stack } },
        'open311 request failed',
      );
    } else {
      request.log.info({ code, status }, 'open311 request rejected');
    }
    reply.header('x-error-code', code);
    return sendOpen311(reply, formatOf(request), { kind: 'errors', body: items }, status);
  });

  scope.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    reply.header('x-error-code', 'not_found');
    const description = `no Open311 resource ${request.method} ${path}; see /open311/v2/discovery.xml`;
    return sendOpen311(reply, formatOf(request), { kind: 'errors', body: [{ code: 404, description }] }, 404);
  });

  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (request, body, done) => {
      const raw = typeof body === 'string' ? body : body.toString('utf8');
      rawBodies.set(request, raw);
      done(null, parseForm(raw));
    },
  );
}
