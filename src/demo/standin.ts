import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny in-process stand-in for the providers' APIs (Telegram Bot API, Meta Graph API, VK API, SMS and
 * e-mail gateways): it accepts whatever the outbox sends and answers like the provider does on success,
 * so that in the demo answers show as delivered without any account at Telegram or Meta. Demo mode only,
 * and only for providers whose real API was not configured. Nothing it receives is stored or logged.
 */
export interface StandIn {
  readonly url: string;
  /** Requests answered, per provider prefix (telegram, graph, vk, sms, email). */
  readonly counts: Readonly<Record<string, number>>;
  close(): Promise<void>;
}

const id = () => randomBytes(9).toString('base64url');
let sequence = 1000;

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1_000_000) parts.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      try {
        const v: unknown = JSON.parse(text);
        resolve(v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
      } catch {
        resolve(Object.fromEntries(new URLSearchParams(text)));
      }
    });
    req.on('error', () => resolve({}));
  });
}

/** What the provider answers to a successful call of `path` with `body`. */
export function standInAnswer(provider: string, path: string, body: Record<string, unknown>): unknown {
  const now = Math.floor(Date.now() / 1000);
  switch (provider) {
    case 'telegram': {
      const method = path.split('/').pop() ?? '';
      if (method === 'sendMessage')
        return {
          ok: true,
          result: {
            message_id: sequence++,
            date: now,
            chat: { id: Number(body.chat_id) || 0, type: 'private' },
            text: body.text,
          },
        };
      return { ok: true, result: true };
    }
    case 'graph':
      if (path.endsWith('/messages') && body.messaging_product === 'whatsapp') {
        const to = typeof body.to === 'string' ? body.to : '';
        return {
          messaging_product: 'whatsapp',
          contacts: [{ input: to, wa_id: to }],
          messages: [{ id: `wamid.STANDIN${id()}` }],
        };
      }
      if (path.endsWith('/messages')) {
        const recipient = body.recipient as { id?: string } | undefined;
        return { recipient_id: recipient?.id ?? '', message_id: `m_standin_${id()}` };
      }
      return { id: `standin_${id()}`, success: true };
    case 'vk':
      if (path.endsWith('wall.createComment')) return { response: { comment_id: sequence++ } };
      return { response: sequence++ };
    default:
      return { ok: true, id: `standin-${id()}` };
  }
}

export async function startStandIn(host = '127.0.0.1'): Promise<StandIn> {
  const counts: Record<string, number> = {};
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const [, provider = 'other', ...rest] = url.pathname.split('/');
    void readJson(req).then((body) => {
      counts[provider] = (counts[provider] ?? 0) + 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(standInAnswer(provider, `/${rest.join('/')}`, body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
