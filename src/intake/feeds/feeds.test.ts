import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { tokensForRoles } from '../../../test/helpers/users.js';
import type { Role } from '../../auth/permissions.js';
import { pollFeed } from './poll.js';
import { startFeedPoller } from './poller.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const RSS = fixture('rss.xml');
const ATOM = fixture('atom.xml');

interface Served {
  status: number;
  body: string;
  etag?: string;
  lastModified?: string;
  type?: string;
}

/** A stand-in news site: serves what a test puts in `routes`, honours If-None-Match, records requests. */
class FeedServer {
  routes = new Map<string, Served>();
  requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  private server: Server = createServer((req, res) => {
    this.requests.push({ path: req.url ?? '', headers: req.headers });
    const r = this.routes.get(req.url ?? '');
    if (!r) {
      res.writeHead(404).end();
      return;
    }
    if (r.etag && req.headers['if-none-match'] === r.etag) {
      res.writeHead(304, { etag: r.etag }).end();
      return;
    }
    const headers: Record<string, string> = {
      'content-type': r.type ?? 'application/rss+xml; charset=utf-8',
    };
    if (r.etag) headers.etag = r.etag;
    if (r.lastModified) headers['last-modified'] = r.lastModified;
    res.writeHead(r.status, headers).end(r.body);
  });
  url = '';
  async start() {
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    return new Promise<void>((ok) => this.server.close(() => ok()));
  }
}

describe.each(DIALECTS)('news feeds on %s', (dialect) => {
  let app: TestApp;
  let tokens: Record<Role, string>;
  const site = new FeedServer();
  const addFeed = async (path: string, name = path) => {
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/feeds',
      headers: app.auth(tokens.admin),
      payload: { url: `${site.url}${path}`, name, intervalSeconds: 60 },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  const source = (id: number) =>
    app.ctx.db.selectFrom('feed_sources').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const news = (conversation: string) =>
    app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('channel', '=', 'news')
      .where('conversation', '=', conversation)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    await site.start();
    app = await startTestApp(dialect);
    tokens = await tokensForRoles(app.ctx);
  });
  afterAll(async () => {
    await app.stop();
    await site.stop();
  });
  beforeEach(() => {
    site.requests = [];
  });

  it('stores RSS items as news mentions, then polls conditionally and dedupes on guid', async () => {
    const lastModified = 'Mon, 30 Nov 2026 04:20:00 GMT';
    site.routes.set('/rss', { status: 200, body: RSS, etag: '"v1"', lastModified });
    const id = await addFeed('/rss', 'news.example.kz');
    const first = await pollFeed(app.ctx, id);
    expect(first).toMatchObject({ outcome: 'stored', httpStatus: 200, items: 3, stored: 3, duplicates: 0 });
    const items = await news(`news:${id}`);
    expect(items.map((s) => s.external_id)).toEqual([
      'https://news.example.kz/2026/11/28/waste',
      'https://news.example.kz/2026/11/29/roads',
      'news-example-48213',
    ]);
    const water = items[2]!;
    expect(water).toMatchObject({ status: 'mention', sent_at: Date.parse('2026-11-30T09:15:00+05:00') });
    expect(water.text).toBe(
      'В Таразе на трёх улицах отключат воду\nВодоканал предупреждает: 30 ноября с 10:00 до 18:00 не будет воды на ул. Абая, Толе би и Сулейменова.\nСправки по номеру 109.',
    );
    expect(JSON.parse(water.attachments)).toEqual([
      { kind: 'other', url: 'https://news.example.kz/2026/11/30/water' },
    ]);
    expect(items[1]!.text).toBe(
      'Жолдарды жөндеу — Қордай ауданы\nҚордай ауданында 12 шақырым жол жөнделді & жаңа бағдаршамдар орнатылды.',
    );
    expect(await source(id)).toMatchObject({
      etag: '"v1"',
      last_modified: lastModified,
      last_status: 200,
      last_error: null,
    });

    const second = await pollFeed(app.ctx, id);
    expect(site.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(site.requests[1]?.headers['if-modified-since']).toBe(lastModified);
    expect(second).toMatchObject({ outcome: 'not_modified', httpStatus: 304, stored: 0 });
    expect((await source(id)).last_status).toBe(304);

    // The feed changes: one new item on top of the old ones; only that one is new.
    const fresh = RSS.replace(
      '<item>',
      '<item><title>Новый пост</title><guid>news-example-48300</guid><description>Текст</description></item><item>',
    );
    site.routes.set('/rss', { status: 200, body: fresh, etag: '"v2"', lastModified });
    const third = await pollFeed(app.ctx, id);
    expect(third).toMatchObject({ outcome: 'stored', items: 4, stored: 1, duplicates: 3 });
    expect(await news(`news:${id}`)).toHaveLength(4);
    expect((await source(id)).etag).toBe('"v2"');
  });

  it('reads Atom entries: id, the alternate link, HTML summary, published time', async () => {
    site.routes.set('/atom', { status: 200, body: ATOM, type: 'application/atom+xml' });
    const id = await addFeed('/atom');
    expect(await pollFeed(app.ctx, id)).toMatchObject({ outcome: 'stored', stored: 2 });
    const [bus, gas] = await news(`news:${id}`);
    expect(gas).toMatchObject({
      external_id: 'tag:akshamy.example.kz,2026:gas-repair',
      text: 'Газ құбыры жөнделді\nБәйзақ ауданындағы газ құбыры толық жөнделді.',
      sent_at: Date.parse('2026-11-30T07:30:00+05:00'),
    });
    expect(JSON.parse(gas!.attachments)[0].url).toBe('https://akshamy.example.kz/gas-repair');
    expect(bus).toMatchObject({
      external_id: 'tag:akshamy.example.kz,2026:bus-12',
      sent_at: Date.parse('2026-11-29T10:00:00Z'),
    });
    expect(JSON.parse(bus!.attachments)[0].url).toBe('https://akshamy.example.kz/bus-12');
    // No validators from this server: the next poll fetches again and stores nothing twice.
    expect(await pollFeed(app.ctx, id)).toMatchObject({ outcome: 'stored', stored: 0, duplicates: 2 });
    expect(site.requests[1]?.headers['if-none-match']).toBeUndefined();
  });

  it('records bad XML, HTTP errors and network errors on the source and quarantines bad bodies once', async () => {
    site.routes.set('/broken', { status: 200, body: fixture('broken.xml') });
    const broken = await addFeed('/broken');
    const r = await pollFeed(app.ctx, broken);
    expect(r).toMatchObject({ outcome: 'error', httpStatus: 200 });
    expect((await source(broken)).last_error).toMatch(/^malformed_xml: /);
    await pollFeed(app.ctx, broken);
    const quarantined = await app.ctx.db
      .selectFrom('quarantine')
      .selectAll()
      .where('channel', '=', 'news')
      .execute();
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]?.reason_code).toBe('malformed_xml');
    expect(Buffer.from(quarantined[0]!.raw).toString('utf8')).toBe(fixture('broken.xml'));

    site.routes.set('/entities', {
      status: 200,
      body: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item><title>&x;</title></item></channel></rss>',
    });
    const entities = await addFeed('/entities');
    expect(await pollFeed(app.ctx, entities)).toMatchObject({ outcome: 'error' });
    expect((await source(entities)).last_error).toMatch(/^xml_entities_refused/);

    site.routes.set('/down', { status: 503, body: 'maintenance' });
    const down = await addFeed('/down');
    expect(await pollFeed(app.ctx, down)).toMatchObject({ outcome: 'error', httpStatus: 503 });
    expect(await source(down)).toMatchObject({ last_status: 503, last_error: 'HTTP 503' });

    const closed = await app.server.inject({
      method: 'POST',
      url: '/api/feeds',
      headers: app.auth(tokens.admin),
      payload: { url: 'http://127.0.0.1:1/feed.xml', name: 'unreachable' },
    });
    const unreachable = closed.json().id as number;
    expect(await pollFeed(app.ctx, unreachable)).toMatchObject({ outcome: 'error', httpStatus: null });
    expect((await source(unreachable)).last_error).toMatch(/^fetch failed: /);
    expect(await news(`news:${broken}`)).toHaveLength(0);
    for (const id of [broken, entities, down, unreachable]) {
      await app.server.inject({ method: 'DELETE', url: `/api/feeds/${id}`, headers: app.auth(tokens.admin) });
    }
  });

  it('the background poller polls due sources and survives failing ones', async () => {
    site.routes.set('/poller', {
      status: 200,
      body: RSS.replaceAll('news-example', 'poller').replaceAll('/2026/', '/p/'),
    });
    const good = await addFeed('/poller');
    const bad = await app.server.inject({
      method: 'POST',
      url: '/api/feeds',
      headers: app.auth(tokens.admin),
      payload: { url: 'http://127.0.0.1:1/x', name: 'bad' },
    });
    const stop = await startFeedPoller(app.ctx, { tickMs: 50 });
    const deadline = Date.now() + 10_000;
    const settled = async () =>
      (await news(`news:${good}`)).length === 3 && (await source(bad.json().id)).last_error !== null;
    while (!(await settled()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await stop();
    expect(await news(`news:${good}`)).toHaveLength(3);
    expect((await source(bad.json().id)).last_error).toMatch(/^fetch failed/);
    // Polled once: the interval (60 s) had not elapsed for the later ticks.
    expect(site.requests.filter((r) => r.path === '/poller')).toHaveLength(1);
  });

  it('manages sources: settings:read lists, settings:write adds and deletes', async () => {
    const list = await app.server.inject({ url: '/api/feeds', headers: app.auth(tokens.auditor) });
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0]).toMatchObject({
      url: `${site.url}/rss`,
      enabled: true,
      intervalSeconds: 60,
    });
    const payload = { url: `${site.url}/new`, name: 'Новый источник' };
    const denied = await app.server.inject({
      method: 'POST',
      url: '/api/feeds',
      headers: app.auth(tokens.auditor),
      payload,
    });
    expect(denied.statusCode).toBe(403);
    expect(
      (await app.server.inject({ url: '/api/feeds', headers: app.auth(tokens.operator) })).statusCode,
    ).toBe(403);
    const created = await app.server.inject({
      method: 'POST',
      url: '/api/feeds',
      headers: app.auth(tokens.admin),
      payload,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ intervalSeconds: 900, enabled: true, lastPolledAt: null });
    const again = await app.server.inject({
      method: 'POST',
      url: '/api/feeds',
      headers: app.auth(tokens.admin),
      payload,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('feed_exists');
    const ftp = await app.server.inject({
      method: 'POST',
      url: '/api/feeds',
      headers: app.auth(tokens.admin),
      payload: { url: 'ftp://example.kz/feed', name: 'x' },
    });
    expect(ftp.statusCode).toBe(400);
    const del = `/api/feeds/${created.json().id}`;
    expect(
      (await app.server.inject({ method: 'DELETE', url: del, headers: app.auth(tokens.admin) })).statusCode,
    ).toBe(204);
    expect(
      (await app.server.inject({ method: 'DELETE', url: del, headers: app.auth(tokens.admin) })).statusCode,
    ).toBe(404);
  });
});
