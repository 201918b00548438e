import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../app/context.js';
import { audit } from '../../audit/audit.js';
import type { FeedSourcesTable } from '../../db/schema.js';
import { conflict, notFound } from '../../shared/errors.js';
import { deleteSource, insertSource, listSources } from './repository.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const feedSchema = {
  $id: 'FeedSource',
  type: 'object',
  properties: {
    id: { type: 'integer' },
    url: { type: 'string' },
    name: { type: 'string' },
    intervalSeconds: { type: 'integer' },
    enabled: { type: 'boolean' },
    lastPolledAt: { type: 'string', format: 'date-time', nullable: true },
    lastStatus: {
      type: 'integer',
      nullable: true,
      description: 'HTTP status of the last poll (304: not modified)',
    },
    lastError: { type: 'string', nullable: true },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

function feedDto(r: Selectable<FeedSourcesTable>) {
  return {
    id: r.id,
    url: r.url,
    name: r.name,
    intervalSeconds: r.interval_seconds,
    enabled: r.enabled === 1,
    lastPolledAt: iso(r.last_polled_at),
    lastStatus: r.last_status,
    lastError: r.last_error,
    createdAt: iso(r.created_at),
  };
}

interface NewFeed {
  url: string;
  name: string;
  intervalSeconds: number;
  enabled: boolean;
}

/** News sources (RSS 2.0 / Atom) polled by the feed poller. */
export function feedRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.addSchema(feedSchema);

  app.get(
    '/api/feeds',
    {
      config: { access: 'settings:read' },
      schema: {
        tags: ['intake'],
        summary: 'News feed sources with the outcome of their last poll',
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: { $ref: 'FeedSource#' } } } },
        },
      },
    },
    async () => ({ items: (await listSources(ctx.db)).map(feedDto) }),
  );

  app.post<{ Body: NewFeed }>(
    '/api/feeds',
    {
      config: { access: 'settings:write' },
      schema: {
        tags: ['intake'],
        summary: 'Add an RSS 2.0 or Atom feed to poll',
        body: {
          type: 'object',
          required: ['url', 'name'],
          additionalProperties: false,
          properties: {
            url: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            intervalSeconds: { type: 'integer', minimum: 60, maximum: 86_400, default: 900 },
            enabled: { type: 'boolean', default: true },
          },
        },
        response: { 201: { $ref: 'FeedSource#' }, 400: { $ref: 'Error#' }, 409: { $ref: 'Error#' } },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const row = await insertSource(ctx.db, { ...b, now: ctx.now() });
      if (!row) throw conflict('feed_exists', 'a source with this URL exists');
      await audit(ctx.db, ctx.now(), {
        actor: request.principal.actor,
        action: 'feed.create',
        entity: 'feed_source',
        entityId: row.id,
        ip: request.ip,
        data: { url: row.url },
      });
      return reply.code(201).send(feedDto(row));
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/feeds/:id',
    {
      config: { access: 'settings:write' },
      schema: {
        tags: ['intake'],
        summary: 'Stop polling a feed and forget it (its stored items stay)',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
        response: { 204: { type: 'null', description: 'deleted' }, 404: { $ref: 'Error#' } },
      },
    },
    async (request, reply) => {
      if (!(await deleteSource(ctx.db, request.params.id))) throw notFound('feed source');
      await audit(ctx.db, ctx.now(), {
        actor: request.principal.actor,
        action: 'feed.delete',
        entity: 'feed_source',
        entityId: request.params.id,
        ip: request.ip,
      });
      return reply.code(204).send();
    },
  );
}
