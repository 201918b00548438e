import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { DIALECTS } from '../../test/helpers/db.js';
import { PASSWORD } from '../../test/helpers/users.js';
import { verifyAuditLog } from '../audit/audit.js';
import { createUser } from './service.js';

function cookieOf(setCookie: string | string[] | undefined): string {
  const v = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return (v ?? '').split(';')[0] ?? '';
}

describe.each(DIALECTS)('accounts on %s', (dialect) => {
  let app: TestApp;
  let clock = Date.parse('2026-12-01T06:00:00Z');
  beforeAll(async () => {
    app = await startTestApp(dialect, {}, { now: () => clock });
    await createUser(app.ctx, { login: 'aigerim', password: PASSWORD, roles: ['operator'] }, 'test');
  });
  afterAll(async () => app.stop());

  const login = (password: string, who = 'aigerim') =>
    app.server.inject({ method: 'POST', url: '/api/auth/login', payload: { login: who, password } });

  it('signs in with a httpOnly SameSite cookie and answers /me', async () => {
    const res = await login(PASSWORD);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/tyndau_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const me = await app.server.inject({
      url: '/api/auth/me',
      headers: { cookie: cookieOf(res.headers['set-cookie']) },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { login: 'aigerim', roles: ['operator'] } });
    expect(me.json().permissions).toContain('cases:write');
    expect(me.json().permissions).not.toContain('users:admin');
  });

  it('stores the password as Argon2id, never in clear', async () => {
    const row = await app.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('login', '=', 'aigerim')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('requires the CSRF token for unsafe requests made with the cookie', async () => {
    const res = await login(PASSWORD);
    const cookie = cookieOf(res.headers['set-cookie']);
    const csrf = res.json().csrfToken as string;
    const payload = { name: 'my script' };
    const without = await app.server.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie },
      payload,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    const withToken = await app.server.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload,
    });
    expect(withToken.statusCode).toBe(201);
  });

  it('logs out: the cookie stops working', async () => {
    const cookie = cookieOf((await login(PASSWORD)).headers['set-cookie']);
    await app.server.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    const me = await app.server.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('locks the account after five wrong passwords, and an admin reset unlocks it', async () => {
    await createUser(
      app.ctx,
      { login: 'bolat', password: PASSWORD, roles: ['executor'], organisations: [] },
      't',
    ).catch((e: Error) => expect(e.message).toMatch(/organisation/));
    await createUser(app.ctx, { login: 'bolat', password: PASSWORD, roles: ['analyst'] }, 'test');
    for (let i = 0; i < 5; i++) expect((await login('wrong password!', 'bolat')).statusCode).toBe(401);
    const locked = await login(PASSWORD, 'bolat');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('account_locked');
    const user = await app.ctx.db
      .selectFrom('users')
      .select('id')
      .where('login', '=', 'bolat')
      .executeTakeFirstOrThrow();
    const reset = await app.server.inject({
      method: 'POST',
      url: `/api/users/${user.id}/password`,
      headers: app.auth(),
      payload: { password: 'a brand new passphrase' },
    });
    expect(reset.statusCode).toBe(204);
    expect((await login('a brand new passphrase', 'bolat')).statusCode).toBe(200);
    clock += 1000;
  });

  it('issues scoped, hashed, revocable API tokens', async () => {
    const created = await app.server.inject({
      method: 'POST',
      url: '/api/users',
      headers: app.auth(),
      payload: { login: 'svc-import', password: PASSWORD, roles: ['operator'] },
    });
    expect(created.statusCode).toBe(201);
    const userId = created.json().id as number;
    const issued = await app.server.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: app.auth(),
      payload: { name: 'reader', scopes: ['signals:read'], userId },
    });
    expect(issued.statusCode).toBe(201);
    const token = issued.json().token as string;
    const stored = await app.ctx.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', issued.json().id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(4));
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.server.inject({ url: '/api/signals', headers: bearer })).statusCode).toBe(200);
    // The scope narrows the operator's permissions: no cases:read through this token.
    const me = await app.server.inject({ url: '/api/auth/me', headers: bearer });
    expect(me.json().permissions).toEqual(['signals:read']);
    const revoke = await app.server.inject({
      method: 'DELETE',
      url: `/api/tokens/${issued.json().id}`,
      headers: app.auth(),
    });
    expect(revoke.statusCode).toBe(204);
    const after = await app.server.inject({ url: '/api/signals', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('invalid_token');
  });

  it('refuses a scope the holder does not have', async () => {
    const users = await app.ctx.db
      .selectFrom('users')
      .select('id')
      .where('login', '=', 'aigerim')
      .executeTakeFirstOrThrow();
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: app.auth(),
      payload: { name: 'too much', scopes: ['users:admin'], userId: users.id },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('scope_not_allowed');
  });

  it('disabling an account ends its sessions', async () => {
    const cookie = cookieOf((await login(PASSWORD)).headers['set-cookie']);
    const u = await app.ctx.db
      .selectFrom('users')
      .select('id')
      .where('login', '=', 'aigerim')
      .executeTakeFirstOrThrow();
    await app.server.inject({ method: 'POST', url: `/api/users/${u.id}/disable`, headers: app.auth() });
    expect((await app.server.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await login(PASSWORD)).json().error.code).toBe('account_disabled');
  });

  it('moves an executor to another organisation: the new scope applies at once, audited', async () => {
    const orgs = await app.ctx.db.selectFrom('organisations').select(['id', 'code']).execute();
    const id = (code: string) => orgs.find((o) => o.code === code)!.id;
    const userId = await createUser(
      app.ctx,
      { login: 'erlan', password: PASSWORD, roles: ['executor'], organisations: ['water-utility'] },
      'test',
    );
    const cookie = cookieOf((await login(PASSWORD, 'erlan')).headers['set-cookie']);
    const me = async () =>
      (await app.server.inject({ url: '/api/auth/me', headers: { cookie } })).json().user.organisationIds;
    expect(await me()).toEqual([id('water-utility')]);
    const put = (organisations: unknown[]) =>
      app.server.inject({
        method: 'PUT',
        url: `/api/users/${userId}/organisations`,
        headers: app.auth(),
        payload: { organisations },
      });
    expect((await put(['power-utility'])).statusCode).toBe(204);
    expect(await me()).toEqual([id('power-utility')]);
    const empty = await put([]);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('organisation_required');
    const unknown = await put(['no-such-utility']);
    expect(unknown.json().error.code).toBe('unknown_organisation');
    expect(await me()).toEqual([id('power-utility')]);
    const notFound = await app.server.inject({
      method: 'PUT',
      url: '/api/users/999999/organisations',
      headers: app.auth(),
      payload: { organisations: ['water-utility'] },
    });
    expect(notFound.statusCode).toBe(404);
    const audit = await app.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'user')
      .where('entity_id', '=', String(userId))
      .execute();
    expect(audit.map((a) => a.action).filter((a) => a.startsWith('user.'))).toEqual([
      'user.create',
      'user.organisations',
    ]);
  });

  it('audits every change in an intact hash chain, and detects tampering', async () => {
    const log = await app.server.inject({ url: '/api/audit?limit=500', headers: app.auth() });
    const actions = (log.json().items as Array<{ action: string }>).map((i) => i.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'user.create',
        'login',
        'login.locked',
        'token.issue',
        'token.revoke',
        'user.disable',
      ]),
    );
    expect((await verifyAuditLog(app.ctx.db)).ok).toBe(true);
    const victim = await app.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .orderBy('id')
      .limit(1)
      .offset(2)
      .executeTakeFirstOrThrow();
    await app.ctx.db
      .updateTable('audit_log')
      .set({ actor: 'someone-else' })
      .where('id', '=', victim.id)
      .execute();
    const broken = await verifyAuditLog(app.ctx.db);
    expect(broken).toMatchObject({ ok: false, brokenAt: victim.id });
  });

  it('never writes passwords or tokens to the logs', () => {
    expect(app.logs.text()).not.toContain(PASSWORD);
    expect(app.logs.text()).not.toMatch(/tyd_[A-Za-z0-9_-]{20}/);
  });
});
