import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { notFound } from '../shared/errors.js';
import { demoAccounts } from './accounts.js';

const accountSchema = {
  type: 'object',
  required: ['login', 'password', 'roles', 'displayName', 'organisation'],
  properties: {
    login: { type: 'string' },
    password: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    displayName: { type: 'string' },
    organisation: {
      type: 'object',
      nullable: true,
      required: ['code', 'name'],
      properties: { code: { type: 'string' }, name: { type: 'string' } },
    },
  },
} as const;

/** `GET /api/demo/accounts`: the demo sign-ins for the sign-in page; 404 unless the server runs in demo mode. */
export function demoRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/demo/accounts',
    {
      config: { access: 'public' },
      schema: {
        tags: ['demo'],
        summary: 'Demo sign-ins (demo mode only)',
        description:
          "The demo region's accounts, one per role, with their public demo passwords, so that the sign-in " +
          'page can offer them. Exists only while the server runs in demo mode (`tyndau start` with ' +
          'TYNDAU_DEMO=1); otherwise 404 not_found. `tyndau serve` never has demo accounts.',
        response: {
          200: {
            type: 'object',
            required: ['accounts'],
            properties: { accounts: { type: 'array', items: accountSchema } },
          },
          404: { $ref: 'Error#' },
        },
      },
    },
    async () => {
      if (!ctx.config.demo) throw notFound('demo mode');
      return { accounts: await demoAccounts(ctx) };
    },
  );
}
