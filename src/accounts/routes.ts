import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { audit } from '../audit/audit.js';
import { PERMISSIONS, type Permission, ROLES, type Role } from '../auth/permissions.js';
import { forbidden, notFound, unauthorized } from '../shared/errors.js';
import { readCookie, SESSION_COOKIE, sessionCookie } from './principals.js';
import * as repo from './repository.js';
import * as svc from './service.js';

const userSchema = {
  $id: 'User',
  type: 'object',
  properties: {
    id: { type: 'integer' },
    login: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string', enum: [...ROLES] } },
    organisationIds: { type: 'array', items: { type: 'integer' } },
    disabled: { type: 'boolean' },
    locked: { type: 'boolean' },
    isDemo: { type: 'boolean' },
  },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

const tokenSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    userId: { type: 'integer' },
    name: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time', nullable: true },
    revokedAt: { type: 'string', format: 'date-time', nullable: true },
    lastUsedAt: { type: 'string', format: 'date-time', nullable: true },
  },
} as const;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const actorOf = (r: FastifyRequest) => r.principal.actor;

export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.addSchema(userSchema);
  const secure = ctx.config.publicUrl?.startsWith('https://') ?? false;

  app.post<{ Body: { login: string; password: string } }>(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: 20, windowSeconds: 300 } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the httpOnly session cookie and returns the CSRF token for unsafe requests',
        body: {
          type: 'object',
          required: ['login', 'password'],
          additionalProperties: false,
          properties: {
            login: { type: 'string', minLength: 1, maxLength: 100 },
            password: { type: 'string', maxLength: 200 },
          },
        },
        response: {
          200: { type: 'object', properties: { user: { $ref: 'User#' }, csrfToken: { type: 'string' } } },
          401: { $ref: 'Error#' },
        },
      },
    },
    async (request, reply) => {
      const result = await svc.login(ctx, request.body.login, request.body.password, request.ip);
      reply.header('set-cookie', sessionCookie(result.sessionId, secure, svc.SESSION_TTL_MS / 1000));
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Sign out (ends the session)', response: { 204: { type: 'null' } } },
    },
    async (request, reply) => {
      const id = readCookie(request, SESSION_COOKIE);
      if (id) await svc.logout(ctx, id);
      reply.header('set-cookie', sessionCookie('', secure, 0));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, with roles and permissions',
        response: {
          200: {
            type: 'object',
            properties: {
              user: { anyOf: [{ $ref: 'User#' }, { type: 'null' }] },
              actor: { type: 'string' },
              roles: { type: 'array', items: { type: 'string' } },
              permissions: { type: 'array', items: { type: 'string' } },
              csrfToken: { type: 'string', nullable: true },
            },
          },
        },
      },
    },
    async (request) => {
      const p = request.principal;
      const user = p.userId ? await repo.findUser(ctx.db, p.userId) : undefined;
      let csrfToken: string | null = null;
      const sid = readCookie(request, SESSION_COOKIE);
      if (p.kind === 'session' && sid)
        csrfToken = (await repo.findSession(ctx.db, svc.sha256(sid)))?.csrf_token ?? null;
      return {
        user: user ? await svc.publicUser(ctx, user) : null,
        actor: p.actor,
        roles: p.roles,
        permissions: [...p.permissions],
        csrfToken,
      };
    },
  );

  app.get(
    '/api/users',
    {
      config: { access: 'users:admin' },
      schema: {
        tags: ['users'],
        summary: 'List accounts',
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: { $ref: 'User#' } } } },
        },
      },
    },
    async () => ({
      items: await Promise.all((await repo.listUsers(ctx.db)).map((u) => svc.publicUser(ctx, u))),
    }),
  );

  app.post<{
    Body: {
      login: string;
      password: string;
      displayName?: string;
      roles: Role[];
      organisations?: Array<number | string>;
    };
  }>(
    '/api/users',
    {
      config: { access: 'users:admin' },
      schema: {
        tags: ['users'],
        summary: 'Create an account',
        body: {
          type: 'object',
          required: ['login', 'password', 'roles'],
          additionalProperties: false,
          properties: {
            login: { type: 'string', pattern: '^[A-Za-z0-9._@-]{3,64}$' },
            password: { type: 'string', minLength: 1, maxLength: 200 },
            displayName: { type: 'string', maxLength: 200 },
            roles: { type: 'array', minItems: 1, items: { type: 'string', enum: [...ROLES] } },
            organisations: {
              type: 'array',
              items: { anyOf: [{ type: 'integer' }, { type: 'string', maxLength: 64 }] },
              description: 'organisation ids or codes',
            },
          },
        },
        response: { 201: { $ref: 'User#' } },
      },
    },
    async (request, reply) => {
      const id = await svc.createUser(ctx, request.body, actorOf(request), request.ip);
      const user = await repo.findUser(ctx.db, id);
      if (!user) throw notFound('user');
      return reply.status(201).send(await svc.publicUser(ctx, user));
    },
  );

  for (const [path, disabled] of [
    ['/api/users/:id/disable', true],
    ['/api/users/:id/enable', false],
  ] as const) {
    app.post<{ Params: { id: number } }>(
      path,
      {
        config: { access: 'users:admin' },
        schema: {
          tags: ['users'],
          summary: disabled ? 'Disable an account (ends its sessions)' : 'Enable an account',
          params: idParams,
          response: { 204: { type: 'null' } },
        },
      },
      async (request, reply) => {
        await svc.setDisabled(ctx, request.params.id, disabled, actorOf(request), request.ip);
        return reply.status(204).send();
      },
    );
  }

  app.put<{ Params: { id: number }; Body: { organisations: Array<number | string> } }>(
    '/api/users/:id/organisations',
    {
      config: { access: 'users:admin' },
      schema: {
        tags: ['users'],
        summary: 'Move a user to other organisations (an executor keeps at least one); audited',
        params: idParams,
        body: {
          type: 'object',
          required: ['organisations'],
          additionalProperties: false,
          properties: {
            organisations: {
              type: 'array',
              maxItems: 50,
              items: { anyOf: [{ type: 'integer' }, { type: 'string', maxLength: 64 }] },
              description: 'organisation ids or codes',
            },
          },
        },
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await svc.setOrganisations(
        ctx,
        request.params.id,
        request.body.organisations,
        actorOf(request),
        request.ip,
      );
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: number }; Body: { password: string } }>(
    '/api/users/:id/password',
    {
      config: { access: 'users:admin' },
      schema: {
        tags: ['users'],
        summary: 'Reset a password (admin); unlocks the account and ends its sessions',
        params: idParams,
        body: {
          type: 'object',
          required: ['password'],
          additionalProperties: false,
          properties: { password: { type: 'string', maxLength: 200 } },
        },
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await svc.resetPassword(ctx, request.params.id, request.body.password, actorOf(request), request.ip);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'API tokens: your own, or every token for an admin',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: tokenSchema } } } },
      },
    },
    async (request) => {
      const p = request.principal;
      const all = p.permissions.has('users:admin');
      if (!all && p.userId === null) return { items: [] };
      const rows = await repo.listTokens(ctx.db, all ? null : p.userId);
      return {
        items: rows.map((t) => ({
          id: t.id,
          userId: t.user_id,
          name: t.name,
          scopes: JSON.parse(t.scopes) as string[],
          createdAt: iso(t.created_at),
          expiresAt: iso(t.expires_at),
          revokedAt: iso(t.revoked_at),
          lastUsedAt: iso(t.last_used_at),
        })),
      };
    },
  );

  app.post<{ Body: { name: string; scopes?: Permission[]; expiresInDays?: number; userId?: number } }>(
    '/api/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Issue an API token (shown once; stored hashed). Scopes narrow the holder’s permissions',
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            scopes: { type: 'array', items: { type: 'string', enum: [...PERMISSIONS] } },
            expiresInDays: { type: 'integer', minimum: 1, maximum: 3650 },
            userId: { type: 'integer', description: 'admins only: issue for another account' },
          },
        },
        response: {
          201: { type: 'object', properties: { id: { type: 'integer' }, token: { type: 'string' } } },
        },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const b = request.body;
      const target = b.userId ?? p.userId;
      if (target === null) throw unauthorized('the bootstrap token must name a userId');
      if (target !== p.userId && !p.permissions.has('users:admin'))
        throw forbidden('only admins issue tokens for others');
      const issued = await svc.issueToken(
        ctx,
        target,
        b.name,
        b.scopes ?? [],
        b.expiresInDays,
        p.actor,
        request.ip,
      );
      return reply.status(201).send(issued);
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/tokens/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: idParams,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const token = await repo.findToken(ctx.db, request.params.id);
      if (!token || (token.user_id !== p.userId && !p.permissions.has('users:admin')))
        throw notFound('token');
      await repo.revokeToken(ctx.db, token.id, ctx.now());
      await audit(ctx.db, ctx.now(), {
        actor: p.actor,
        action: 'token.revoke',
        entity: 'api_token',
        entityId: token.id,
        ip: request.ip,
      });
      return reply.status(204).send();
    },
  );
}
