import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import { audit } from '../audit/audit.js';
import { type Permission, permissionsOf, ROLES, type Role } from '../auth/permissions.js';
import { AppError, badRequest, conflict, notFound } from '../shared/errors.js';
import { dummyHash, hashPassword, PASSWORD_RULES, verifyPassword } from './passwords.js';
import * as repo from './repository.js';

export const SESSION_TTL_MS = 12 * 3600_000;
export const LOCKOUT_AFTER = 5;
export const LOCKOUT_MS = 15 * 60_000;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export function parseRoles(value: string): Role[] {
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed)
    ? parsed.filter((r): r is Role => (ROLES as readonly string[]).includes(r))
    : [];
}

export interface PublicUser {
  id: number;
  login: string;
  displayName: string;
  roles: Role[];
  organisationIds: number[];
  disabled: boolean;
  locked: boolean;
  isDemo: boolean;
}

export async function publicUser(ctx: AppContext, row: repo.UserRow): Promise<PublicUser> {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    roles: parseRoles(row.roles),
    organisationIds: await repo.organisationIdsOf(ctx.db, row.id),
    disabled: row.disabled === 1,
    locked: row.locked_until !== null && row.locked_until > ctx.now(),
    isDemo: row.is_demo === 1,
  };
}

function checkPassword(password: string): void {
  if (password.length < PASSWORD_RULES.minLength) {
    throw badRequest(
      'weak_password',
      `the password must have at least ${PASSWORD_RULES.minLength} characters`,
    );
  }
}

export interface NewUser {
  login: string;
  password: string;
  displayName?: string | undefined;
  roles: Role[];
  organisations?: Array<number | string> | undefined;
  isDemo?: boolean;
}

/** Organisation ids from ids or codes; 400 unknown_organisation for any that does not exist. */
async function organisationIds(ctx: AppContext, given: ReadonlyArray<number | string>): Promise<number[]> {
  const codes = given.filter((o): o is string => typeof o === 'string');
  const byCode = await repo.organisationIdsByCode(ctx.db, codes);
  const ids = given.map((o) => {
    if (typeof o === 'number') return o;
    const id = byCode.get(o);
    if (id === undefined) throw badRequest('unknown_organisation', `no organisation with code ${o}`);
    return id;
  });
  if (!(await repo.organisationsExist(ctx.db, ids)))
    throw badRequest('unknown_organisation', 'unknown organisation id');
  return [...new Set(ids)];
}

/**
 * Moves a user to other organisations (an executor who changes department, say). An executor keeps at
 * least one; the change is audited, and the new scope applies from the user's next request.
 */
export async function setOrganisations(
  ctx: AppContext,
  id: number,
  given: ReadonlyArray<number | string>,
  actor: string,
  ip: string | null,
): Promise<void> {
  const user = await repo.findUser(ctx.db, id);
  if (!user) throw notFound('user');
  const ids = await organisationIds(ctx, given);
  const roles = JSON.parse(user.roles) as Role[];
  if (roles.includes('executor') && !ids.length)
    throw badRequest('organisation_required', 'an executor must belong to at least one organisation');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.replaceOrganisations(tx, id, ids);
    await audit(tx, now, {
      actor,
      action: 'user.organisations',
      entity: 'user',
      entityId: id,
      ip,
      data: { organisations: ids },
    });
  });
}

export async function createUser(ctx: AppContext, input: NewUser, actor: string, ip: string | null = null) {
  checkPassword(input.password);
  if (!input.roles.length) throw badRequest('roles_required', 'a user needs at least one role');
  if (await repo.findUserByLogin(ctx.db, input.login))
    throw conflict('login_taken', 'this login is already taken');
  const orgIds = await organisationIds(ctx, input.organisations ?? []);
  if (input.roles.includes('executor') && !orgIds.length) {
    throw badRequest('organisation_required', 'an executor must belong to at least one organisation');
  }
  const id = await repo.insertUser(
    ctx.db,
    {
      login: input.login,
      display_name: input.displayName ?? input.login,
      password_hash: await hashPassword(input.password),
      roles: JSON.stringify([...new Set(input.roles)]),
      created_at: ctx.now(),
      disabled: 0,
      failed_logins: 0,
      is_demo: input.isDemo ? 1 : 0,
    },
    orgIds,
  );
  await audit(ctx.db, ctx.now(), {
    actor,
    action: 'user.create',
    entity: 'user',
    entityId: id,
    ip,
    data: { roles: input.roles },
  });
  return id;
}

export interface LoginResult {
  user: PublicUser;
  sessionId: string;
  csrfToken: string;
}

export async function login(
  ctx: AppContext,
  loginName: string,
  password: string,
  ip: string,
): Promise<LoginResult> {
  const now = ctx.now();
  const user = await repo.findUserByLogin(ctx.db, loginName);
  if (!user?.password_hash) {
    await verifyPassword(await dummyHash(), password);
    await audit(ctx.db, now, {
      actor: 'anonymous',
      action: 'login.failed',
      entity: 'user',
      ip,
      data: { reason: 'unknown' },
    });
    throw new AppError(401, 'invalid_credentials', 'wrong login or password');
  }
  if (user.locked_until !== null && user.locked_until > now) {
    throw new AppError(423, 'account_locked', 'too many failed attempts; try again later');
  }
  if (!(await verifyPassword(user.password_hash, password))) {
    const failed = user.failed_logins + 1;
    const lockedUntil = failed >= LOCKOUT_AFTER ? now + LOCKOUT_MS : null;
    await repo.recordFailedLogin(ctx.db, user.id, lockedUntil ? 0 : failed, lockedUntil);
    await audit(ctx.db, now, {
      actor: `user:${user.id}`,
      action: lockedUntil ? 'login.locked' : 'login.failed',
      entity: 'user',
      entityId: user.id,
      ip,
    });
    throw new AppError(401, 'invalid_credentials', 'wrong login or password');
  }
  if (user.disabled) throw new AppError(403, 'account_disabled', 'this account is disabled');
  await repo.recordFailedLogin(ctx.db, user.id, 0, null);
  const sessionId = randomToken();
  const csrfToken = randomToken(24);
  await repo.insertSession(ctx.db, {
    id_hash: sha256(sessionId),
    user_id: user.id,
    csrf_token: csrfToken,
    created_at: now,
    expires_at: now + SESSION_TTL_MS,
    ip,
  });
  await audit(ctx.db, now, {
    actor: `user:${user.id}`,
    action: 'login',
    entity: 'user',
    entityId: user.id,
    ip,
  });
  return { user: await publicUser(ctx, user), sessionId, csrfToken };
}

export async function logout(ctx: AppContext, sessionId: string): Promise<void> {
  await repo.deleteSession(ctx.db, sha256(sessionId));
}

export async function setDisabled(
  ctx: AppContext,
  id: number,
  disabled: boolean,
  actor: string,
  ip: string | null,
) {
  const user = await repo.findUser(ctx.db, id);
  if (!user) throw notFound('user');
  await repo.updateUser(ctx.db, id, { disabled: disabled ? 1 : 0 });
  if (disabled) await repo.deleteSessionsOf(ctx.db, id);
  await audit(ctx.db, ctx.now(), {
    actor,
    action: disabled ? 'user.disable' : 'user.enable',
    entity: 'user',
    entityId: id,
    ip,
  });
}

export async function resetPassword(
  ctx: AppContext,
  id: number,
  password: string,
  actor: string,
  ip: string | null,
) {
  checkPassword(password);
  const user = await repo.findUser(ctx.db, id);
  if (!user) throw notFound('user');
  await repo.updateUser(ctx.db, id, {
    password_hash: await hashPassword(password),
    failed_logins: 0,
    locked_until: null,
  });
  await repo.deleteSessionsOf(ctx.db, id);
  await audit(ctx.db, ctx.now(), { actor, action: 'user.password_reset', entity: 'user', entityId: id, ip });
}

export const TOKEN_PREFIX = 'tyd_';

export async function issueToken(
  ctx: AppContext,
  userId: number,
  name: string,
  scopes: Permission[],
  expiresInDays: number | undefined,
  actor: string,
  ip: string | null,
) {
  const user = await repo.findUser(ctx.db, userId);
  if (!user) throw notFound('user');
  const allowed = permissionsOf(parseRoles(user.roles));
  const outside = scopes.filter((s) => !allowed.has(s));
  if (outside.length) throw badRequest('scope_not_allowed', `the user does not hold: ${outside.join(', ')}`);
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const now = ctx.now();
  const id = await repo.insertToken(ctx.db, {
    user_id: userId,
    name,
    token_hash: sha256(token),
    scopes: JSON.stringify(scopes),
    created_at: now,
    expires_at: expiresInDays ? now + expiresInDays * 86_400_000 : null,
  });
  await audit(ctx.db, now, {
    actor,
    action: 'token.issue',
    entity: 'api_token',
    entityId: id,
    ip,
    data: { userId, scopes },
  });
  return { id, token };
}
