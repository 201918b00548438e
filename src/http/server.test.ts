import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';

/** The access log: one line per request, with its id, method, path, status and duration, and nothing else. */
describe('access log', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('sqlite', { TYNDAU_WHATSAPP_VERIFY_TOKEN: 'verify-me-0123' });
  });
  afterAll(async () => app.stop());

  it('writes one line per request, without the query string or any header', async () => {
    const res = await app.server.inject({
      method: 'GET',
      url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong-secret-9876&hub.challenge=42',
      headers: { 'x-request-id': 'req-access-1', authorization: 'Bearer not-a-token-5555' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['x-request-id']).toBe('req-access-1');
    const lines = app.logs.lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === 'req-access-1');
    const access = lines.filter((l) => l.msg === 'request');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ method: 'GET', path: '/webhooks/whatsapp', status: 403 });
    expect(typeof access[0].ms).toBe('number');
    const text = app.logs.text();
    expect(text).not.toContain('wrong-secret-9876');
    expect(text).not.toContain('not-a-token-5555');
  });
});
