import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { DIALECTS } from '../../test/helpers/db.js';
import { tokensForRoles } from '../../test/helpers/users.js';
import { answerPreview } from '../../web/src/lib/preview.js';
import type { Role } from '../auth/permissions.js';
import { triageSignal } from '../cases/sweeps.js';
import { ingest } from '../intake/service.js';
import { CSP, webAppRoutes } from './static.js';

const SECRET = 'telegram-secret-value-7781';

describe.each(DIALECTS)('web app routes on %s', (dialect) => {
  let app: TestApp;
  let tokens: Record<Role, string>;
  const get = (url: string, role?: Role) =>
    app.server.inject({ url, headers: role ? app.auth(tokens[role]) : {} });

  beforeAll(async () => {
    app = await startTestApp(dialect, {
      TYNDAU_TELEGRAM_SECRET: SECRET,
      TYNDAU_VK_TOKEN: 'vk-token-value-99',
    });
    tokens = await tokensForRoles(app.ctx);
  });
  afterAll(async () => app.stop());

  it('lists the districts with population for anyone, and their shapes as GeoJSON', async () => {
    const res = await get('/api/reference/districts');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.region).toMatchObject({ code: expect.any(String), utcOffsetMinutes: 300 });
    expect(body.items).toHaveLength(11);
    expect(body.items.find((d: { code: string }) => d.code === 'shu')).toMatchObject({
      name: { kk: 'Шу ауданы', ru: 'Шуский район', en: expect.any(String) },
      population: expect.any(Number),
    });
    const shapes = await get('/api/reference/district-shapes');
    expect(shapes.statusCode).toBe(200);
    const geo = shapes.json();
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.map((f: { properties: { code: string } }) => f.properties.code).sort()).toEqual(
      body.items.map((d: { code: string }) => d.code).sort(),
    );
  });

  it('gives organisations to any signed-in caller and executors to case readers', async () => {
    expect((await get('/api/reference/organisations')).statusCode).toBe(401);
    const orgs = (await get('/api/reference/organisations', 'analyst')).json().items;
    expect(orgs.length).toBeGreaterThan(5);
    expect(orgs[0]).toMatchObject({ id: expect.any(Number), name: { kk: expect.any(String) } });
    expect((await get('/api/reference/executors', 'analyst')).statusCode).toBe(403);
    const execs = (await get('/api/reference/executors', 'operator')).json().items;
    expect(execs).toHaveLength(1);
    expect(execs[0].organisationIds).toHaveLength(1);
  });

  it('serves the templates and the channels that can carry an answer', async () => {
    expect((await get('/api/templates')).statusCode).toBe(401);
    const body = (await get('/api/templates', 'executor')).json();
    expect(
      body.items
        .filter((t: { code: string }) => t.code === 'answer')
        .map((t: { lang: string }) => t.lang)
        .sort(),
    ).toEqual(['kk', 'ru']);
    expect(body.replyChannels).toContain('telegram');
    expect(body.replyChannels).not.toContain('news');
  });

  it('says which channel secrets are set, never their values', async () => {
    expect((await get('/api/settings/channels', 'operator')).statusCode).toBe(403);
    const res = await get('/api/settings/channels', 'auditor');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('vk-token-value-99');
    const items = res.json().items as Array<{
      channel: string;
      ready: boolean;
      secrets: Record<string, unknown>;
    }>;
    const telegram = items.find((c) => c.channel === 'telegram');
    expect(telegram?.secrets).toEqual({ webhookSecret: true, botToken: false });
    expect(telegram?.ready).toBe(false);
    for (const c of items) for (const v of Object.values(c.secrets)) expect(typeof v).toBe('boolean');
  });

  it('shows routing rules and the calendar to settings readers', async () => {
    const rules = (await get('/api/settings/routing', 'admin')).json().items;
    expect(rules.length).toBeGreaterThan(3);
    expect(rules[0]).toMatchObject({ conditions: expect.any(Object), organisationId: expect.any(Number) });
    const cal = (await get('/api/settings/calendar', 'auditor')).json().items;
    expect(
      cal.some((e: { date: string; type: string }) => e.date === '2026-12-16' && e.type === 'holiday'),
    ).toBe(true);
    expect((await get('/api/settings/calendar', 'executor')).statusCode).toBe(403);
  });

  it('answers 503 for a label preview while no model is loaded', async () => {
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/understand/preview',
      headers: app.auth(tokens.operator),
      payload: { text: 'Нет света' },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('no_labeler');
    const denied = await app.server.inject({
      method: 'POST',
      url: '/api/understand/preview',
      headers: app.auth(tokens.executor),
      payload: { text: 'Нет света' },
    });
    expect(denied.statusCode).toBe(403);
  });

  it('previews exactly the answer the citizen then receives', async () => {
    const r = await ingest(app.ctx, {
      channel: 'telegram',
      externalId: 'preview:1',
      text: 'Нет воды на Абая 10',
      raw: {},
      author: { externalUserId: '7001' },
      conversation: 'tg:7001',
      given: { kind: 'incident', topic: 'water', district: 'taraz' },
    });
    await triageSignal(app.ctx, r.signalId);
    const s = await app.ctx.db
      .selectFrom('signals')
      .select('case_id')
      .where('id', '=', r.signalId)
      .executeTakeFirstOrThrow();
    const id = s.case_id!;
    const detail = (await get(`/api/cases/${id}`, 'supervisor')).json();
    const templates = (await get('/api/templates', 'supervisor')).json();
    const orgs = (await get('/api/reference/organisations', 'supervisor')).json().items;
    const region = (await get('/api/reference/districts')).json().region;
    const text = 'Порыв устранён, вода подана в 14:00.';
    const preview = answerPreview({
      kase: detail.case,
      text,
      templates: templates.items,
      organisations: orgs,
      replyChannels: templates.replyChannels,
      utcOffsetMinutes: region.utcOffsetMinutes,
    });
    expect(preview).toContain(text);
    const sent = await app.server.inject({
      method: 'POST',
      url: `/api/cases/${id}/answer`,
      headers: app.auth(tokens.supervisor),
      payload: { text },
    });
    expect(sent.json()).toEqual({ status: 'answered' });
    const out = await app.ctx.db
      .selectFrom('outbox')
      .select('text')
      .where('case_id', '=', id)
      .where('purpose', '=', 'answer')
      .executeTakeFirstOrThrow();
    expect(out.text).toBe(preview);
  });

  it('keeps the coded 404 for unknown paths and documents every new API route', async () => {
    const res = await get('/no/such/route');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect((await get('/api/nothing-here')).json().error.code).toBe('not_found');
    const doc = (await get('/openapi.json')).json();
    for (const path of [
      '/api/reference/districts',
      '/api/reference/district-shapes',
      '/api/reference/organisations',
      '/api/reference/executors',
      '/api/templates',
      '/api/settings/channels',
      '/api/settings/routing',
      '/api/settings/calendar',
      '/api/understand/preview',
      '/api/events',
    ])
      expect(doc.paths[path], path).toBeDefined();
    expect(doc.paths['/inbox']).toBeUndefined();
  });
});

describe('serving the built web app', () => {
  let dist: string;
  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'tyndau-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'main-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  async function server(root: string) {
    const app = Fastify();
    const seen: unknown[] = [];
    app.addHook('onRequest', async (request) => {
      seen.push(request.routeOptions.config?.access);
    });
    await webAppRoutes(app, root);
    await app.ready();
    return { app, seen };
  }

  it('answers index.html at every screen, with a CSP, and caches hashed assets for a year', async () => {
    const { app, seen } = await server(dist);
    for (const path of ['/', '/inbox', '/cases/12', '/settings/channels', '/dashboard']) {
      const res = await app.inject(path);
      expect(res.statusCode, path).toBe(200);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['content-security-policy']).toBe(CSP);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const js = await app.inject('/assets/main-abc123.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await app.inject('/favicon.svg')).statusCode).toBe(200);
    // Every file and screen is public (the access check reads the route's config at request time).
    expect(seen.length).toBe(7);
    expect(seen.every((a) => a === 'public')).toBe(true);
    expect((await app.inject('/cases/12/extra')).statusCode).toBe(404);
    await app.close();
  });

  it('says how to build when dist/web is missing', async () => {
    const { app } = await server(join(dist, 'nowhere'));
    const res = await app.inject('/inbox');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('npm start');
    await app.close();
  });
});
