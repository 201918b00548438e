import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Access, ANONYMOUS } from '../src/auth/access.js';
import { type Permission, permissionsOf, ROLES, type Role } from '../src/auth/permissions.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { tokensForRoles } from './helpers/users.js';

/**
 * The permission matrix: every route of the server, called as every role and as anonymous, is allowed
 * or denied exactly as its declared rule says. A route without a rule fails here.
 */
describe('permission matrix', () => {
  let app: TestApp;
  let tokens: Record<Role, string>;
  beforeAll(async () => {
    app = await startTestApp('sqlite');
    tokens = await tokensForRoles(app.ctx);
  });
  afterAll(async () => app.stop());

  const apiRoutes = () =>
    app.server.routeList.filter((r) => !r.url.startsWith('/docs') && r.url !== '/openapi.json' && !r.hidden);

  it('every route declares who may call it', () => {
    const missing = apiRoutes()
      .filter((r) => r.access === undefined)
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('keeps settings writes to admins and opens the monitoring stream to analysts', () => {
    const rule = (method: string, url: string) =>
      apiRoutes().find((r) => r.method === method && r.url === url)?.access;
    for (const [method, url] of [
      ['POST', '/api/reference/organisations'],
      ['PUT', '/api/reference/organisations/:id'],
      ['POST', '/api/settings/routing'],
      ['PUT', '/api/settings/routing/:id'],
      ['DELETE', '/api/settings/routing/:id'],
      ['POST', '/api/templates'],
      ['PUT', '/api/templates/:id'],
      ['DELETE', '/api/templates/:id'],
      ['POST', '/api/settings/calendar'],
      ['DELETE', '/api/settings/calendar/:date'],
    ] as const)
      expect(rule(method, url), `${method} ${url}`).toBe('settings:write');
    expect(rule('GET', '/api/mentions')).toBe('mentions:read');
    const holders = (p: Permission) => ROLES.filter((r) => permissionsOf([r]).has(p));
    expect(holders('settings:write')).toEqual(['admin']);
    expect(holders('mentions:read')).toEqual(['admin', 'supervisor', 'operator', 'analyst']);
  });

  it('allows and denies every route for every role and for anonymous callers', async () => {
    const failures: string[] = [];
    for (const route of apiRoutes()) {
      if (route.url.includes('*')) continue;
      const access = route.access as Access;
      const url = route.url.replace(/:[A-Za-z_]+/g, '999999');
      for (const who of [...ROLES, 'anonymous'] as const) {
        const perms = who === 'anonymous' ? ANONYMOUS.permissions : permissionsOf([who]);
        const allowed =
          access === 'public' || (who !== 'anonymous' && (access === 'authenticated' || perms.has(access)));
        const headers = who === 'anonymous' ? {} : { authorization: `Bearer ${tokens[who]}` };
        const res = await app.server.inject({
          method: route.method as 'GET',
          url,
          headers,
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const denied = res.statusCode === 401 || res.statusCode === 403;
        // A public webhook may itself answer 401/403 for a missing provider secret: that is not our access rule.
        const deniedByAccess =
          denied && ['unauthorized', 'forbidden', 'invalid_token'].includes(res.json()?.error?.code);
        if (allowed && deniedByAccess)
          failures.push(`${who} should reach ${route.method} ${route.url} (${res.statusCode})`);
        if (!allowed && !denied)
          failures.push(`${who} must not reach ${route.method} ${route.url} (${res.statusCode})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('checks the HEAD twin of every private GET route as strictly as the GET itself', async () => {
    const open: string[] = [];
    const privateGets = apiRoutes().filter(
      (r) => r.method === 'GET' && r.access !== 'public' && !r.url.includes('*'),
    );
    expect(privateGets.length).toBeGreaterThan(20);
    for (const route of privateGets) {
      const res = await app.server.inject({
        method: 'HEAD',
        url: route.url.replace(/:[A-Za-z_]+/g, '999999'),
      });
      if (res.statusCode !== 401) open.push(`HEAD ${route.url} (${res.statusCode})`);
    }
    expect(open).toEqual([]);
  });
});
