import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { AppContext } from '../app/context.js';
import { AppError, forbidden, unauthorized } from '../shared/errors.js';
import { type Permission, permissionsOf, type Role } from './permissions.js';

/** Who is calling. Anonymous callers reach only public routes. */
export interface Principal {
  readonly kind: 'anonymous' | 'admin_token' | 'api_token' | 'session';
  readonly actor: string;
  readonly userId: number | null;
  readonly roles: readonly Role[];
  readonly organisationIds: readonly number[];
  readonly permissions: ReadonlySet<Permission>;
  /** Session principals only: false when an unsafe request lacks the CSRF token. */
  readonly csrfOk?: boolean;
}

/** Route-level rule: `public`, any signed-in caller, or the permission a caller must hold. */
export type Access = 'public' | 'authenticated' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

export const ANONYMOUS: Principal = Object.freeze({
  kind: 'anonymous',
  actor: 'anonymous',
  userId: null,
  roles: [],
  organisationIds: [],
  permissions: new Set<Permission>(),
});

/**
 * Constant-time comparison of a given secret (`a`) with a configured one (`b`): it reads every character
 * of `b` whatever `a` holds, so its time depends on the configured secret's length only, never on where
 * (or whether) the two differ. Cheaper than hashing both sides, which matters on every webhook delivery.
 */
export function secretsEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = a.length || 1;
  for (let i = 0; i < b.length; i++) diff |= (a.charCodeAt(i % n) | 0) ^ b.charCodeAt(i);
  return diff === 0;
}

export type PrincipalResolver = (request: FastifyRequest) => Promise<Principal | null>;

/** Extra ways to authenticate (API tokens, sessions) are added by the accounts feature. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1] ?? null;
}

function adminTokenResolver(ctx: AppContext): PrincipalResolver {
  return async (request) => {
    const token = bearerToken(request);
    const admin = ctx.config.adminToken;
    if (!token || !admin || !secretsEqual(token, admin)) return null;
    return {
      kind: 'admin_token',
      actor: 'admin-token',
      userId: null,
      roles: ['admin'],
      organisationIds: [],
      permissions: permissionsOf(['admin']),
    };
  };
}

/**
 * Installs the single access check. Every route declares `config.access`; a route that does not is
 * treated as admin-only, so nothing private is ever open by omission.
 */
export function installAccessControl(
  app: FastifyInstance,
  ctx: AppContext,
  extraResolvers: PrincipalResolver[] = [],
): void {
  const resolvers = [adminTokenResolver(ctx), ...extraResolvers];
  app.decorateRequest('principal', null as unknown as Principal);
  const resolve = async (request: FastifyRequest): Promise<Principal | null> => {
    for (const r of resolvers) {
      const principal = await r(request);
      if (principal) return principal;
    }
    return null;
  };
  const admit = (request: FastifyRequest, principal: Principal | null, access: Access): void => {
    request.principal = principal ?? ANONYMOUS;
    if (access === 'public') return;
    if (!principal) {
      if (bearerToken(request)) throw new AppError(401, 'invalid_token', 'the bearer token is not valid');
      throw unauthorized();
    }
    if (principal.csrfOk === false)
      throw new AppError(403, 'csrf_failed', 'missing or wrong x-csrf-token header');
    if (access !== 'authenticated' && !principal.permissions.has(access)) {
      throw forbidden(`requires permission ${access}`);
    }
  };
  // Each route gets its own check, added as it is declared (HEAD twins of GET routes included), so the
  // rule is read once instead of on every request. Callback style: a request without credentials (every
  // webhook delivery) is decided without a promise. A request that matches no route gets the router's
  // own 404, and no check.
  app.addHook('onRoute', (route) => {
    // Read at the first request, once every onRoute hook has run: a plugin's own hook may set the
    // rule after this one (the web app's static files are made public that way).
    let rule: Access | undefined;
    const check: onRequestHookHandler = (request, _reply, done) => {
      rule ??= route.config?.access ?? 'users:admin';
      const access = rule;
      if (!request.headers.authorization && !request.headers.cookie) {
        try {
          admit(request, null, access);
          done();
        } catch (err) {
          done(err as Error);
        }
        return;
      }
      resolve(request)
        .then((principal) => admit(request, principal, access))
        .then(() => done(), done);
    };
    route.onRequest = [check, ...[route.onRequest ?? []].flat()];
  });
}
