import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/helpers/db.js';
import { triageSignal } from '../cases/sweeps.js';
import { ingest } from '../intake/service.js';
import type { InboundSignal } from '../intake/types.js';
import { databaseSeries } from './forecasts.js';
import { rebuildRollups, refreshRollups, refreshUntilCurrent } from './rollup/refresh.js';
import { type AnalyticsTestApp, startAnalyticsApp } from './testing.js';

const local = (iso: string) => Date.parse(`${iso}+05:00`);
const H = 3_600_000;

describe.each(DIALECTS)('analytics rollups and KPIs on %s', (dialect) => {
  let app: AnalyticsTestApp;
  let seq = 0;
  const caseIds: number[] = [];
  beforeAll(async () => {
    app = await startAnalyticsApp(dialect, local('2026-12-14T09:00:00'));
  });
  afterAll(async () => app.stop());

  async function signal(over: Partial<InboundSignal>, triage = true) {
    seq++;
    const r = await ingest(app.ctx, {
      channel: 'telegram',
      externalId: `a:${seq}`,
      text: 'Нет воды',
      raw: {},
      author: { externalUserId: `u${seq}` },
      conversation: `tg:u${seq}`,
      ...over,
    });
    if (triage) await triageSignal(app.ctx, r.signalId);
    return app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('id', '=', r.signalId)
      .executeTakeFirstOrThrow();
  }
  const get = (url: string) => app.server.inject({ url, headers: app.auth() }).then((r) => r.json());
  const answer = (id: number) =>
    app.server.inject({
      method: 'POST',
      url: `/api/cases/${id}/answer`,
      headers: app.auth(),
      payload: { text: 'Сделано.' },
    });
  const rounded = <T extends { weight: number; w_labelled: number; w_pos: number; w_neg: number }>(
    rows: T[],
  ) =>
    rows.map((r) => ({
      ...r,
      weight: Math.round(r.weight * 1e6),
      w_labelled: Math.round(r.w_labelled * 1e6),
      w_pos: Math.round(r.w_pos * 1e6),
      w_neg: Math.round(r.w_neg * 1e6),
    }));
  /** Every rollup row, in a stable order, weights rounded (sums in another order differ in the last bits). */
  const cube = async () => ({
    cube: rounded(
      await app.ctx.db
        .selectFrom('analytics_cube')
        .selectAll()
        .orderBy('grain')
        .orderBy('dim')
        .orderBy('bucket')
        .orderBy('value')
        .orderBy('mention')
        .execute(),
    ),
    ...Object.fromEntries(
      await Promise.all(
        (['analytics_hourly', 'analytics_daily'] as const).map(async (t) => [
          t,
          rounded(
            await app.ctx.db
              .selectFrom(t)
              .selectAll()
              .orderBy('bucket')
              .orderBy('channel')
              .orderBy('kind')
              .orderBy('topic')
              .orderBy('district')
              .orderBy('sentiment')
              .orderBy('mention')
              .execute(),
          ),
        ]),
      ),
    ),
  });

  it('rolls up appeals, cases and mentions, and answers KPIs and the study’s tables from the rollups', async () => {
    const given = (topic: string, district: string) => ({ given: { kind: 'incident', topic, district } });
    for (let i = 0; i < 3; i++) caseIds.push((await signal(given('water', 'taraz'))).case_id!);
    app.clock.now += H;
    for (let i = 0; i < 2; i++)
      caseIds.push((await signal({ ...given('roads', 'shu'), channel: 'whatsapp' })).case_id!);
    caseIds.push(
      (await signal({ given: { kind: 'consultation', topic: 'gas', district: 'merke' } })).case_id!,
    );
    // Mentions on the akimat's Instagram page: reach, sentiment; one of them becomes a case.
    const m1 = await signal(
      { channel: 'instagram', status: 'mention', text: 'Ужас, опять нет воды', reach: { views: 10_000 } },
      false,
    );
    await signal(
      { channel: 'instagram', status: 'mention', text: 'Спасибо за ремонт дороги', reach: { views: 100 } },
      false,
    );
    await signal(
      { channel: 'instagram', status: 'mention', text: 'Когда будет вода?', reach: { followers: 50 } },
      false,
    );
    await signal({ channel: 'news', status: 'mention', text: 'Авария на водоводе', reach: null }, false);
    await signal({ channel: 'telegram', status: 'ignored', text: '/start' }, false);
    const made = await app.server.inject({
      method: 'POST',
      url: '/api/cases',
      headers: app.auth(),
      payload: { signalId: m1.id },
    });
    expect(made.statusCode).toBe(201);
    const mentionCase = made.json().id as number;
    app.clock.now += 2 * H;
    expect((await answer(caseIds[0]!)).json()).toEqual({ status: 'answered' });
    expect((await answer(mentionCase)).json()).toEqual({ status: 'answered' });
    // The citizen confirms and rates.
    app.clock.now += H;
    await signal({
      externalId: 'fb:1',
      author: { externalUserId: 'u1' },
      conversation: 'tg:u1',
      text: 'да, решено, 5',
    });

    await refreshUntilCurrent(app.ctx);

    const all = await get(
      '/api/analytics/kpis?from=2026-12-14T00:00:00%2B05:00&to=2026-12-15T00:00:00%2B05:00',
    );
    expect(all.from).toBe(new Date(local('2026-12-14T00:00:00')).toISOString());
    expect(all.total).toMatchObject({
      received: 7,
      answered: 2,
      answeredOnTime: 2,
      onTimeRate: 1,
      overdue: 0,
      repeatRate: 0,
      satisfaction: { responses: 1, solvedShare: 1, meanRating: 5 },
      signals: 11,
      mentions: 4,
      socialPosts: 3,
    });
    expect(all.total.socialResponseRate).toBeCloseTo(1 / 3, 3);
    // Answered three hours (first case) and two hours (mention case) after registration.
    expect(all.total.answerHours.median).toBeGreaterThan(1.8);
    expect(all.total.answerHours.median).toBeLessThan(3.3);
    expect(all.total.answerHours.p90).toBeGreaterThan(2.6);
    // Sentiment of mentions weighted by 1 + ln(1 + reach): -(1+ln 10001) + (1+ln 101) over all four.
    const w = (r: number) => 1 + Math.log1p(r);
    expect(all.total.sentimentIndex).toBeCloseTo(
      (w(100) - w(10_000) - w(0)) / (w(10_000) + w(100) + w(50) + w(0)),
      3,
    );

    const byChannel = await get(
      '/api/analytics/kpis?from=2026-12-14T00:00:00%2B05:00&to=2026-12-15T00:00:00%2B05:00&groupBy=channel',
    );
    const row = (key: string) => byChannel.rows.find((r: { key: string }) => r.key === key);
    expect(row('telegram')).toMatchObject({ received: 4, answered: 1 });
    expect(row('whatsapp')).toMatchObject({ received: 2, answered: 0 });
    expect(row('instagram')).toMatchObject({ received: 1, answered: 1, mentions: 3, socialPosts: 3 });

    const byOrg = await get(
      '/api/analytics/kpis?from=2026-12-14T00:00:00%2B05:00&to=2026-12-15T00:00:00%2B05:00&groupBy=organisation',
    );
    expect(byOrg.rows.find((r: { key: string }) => r.key === 'water-utility')).toMatchObject({
      received: 3,
      answered: 1,
      signals: null,
    });

    const t1 = await get(
      '/api/analytics/tables/channels?from=2026-12-14T00:00:00%2B05:00&to=2026-12-15T00:00:00%2B05:00',
    );
    expect(t1.rows.find((r: { channel: string }) => r.channel === 'instagram')).toEqual({
      channel: 'instagram',
      cases: 1,
      mentionsWithoutCase: 2,
      received: 3,
      answered: 1,
      unanswered: 2,
    });
    expect(t1.rows.find((r: { channel: string }) => r.channel === 'news')).toMatchObject({
      received: 1,
      unanswered: 1,
    });
    const t2 = await get(
      '/api/analytics/tables/kinds?from=2026-12-14T00:00:00%2B05:00&to=2026-12-15T00:00:00%2B05:00',
    );
    expect(t2.total).toBe(7);
    expect(t2.rows.find((r: { kind: string }) => r.kind === 'consultation')).toMatchObject({ received: 1 });

    const vol = await get(
      '/api/analytics/volume?from=2026-12-14T09:00:00%2B05:00&to=2026-12-14T13:00:00%2B05:00&bucket=hour&groupBy=topic',
    );
    const water = vol.points.filter((p: { key: string }) => p.key === 'water');
    expect(water).toEqual([
      {
        t: new Date(local('2026-12-14T09:00:00')).toISOString(),
        key: 'water',
        count: 3,
        mentions: 0,
        negative: 3,
        reach: 0,
      },
    ]);
  });

  it('follows case changes incrementally and rebuilds to the same rows', async () => {
    app.clock.now += H;
    expect((await answer(caseIds[3]!)).json()).toEqual({ status: 'answered' });
    const pass = await refreshRollups(app.ctx);
    expect(pass.cases).toBeGreaterThanOrEqual(1);
    const k = await get(
      '/api/analytics/kpis?from=2026-12-14T00:00:00%2B05:00&to=2026-12-15T00:00:00%2B05:00',
    );
    expect(k.total.answered).toBe(3);
    const before = await cube();
    expect(before.cube.length).toBeGreaterThan(20);
    expect(before.analytics_daily.length).toBeGreaterThan(5);
    await rebuildRollups(app.ctx);
    expect(await cube()).toEqual(before);
    // A pass right after a rebuild finds nothing new to count.
    await refreshUntilCurrent(app.ctx);
    expect(await cube()).toEqual(before);
  });

  it('counts a signal whose transaction committed after a later id was already rolled up', async () => {
    const total = async () =>
      Number(
        (
          await app.ctx.db
            .selectFrom('analytics_cube')
            .select((eb) => eb.fn.sum<number>('n').as('n'))
            .where('grain', '=', 'day')
            .where('dim', '=', 'none')
            .executeTakeFirstOrThrow()
        ).n,
      );
    await refreshUntilCurrent(app.ctx);
    const before = await total();
    const top = await app.ctx.db
      .selectFrom('signals')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    const row = (id: number) => ({
      id,
      channel: 'web',
      external_id: `late:${id}`,
      received_at: app.clock.now - 5 * H,
      text: 'x',
      attachments: '[]',
      raw: '{}',
      status: 'received',
      is_demo: 0,
    });
    // Id top+2 commits first and is rolled up; top+1 (a slower transaction) commits afterwards.
    await app.ctx.db
      .insertInto('signals')
      .values(row(Number(top.id) + 2))
      .execute();
    await refreshUntilCurrent(app.ctx);
    expect(await total()).toBe(before + 1);
    await app.ctx.db
      .insertInto('signals')
      .values(row(Number(top.id) + 1))
      .execute();
    await refreshUntilCurrent(app.ctx);
    expect(await total()).toBe(before + 2);
  });

  it('gives the daily series per topic and district that eval-forecast back-tests', async () => {
    app.clock.now = local('2026-12-16T10:00:00');
    const series = await databaseSeries(app.ctx, 'topic_district');
    const water = series.find((s) => s.key === 'water|taraz');
    expect(water).toBeDefined();
    // From its first day to yesterday (today is not over): 14 and 15 December.
    expect(water!.firstDay).toBe(Date.UTC(2026, 11, 14) / 86_400_000);
    expect(water!.counts).toEqual([3, 0]);
    expect(series.every((s) => !s.key.startsWith('|') && !s.key.endsWith('|'))).toBe(true);
  });

  it('counts overdue cases live and rejects a reversed range', async () => {
    app.clock.now = local('2027-02-01T10:00:00');
    const k = await get(
      '/api/analytics/kpis?from=2026-12-14T00:00:00%2B05:00&to=2026-12-15T00:00:00%2B05:00&groupBy=topic',
    );
    expect(k.rows.find((r: { key: string }) => r.key === 'roads')).toMatchObject({ received: 2, overdue: 1 });
    expect(k.total.overdue).toBe(4);
    const bad = await app.server.inject({
      url: '/api/analytics/kpis?from=2026-12-15T00:00:00Z&to=2026-12-14T00:00:00Z',
      headers: app.auth(),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad_range');
  });
});
