import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { audit } from '../audit/audit.js';
import { badRequest } from '../shared/errors.js';
import { CHANNELS } from '../shared/taxonomy.js';
import { listQuarantine, listSignals } from './repository.js';
import { signalDto, signalSchema } from './serialize.js';

interface ListQuery {
  channel?: string;
  since?: string;
  until?: string;
  q?: string;
  status?: string;
  limit: number;
  offset: number;
}

function parseTime(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw badRequest('invalid_date', `${name} must be an ISO 8601 date or date-time`);
  return ms;
}

export function intakeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.addSchema(signalSchema);

  app.get<{ Querystring: ListQuery }>(
    '/api/signals',
    {
      config: { access: 'signals:read' },
      schema: {
        tags: ['intake'],
        summary: 'Every inbound item from every channel, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            channel: { type: 'string', enum: [...CHANNELS] },
            since: { type: 'string', description: 'ISO 8601; received at or after' },
            until: { type: 'string', description: 'ISO 8601; received before' },
            q: { type: 'string', maxLength: 200, description: 'text contains (case-insensitive)' },
            status: { type: 'string', enum: ['received', 'mention', 'ignored'] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'total'],
            properties: { items: { type: 'array', items: { $ref: 'Signal#' } }, total: { type: 'integer' } },
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      const { items, total } = await listSignals(ctx.db, {
        channel: q.channel,
        status: q.status,
        since: parseTime('since', q.since),
        until: parseTime('until', q.until),
        q: q.q,
        limit: q.limit,
        offset: q.offset,
      });
      if (items.length && request.principal.permissions.has('signals:pii')) {
        await audit(ctx.db, ctx.now(), {
          actor: request.principal.actor,
          action: 'read_pii',
          entity: 'signal',
          ip: request.ip,
          data: { count: items.length, ids: items.slice(0, 100).map((r) => r.id) },
        });
      }
      return { items: items.map((r) => signalDto(r, request.principal)), total };
    },
  );

  app.get<{ Querystring: { limit: number; offset: number } }>(
    '/api/quarantine',
    {
      config: { access: 'quarantine:read' },
      schema: {
        tags: ['intake'],
        summary: 'Payloads that were refused (malformed, wrong types, too large), with their raw bytes',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'integer' },
                    channel: { type: 'string' },
                    receivedAt: { type: 'string', format: 'date-time' },
                    code: { type: 'string' },
                    reason: { type: 'string' },
                    contentType: { type: 'string', nullable: true },
                    size: { type: 'integer' },
                    rawBase64: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const { items, total } = await listQuarantine(ctx.db, request.query.limit, request.query.offset);
      return {
        total,
        items: items.map((r) => ({
          id: r.id,
          channel: r.channel,
          receivedAt: new Date(r.received_at).toISOString(),
          code: r.reason_code,
          reason: r.reason,
          contentType: r.content_type,
          size: r.raw.length,
          rawBase64: Buffer.from(r.raw).toString('base64'),
        })),
      };
    },
  );
}
