import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { verifyAuditLog } from './audit.js';
import { listEntries } from './repository.js';

export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{
    Querystring: { entity?: string; entityId?: string; actor?: string; limit: number; before?: number };
  }>(
    '/api/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'The append-only audit log, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            entity: { type: 'string', maxLength: 64 },
            entityId: { type: 'string', maxLength: 64 },
            actor: { type: 'string', maxLength: 64 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            before: { type: 'integer', minimum: 1, description: 'entries with a smaller id (paging)' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'integer' },
                    at: { type: 'string', format: 'date-time' },
                    actor: { type: 'string' },
                    action: { type: 'string' },
                    entity: { type: 'string' },
                    entityId: { type: 'string', nullable: true },
                    ip: { type: 'string', nullable: true },
                    data: { type: 'object', nullable: true, additionalProperties: true },
                    hash: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await listEntries(ctx.db, {
        entity: q.entity,
        entityId: q.entityId,
        actor: q.actor,
        limit: q.limit,
        beforeId: q.before,
      });
      return {
        items: rows.map((r) => ({
          id: r.id,
          at: new Date(r.at).toISOString(),
          actor: r.actor,
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          ip: r.ip,
          data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
          hash: r.hash,
        })),
      };
    },
  );

  app.get(
    '/api/audit/verify',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Checks the hash chain of the whole audit log',
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              entries: { type: 'integer' },
              brokenAt: { type: 'integer', nullable: true },
              reason: { type: 'string', nullable: true },
            },
          },
        },
      },
    },
    async () => verifyAuditLog(ctx.db),
  );
}
