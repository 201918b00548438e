import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { bearerToken, type Principal, type PrincipalResolver } from '../auth/access.js';
import { PERMISSIONS, type Permission, permissionsOf } from '../auth/permissions.js';
import * as repo from './repository.js';
import { parseRoles, SESSION_TTL_MS, sha256, TOKEN_PREFIX } from './service.js';

export const SESSION_COOKIE = 'tyndau_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

async function userPrincipal(
  ctx: AppContext,
  userId: number,
  kind: Principal['kind'],
  scopes: Permission[] | null,
): Promise<Principal | null> {
  const user = await repo.findUser(ctx.db, userId);
  if (!user || user.disabled) return null;
  const roles = parseRoles(user.roles);
  const own = permissionsOf(roles);
  const permissions = scopes?.length ? new Set(scopes.filter((s) => own.has(s))) : own;
  return {
    kind,
    actor: `user:${user.id}`,
    userId: user.id,
    roles,
    organisationIds: await repo.organisationIdsOf(ctx.db, user.id),
    permissions,
  };
}

/** `Authorization: Bearer tyd_…`: a hashed, scoped, revocable API token. */
export function apiTokenResolver(ctx: AppContext): PrincipalResolver {
  return async (request) => {
    const token = bearerToken(request);
    if (!token?.startsWith(TOKEN_PREFIX)) return null;
    const row = await repo.findTokenByHash(ctx.db, sha256(token));
    const now = ctx.now();
    if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return null;
    const scopes = (JSON.parse(row.scopes) as string[]).filter((s): s is Permission =>
      (PERMISSIONS as readonly string[]).includes(s),
    );
    const principal = await userPrincipal(ctx, row.user_id, 'api_token', scopes);
    if (principal && (row.last_used_at === null || now - row.last_used_at > 60_000)) {
      await repo.markTokenUsed(ctx.db, row.id, now);
    }
    return principal;
  };
}

/** The web app's session cookie; unsafe methods must echo the CSRF token in `x-csrf-token`. */
export function sessionResolver(ctx: AppContext): PrincipalResolver {
  return async (request) => {
    const id = readCookie(request, SESSION_COOKIE);
    if (!id || bearerToken(request)) return null;
    const hash = sha256(id);
    const session = await repo.findSession(ctx.db, hash);
    const now = ctx.now();
    if (!session || session.expires_at <= now) return null;
    if (now - session.last_seen_at > 60_000) await repo.touchSession(ctx.db, hash, now, now + SESSION_TTL_MS);
    const principal = await userPrincipal(ctx, session.user_id, 'session', null);
    // Unsafe requests authenticated by the cookie alone must prove they come from our own pages.
    const csrfOk = SAFE_METHODS.has(request.method) || request.headers['x-csrf-token'] === session.csrf_token;
    return principal && { ...principal, csrfOk };
  };
}

export function sessionCookie(value: string, secure: boolean, maxAgeSeconds: number): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** Ways to sign in besides the bootstrap admin token. */
export function accountResolvers(ctx: AppContext): PrincipalResolver[] {
  return [apiTokenResolver(ctx), sessionResolver(ctx)];
}
