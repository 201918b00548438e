import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { DIALECTS } from '../../test/helpers/db.js';

describe.each(DIALECTS)('server basics on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(async () => app.stop());

  it('answers /healthz and /readyz', async () => {
    expect((await app.server.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.server.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: dialect });
  });

  it('serves Prometheus metrics with request counts and latency histograms', async () => {
    await app.server.inject('/healthz');
    const res = await app.server.inject('/metrics');
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/tyndau_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(res.body).toContain('tyndau_http_request_duration_seconds_bucket');
  });

  it('answers unknown routes with a coded 404', async () => {
    const res = await app.server.inject('/no/such/route?x=1');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /no/such/route' } });
  });

  it('echoes a valid request id and makes one otherwise', async () => {
    const a = await app.server.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(a.headers['x-request-id']).toBe('abc-123');
    const b = await app.server.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(b.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('publishes a valid OpenAPI 3 document listing every route', async () => {
    const doc = (await app.server.inject('/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(doc));
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    // Every API route (not the docs UI or the web app's static files) is in the document.
    for (const route of app.server.routeList) {
      if (route.url.startsWith('/docs') || route.url === '/openapi.json' || route.hidden) continue;
      const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
      expect(documented, `${route.method} ${path}`).toContain(`${route.method} ${path}`);
    }
  });

  it('serves the docs UI', async () => {
    const res = await app.server.inject('/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
