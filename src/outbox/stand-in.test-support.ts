import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Helpers for the outbox tests (not used by the application): a provider API standing in locally. */

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingMessage['headers'];
  readonly raw: string;
  /** The body as JSON, or as form fields for an urlencoded body. */
  readonly body: unknown;
}

export type Reply = { status: number; json: unknown } | 'hang';
export type Handler = (r: Received, n: number) => Reply;

/**
 * A local HTTP server standing in for a provider. Known routes answer through their handler; any other
 * request is recorded in `unknown` and answered 599, so a test can assert no unexpected call was made.
 * A handler may answer 'hang' (never answers: a provider that stalls; `dropHung()` cuts those sockets).
 */
export class StandIn {
  readonly requests: Received[] = [];
  /** Requests answered with a 2xx: what the provider accepted. */
  readonly accepted: Received[] = [];
  readonly unknown: Received[] = [];
  private readonly routes = new Map<string, Handler>();
  private readonly hung: ServerResponse[] = [];
  private server: Server | null = null;
  url = '';

  on(method: string, path: string, handler: Handler): this {
    this.routes.set(`${method} ${path}`, handler);
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const u = new URL(req.url ?? '/', this.url);
    let body: unknown = null;
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('application/json')) body = raw ? (JSON.parse(raw) as unknown) : null;
    else if (type.startsWith('application/x-www-form-urlencoded'))
      body = Object.fromEntries(new URLSearchParams(raw));
    const r: Received = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      headers: req.headers,
      raw,
      body,
    };
    const handler = this.routes.get(`${r.method} ${r.path}`);
    if (!handler) {
      this.unknown.push(r);
      res.writeHead(599, { 'content-type': 'application/json' }).end('{"error":"unexpected request"}');
      return;
    }
    this.requests.push(r);
    const reply = handler(r, this.requests.length);
    if (reply === 'hang') {
      this.hung.push(res);
      return;
    }
    if (reply.status < 300) this.accepted.push(r);
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.json));
  }

  /** Cuts every stalled request: the provider never answered them, so it never accepted them. */
  dropHung(): number {
    const n = this.hung.length;
    for (const res of this.hung.splice(0)) res.socket?.destroy();
    return n;
  }

  get hungCount(): number {
    return this.hung.length;
  }

  async stop(): Promise<void> {
    this.dropHung();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** A stand-in Telegram Bot API answering sendMessage like the real one (`{ok:true, result:Message}`). */
export function telegramStandIn(token: string, reply?: Handler): StandIn {
  return new StandIn().on('POST', `/bot${token}/sendMessage`, (r, n) => {
    if (reply) return reply(r, n);
    const b = r.body as { chat_id: number; text: string };
    return {
      status: 200,
      json: {
        ok: true,
        result: { message_id: n, date: 1_765_000_000, chat: { id: b.chat_id }, text: b.text },
      },
    };
  });
}

/** Waits until `check` holds (polling), for the background worker tests. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const TEST_TOKENS = {
  telegram: '7000003:senders-Token',
  whatsapp: 'wa-access-token',
  phoneNumberId: '1098765',
  page: 'meta-page-token',
  vk: 'vk-community-token',
} as const;

/** Configuration pointing every provider of the outbox at one stand-in. */
export function providerEnv(url: string): Record<string, string> {
  return {
    TYNDAU_TELEGRAM_API_BASE: url,
    TYNDAU_TELEGRAM_BOT_TOKEN: TEST_TOKENS.telegram,
    TYNDAU_GRAPH_API_BASE: `${url}/graph`,
    TYNDAU_WHATSAPP_TOKEN: TEST_TOKENS.whatsapp,
    TYNDAU_WHATSAPP_PHONE_NUMBER_ID: TEST_TOKENS.phoneNumberId,
    TYNDAU_META_PAGE_TOKEN: TEST_TOKENS.page,
    TYNDAU_VK_API_BASE: `${url}/vk`,
    TYNDAU_VK_TOKEN: TEST_TOKENS.vk,
    TYNDAU_SMS_GATEWAY_URL: `${url}/sms`,
    TYNDAU_EMAIL_GATEWAY_URL: `${url}/email`,
  };
}

/** A stand-in answering like each provider of the outbox; comment ids it answers are listed. */
export function providersStandIn(comments: { instagram?: string[]; facebook?: string[] } = {}): StandIn {
  const s = new StandIn()
    .on('POST', `/bot${TEST_TOKENS.telegram}/sendMessage`, (_r, n) => ({
      status: 200,
      json: { ok: true, result: { message_id: n } },
    }))
    .on('POST', `/graph/${TEST_TOKENS.phoneNumberId}/messages`, (r, n) => ({
      status: 200,
      json: {
        messaging_product: 'whatsapp',
        contacts: [{ input: (r.body as { to: string }).to, wa_id: (r.body as { to: string }).to }],
        messages: [{ id: `wamid.TEST${n}` }],
      },
    }))
    .on('POST', '/graph/me/messages', (r, n) => ({
      status: 200,
      json: { recipient_id: (r.body as { recipient: { id: string } }).recipient.id, message_id: `m_${n}` },
    }))
    .on('POST', '/vk/messages.send', (_r, n) => ({ status: 200, json: { response: 9000 + n } }))
    .on('POST', '/vk/wall.createComment', (_r, n) => ({ status: 200, json: { response: { comment_id: n } } }))
    .on('POST', '/sms', (_r, n) => ({ status: 202, json: { id: `sms-${n}` } }))
    .on('POST', '/email', (_r, n) => ({ status: 202, json: { id: `mail-${n}` } }));
  for (const c of comments.instagram ?? [])
    s.on('POST', `/graph/${c}/replies`, (_r, n) => ({ status: 200, json: { id: `ig-reply-${n}` } }));
  for (const c of comments.facebook ?? [])
    s.on('POST', `/graph/${c}/comments`, (_r, n) => ({ status: 200, json: { id: `fb-comment-${n}` } }));
  return s;
}
