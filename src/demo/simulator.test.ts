import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/helpers/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/helpers/db.js';
import { type App, createApp } from '../app/app.js';
import { triagePending } from '../cases/sweeps.js';
import { deliverDue } from '../outbox/worker.js';
import { createLogger } from '../shared/logger.js';
import { demoConfig } from './config.js';
import { Simulator } from './simulator.js';
import { type StandIn, startStandIn } from './standin.js';
import type { Route } from './webhooks.js';

const ROUTES: ReadonlyArray<[Route, string, string]> = [
  ['telegram', 'telegram', 'received'],
  ['whatsapp', 'whatsapp', 'received'],
  ['instagram_dm', 'instagram', 'received'],
  ['instagram_comment', 'instagram', 'mention'],
  ['facebook_comment', 'facebook', 'mention'],
  ['vk_message', 'vk', 'received'],
  ['vk_comment', 'vk', 'mention'],
];

describe.each(DIALECTS)('demo simulator through the real webhooks on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let standIn: StandIn;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    standIn = await startStandIn();
    const config = demoConfig(testConfig({ TYNDAU_DEMO: '1', TYNDAU_SIMULATOR: '1' }), standIn.url);
    app = await createApp(config, { database, logger: createLogger('silent') });
    url = await app.server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await standIn.close();
    await database.drop();
  });

  const stored = () =>
    app.ctx.db
      .selectFrom('signals')
      .select(['id', 'channel', 'status', 'text', 'is_demo', 'case_id'])
      .orderBy('id')
      .execute();

  it('derives a demo config with generated channel secrets and stand-in provider APIs, leaving the original alone', () => {
    const base = testConfig({ TYNDAU_DEMO: '1' });
    const derived = demoConfig(base, standIn.url);
    expect(base.telegram.secret).toBeUndefined();
    expect(derived.telegram.secret).toMatch(/^[\w-]{20,}$/);
    expect(derived.whatsapp.appSecret).not.toBe(derived.meta.appSecret);
    expect(derived.telegram.apiBase).toBe(`${standIn.url}/telegram`);
    expect(derived.meta.graphApiBase).toBe(`${standIn.url}/graph`);
    expect(derived.vk.apiBase).toBe(`${standIn.url}/vk`);
    expect(Object.isFrozen(derived.telegram)).toBe(true);
    // Configured providers keep their real API; production configs are returned untouched.
    const real = demoConfig(
      testConfig({
        TYNDAU_DEMO: '1',
        TYNDAU_TELEGRAM_BOT_TOKEN: '1:real',
        TYNDAU_TELEGRAM_SECRET: 'given-secret',
      }),
      standIn.url,
    );
    expect(real.telegram.apiBase).toBe('https://api.telegram.org');
    expect(real.telegram.secret).toBe('given-secret');
    // Only channels whose secret the demo generated store what they receive as demo data at once.
    expect(derived.demoChannels).toEqual(['telegram', 'whatsapp', 'instagram', 'facebook', 'vk']);
    expect(real.demoChannels).not.toContain('telegram');
    expect(base.demoChannels).toEqual([]);
    const prod = testConfig({ TYNDAU_DEMO: '0' });
    expect(demoConfig(prod, standIn.url)).toBe(prod);
  });

  it('sends every route signed like the provider, and the real routes store it as demo data', async () => {
    const sim = new Simulator(app.ctx, url, { perMinute: 0, seed: 1 });
    for (const [route, channel, status] of ROUTES) {
      const before = (await stored()).length;
      expect(await sim.send(route, sim.everydayText(Date.now())), route).toBe(true);
      const after = await stored();
      expect(after.length, route).toBe(before + 1);
      const row = after[after.length - 1]!;
      expect(row).toMatchObject({ channel, status, is_demo: 1 });
      expect(row.text.length).toBeGreaterThan(5);
    }
  });

  it('is refused by the real routes when signed with the wrong secrets', async () => {
    const wrong = {
      ...app.ctx,
      config: demoConfig(testConfig({ TYNDAU_DEMO: '1' }), standIn.url),
    };
    const sim = new Simulator(wrong, url, { perMinute: 0, seed: 2 });
    const before = (await stored()).length;
    for (const [route] of ROUTES) expect(await sim.send(route, 'Нет воды с утра'), route).toBe(false);
    expect((await stored()).length).toBe(before);
  });

  it('runs a developing outage in one place: 3, then 8, then 20 messages from different people', async () => {
    const sim = new Simulator(app.ctx, url, { perMinute: 0, seed: 3 });
    const t0 = Date.now();
    const outage = sim.startOutage(t0, 'shu');
    expect(outage?.district).toBe('shu');
    const before = (await stored()).length;
    expect(await sim.tick(t0 + 60_000)).toBe(3);
    expect(await sim.tick(t0 + 150_000)).toBe(8);
    expect(await sim.tick(t0 + 270_000)).toBe(20);
    const rows = (await stored()).slice(before);
    expect(rows).toHaveLength(31);
    const names = [outage!.place.ru, outage!.place.kk, outage!.place.latin].filter(Boolean) as string[];
    for (const r of rows)
      expect(
        names.some((n) => r.text.includes(n)),
        r.text,
      ).toBe(true);
    expect(new Set(rows.map((r) => r.channel)).size).toBeGreaterThan(2);
  });

  it('turns the appeals into demo cases whose acknowledgements the stand-in delivers', async () => {
    await triagePending(app.ctx);
    // Marked at ingest (the channels' secrets were generated by demo mode), so the cases are demo at once.
    const cases = await app.ctx.db.selectFrom('cases').select(['is_demo']).execute();
    expect(cases.length).toBeGreaterThan(5);
    expect(cases.every((c) => c.is_demo === 1)).toBe(true);
    const report = await deliverDue(app.ctx);
    expect(report.sent).toBeGreaterThan(0);
    expect(report.failed).toBe(0);
    const outbox = await app.ctx.db.selectFrom('outbox').select(['status', 'channel']).execute();
    expect(outbox.filter((o) => o.status === 'sent').length).toBe(report.sent);
    expect(
      (standIn.counts.telegram ?? 0) + (standIn.counts.graph ?? 0) + (standIn.counts.vk ?? 0),
    ).toBeGreaterThan(0);
  });
});
