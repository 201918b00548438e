import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogSink, startTestApp, type TestApp } from '../../test/helpers/app.js';
import { createLogger, LazyChildLogger } from '../shared/logger.js';

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

describe('request loggers', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('sqlite');
  });
  afterAll(async () => app.stop());

  it('bind the request id to what is logged through them, made only when used', async () => {
    const res = await app.server.inject({
      method: 'POST',
      url: '/webhooks/telegram',
      headers: { 'x-request-id': 'req-lazy-7', 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(401);
    const lines = app.logs.lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === 'req-lazy-7');
    expect(lines.map((l) => l.msg).sort()).toEqual(['request', 'request rejected']);
    expect(lines.find((l) => l.msg === 'request rejected')).toMatchObject({
      code: 'invalid_secret',
      status: 401,
    });
  });

  it('behave as a pino child: levels, nested children, bindings', () => {
    const sink = new LogSink();
    const parent = createLogger('info', sink);
    const lazy = new LazyChildLogger(parent, { reqId: 'r1' }, {});
    expect(sink.lines).toEqual([]);
    expect(lazy.level).toBe('info');
    lazy.debug({ marker: 'hidden' }, 'below the level');
    lazy.warn({ marker: 'shown' }, 'warned');
    lazy.child({ part: 'inner' }).error('inner failure');
    const lines = sink.lines.map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ reqId: 'r1', marker: 'shown', level: 40, msg: 'warned' });
    expect(lines[1]).toMatchObject({ reqId: 'r1', part: 'inner', level: 50, msg: 'inner failure' });
    lazy.level = 'debug';
    lazy.debug('now shown');
    expect(sink.lines).toHaveLength(3);
  });
});
