import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { tokensForRoles } from '../../../test/helpers/users.js';
import type { Role } from '../../auth/permissions.js';
import { main } from '../../cli/main.js';
import { hashApiKey } from './keys.js';
import { FORM, form, startOpen311App } from './test-support.js';

/** DATABASE_URL of the test database, so the CLI opens the same one. */
function databaseUrl(app: TestApp): string {
  const c = app.database.config;
  if (c.dialect === 'sqlite') return `sqlite:${c.file}`;
  const sep = c.url.includes('?') ? '&' : '?';
  return `${c.url}${sep}options=${encodeURIComponent(`-c search_path=${c.schema}`)}`;
}

async function cli(app: TestApp, argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (b: Buffer) => out.push(b.toString('utf8')));
  stderr.on('data', (b: Buffer) => err.push(b.toString('utf8')));
  const code = await main(argv, {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env: { DATABASE_URL: databaseUrl(app), LOG_LEVEL: 'silent', TYNDAU_DATA_DIR: '/tmp/tyndau-test-data' },
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe.each(DIALECTS)('Open311 client applications on %s', (dialect) => {
  let app: TestApp;
  let tokens: Record<Role, string>;
  const postWater = (key: string) =>
    app.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: FORM,
      payload: form({ api_key: key, service_code: 'roof_leak', address_string: 'мкр Карасу' }),
    });

  beforeAll(async () => {
    app = await startOpen311App(dialect);
    tokens = await tokensForRoles(app.ctx);
  });
  afterAll(async () => app.stop());

  it('issues a key once through the admin API, lists clients without keys, and revokes', async () => {
    const created = await app.server.inject({
      method: 'POST',
      url: '/api/open311/clients',
      headers: app.auth(),
      payload: { name: 'Taraz Citizen App' },
    });
    expect(created.statusCode).toBe(201);
    const { id, name, apiKey } = created.json();
    expect(name).toBe('Taraz Citizen App');
    expect(apiKey).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
    const row = await app.ctx.db
      .selectFrom('open311_clients')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(hashApiKey(apiKey));
    expect(row.key_hash).not.toContain(apiKey);

    expect((await postWater(apiKey)).statusCode).toBe(200);
    const list = await app.server.inject({ url: '/api/open311/clients', headers: app.auth(tokens.auditor) });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(apiKey);
    expect(list.json().items).toContainEqual(
      expect.objectContaining({ id, name: 'Taraz Citizen App', revokedAt: null, requests: 1 }),
    );

    const revoked = await app.server.inject({
      method: 'DELETE',
      url: `/api/open311/clients/${id}`,
      headers: app.auth(),
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id, revokedAt: expect.any(String) });
    expect((await postWater(apiKey)).statusCode).toBe(403);
    const again = await app.server.inject({
      method: 'DELETE',
      url: `/api/open311/clients/${id}`,
      headers: app.auth(),
    });
    expect(again.json().revokedAt).toBe(revoked.json().revokedAt);
    const unknown = await app.server.inject({
      method: 'DELETE',
      url: '/api/open311/clients/999999',
      headers: app.auth(),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('guards the admin API with settings:read and settings:write', async () => {
    const anonymous = await app.server.inject({
      method: 'POST',
      url: '/api/open311/clients',
      payload: { name: 'x' },
    });
    expect(anonymous.statusCode).toBe(401);
    const auditor = await app.server.inject({
      method: 'POST',
      url: '/api/open311/clients',
      headers: app.auth(tokens.auditor),
      payload: { name: 'x' },
    });
    expect(auditor.statusCode).toBe(403);
    expect(
      (await app.server.inject({ url: '/api/open311/clients', headers: app.auth(tokens.operator) }))
        .statusCode,
    ).toBe(403);
    const empty = await app.server.inject({
      method: 'POST',
      url: '/api/open311/clients',
      headers: app.auth(),
      payload: { name: '' },
    });
    expect(empty.statusCode).toBe(400);
  });

  it('tyndau open311:key prints a working key once; open311:revoke turns it off', async () => {
    const issued = await cli(app, ['open311:key', '--name', 'Жамбыл 109 mobile']);
    expect(issued.code, issued.stderr).toBe(0);
    const key = /api_key: (\S+)/.exec(issued.stdout)?.[1] ?? '';
    const id = Number(/Open311 client (\d+)/.exec(issued.stdout)?.[1]);
    expect(key).toMatch(/^o311_/);
    expect((await postWater(key)).statusCode).toBe(200);
    const stored = await app.ctx.db
      .selectFrom('open311_clients')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.name).toBe('Жамбыл 109 mobile');

    const revoked = await cli(app, ['open311:revoke', '--id', String(id)]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`Open311 client ${id} revoked`);
    expect((await postWater(key)).statusCode).toBe(403);

    expect((await cli(app, ['open311:key'])).code).toBe(2);
    expect((await cli(app, ['open311:revoke', '--id', 'x'])).code).toBe(2);
    const missing = await cli(app, ['open311:revoke', '--id=999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no Open311 client 999999');
  });
});
