import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for the Bot API: records each request and answers with the next prepared reply. */
let server: Server;
let apiBase: string;
let received: Received[] = [];
let reply: { status: number; body: string } = { status: 200, body: '' };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
  reply = { status: 200, body: JSON.stringify({ ok: true, result: true, description: 'Webhook was set' }) };
});

async function run(args: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString('utf8');
  });
  const code = await main(['telegram:set-webhook', ...args], {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env: {
      TYNDAU_TELEGRAM_API_BASE: apiBase,
      TYNDAU_TELEGRAM_BOT_TOKEN: '123456:ABC-DEF_ghi',
      TYNDAU_TELEGRAM_SECRET: 'tg-secret_0123456789',
      ...env,
    },
  });
  return { code, out, err };
}

describe('tyndau telegram:set-webhook', () => {
  it('calls setWebhook with our URL, secret token and update kinds, and prints the answer', async () => {
    const r = await run(['--url', 'https://appeals.example.kz/webhooks/telegram']);
    expect(r.code).toBe(0);
    expect(received).toHaveLength(1);
    const req = received[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/bot123456:ABC-DEF_ghi/setWebhook');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({
      url: 'https://appeals.example.kz/webhooks/telegram',
      secret_token: 'tg-secret_0123456789',
      allowed_updates: ['message', 'edited_message', 'callback_query'],
      drop_pending_updates: false,
    });
    expect(JSON.parse(r.out)).toEqual({ ok: true, result: true, description: 'Webhook was set' });
  });

  it('defaults the URL to TYNDAU_PUBLIC_URL + /webhooks/telegram', async () => {
    const r = await run([], { TYNDAU_PUBLIC_URL: 'https://tyndau.zhambyl.example/' });
    expect(r.code).toBe(0);
    expect(JSON.parse(received[0]!.body).url).toBe('https://tyndau.zhambyl.example/webhooks/telegram');
  });

  it('exits non-zero with the Bot API description on {ok:false}', async () => {
    reply = {
      status: 400,
      body: JSON.stringify({
        ok: false,
        error_code: 400,
        description: 'Bad Request: bad webhook: HTTPS url must be provided',
      }),
    };
    const r = await run(['--url=https://appeals.example.kz/webhooks/telegram']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the Bot API refused setWebhook (400): Bad Request: bad webhook');
    expect(JSON.parse(r.out)).toMatchObject({ ok: false });
  });

  it('refuses to run without a token, a secret or a URL, before calling anything', async () => {
    const noToken = await run(['--url', 'https://a.example/x'], { TYNDAU_TELEGRAM_BOT_TOKEN: '' });
    expect(noToken.code).toBe(1);
    expect(noToken.err).toContain('TYNDAU_TELEGRAM_BOT_TOKEN is not set');
    const noSecret = await run(['--url', 'https://a.example/x'], { TYNDAU_TELEGRAM_SECRET: '' });
    expect(noSecret.code).toBe(1);
    expect(noSecret.err).toContain('TYNDAU_TELEGRAM_SECRET is not set');
    const badSecret = await run(['--url', 'https://a.example/x'], {
      TYNDAU_TELEGRAM_SECRET: 'has spaces in it',
    });
    expect(badSecret.code).toBe(1);
    expect(badSecret.err).toContain('A-Z, a-z, 0-9');
    const noUrl = await run([]);
    expect(noUrl.code).toBe(1);
    expect(noUrl.err).toContain('--url');
    const http = await run(['--url', 'http://appeals.example.kz/webhooks/telegram']);
    expect(http.code).toBe(1);
    expect(http.err).toContain('https://');
    const unknown = await run(['--ur', 'x']);
    expect(unknown.code).toBe(2);
    expect(received).toHaveLength(0);
  });

  it('names the base URL, never the token, when the Bot API is unreachable', async () => {
    const r = await run(['--url', 'https://a.example/x'], { TYNDAU_TELEGRAM_API_BASE: 'http://127.0.0.1:1' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('could not reach the Bot API at http://127.0.0.1:1');
    expect(r.err).not.toContain('ABC-DEF');
  });
});
