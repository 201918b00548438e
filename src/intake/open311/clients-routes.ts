import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { clientList, issueClientKey, revokeClientKey } from './keys.js';

const clientDoc = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: 'string', format: 'date-time', nullable: true },
    requests: { type: 'integer', description: 'service requests this client has created' },
  },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

/** Admin API for Open311 client applications and their API keys (the usual `{"error"}` shape). */
export function clientRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: { name: string } }>(
    '/api/open311/clients',
    {
      config: { access: 'settings:write' },
      schema: {
        tags: ['open311'],
        summary: 'Register an Open311 client application and issue its API key (shown once)',
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: {
          201: {
            type: 'object',
            required: ['id', 'name', 'apiKey'],
            properties: {
              id: { type: 'integer' },
              name: { type: 'string' },
              apiKey: { type: 'string', description: 'shown only in this response; only its hash is kept' },
            },
          },
          400: { $ref: 'Error#' },
        },
      },
    },
    async (request, reply) => {
      const issued = await issueClientKey(ctx.db, request.body.name, ctx.now());
      ctx.log.info({ clientId: issued.id, actor: request.principal.actor }, 'open311 client key issued');
      return reply.status(201).send(issued);
    },
  );

  app.get(
    '/api/open311/clients',
    {
      config: { access: 'settings:read' },
      schema: {
        tags: ['open311'],
        summary: 'Open311 client applications (never their keys)',
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: clientDoc } },
          },
        },
      },
    },
    async () => ({ items: await clientList(ctx.db) }),
  );

  app.delete<{ Params: { id: number } }>(
    '/api/open311/clients/:id',
    {
      config: { access: 'settings:write' },
      schema: {
        tags: ['open311'],
        summary: 'Revoke a client application key (its requests stay)',
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: { id: { type: 'integer' }, revokedAt: { type: 'string', format: 'date-time' } },
          },
          404: { $ref: 'Error#' },
        },
      },
    },
    async (request) => {
      const { revokedAt } = await revokeClientKey(ctx.db, request.params.id, ctx.now());
      ctx.log.info(
        { clientId: request.params.id, actor: request.principal.actor },
        'open311 client key revoked',
      );
      return { id: request.params.id, revokedAt: new Date(revokedAt).toISOString() };
    },
  );
}
