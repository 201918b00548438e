import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/helpers/db.js';
import { tokensForRoles } from '../../test/helpers/users.js';
import type { Role } from '../auth/permissions.js';
import { ingestBatch } from '../intake/service.js';
import type { InboundSignal } from '../intake/types.js';
import { runAnalyticsCycle } from './service.js';
import { type AnalyticsTestApp, startAnalyticsApp } from './testing.js';

const local = (iso: string) => Date.parse(`${iso}+05:00`);
const H = 3_600_000;
const START = local('2026-11-02T08:00:00');
const PHONE = '+7 701 555 12 34';
const NAME = 'Асель Нурланова';
const BURST = [
  'Нет воды в мкр Аса с утра',
  `В микрорайоне Аса нет воды, звоните ${PHONE}`,
  'Мкр Аса: опять нет воды',
  'Нет холодной воды мкр Аса, когда дадут воду?',
];
const CHANNELS = ['whatsapp', 'call_center', 'instagram', 'telegram'] as const;

describe.each(DIALECTS)('early warning and alerts on %s', (dialect) => {
  let app: AnalyticsTestApp;
  let tokens: Record<Role, string>;
  let seq = 0;
  const events: Array<{ alertId: number; change: string }> = [];
  beforeAll(async () => {
    app = await startAnalyticsApp(dialect, START);
    tokens = await tokensForRoles(app.ctx);
    app.ctx.bus.on('alert.changed', (e) => events.push(e));
    // Three weeks of ordinary traffic: water in Shu every 8 hours, roads in Taraz every 4 hours.
    const history: InboundSignal[] = [];
    for (let t = START; t < START + 21 * 24 * H; t += 4 * H) {
      const topics = (t - START) % (8 * H) === 0 ? ['water', 'roads'] : ['roads'];
      for (const topic of topics) {
        seq++;
        history.push({
          channel: 'call_center',
          externalId: `h:${seq}`,
          receivedAt: t,
          text: topic === 'water' ? 'Слабый напор воды' : 'Яма на дороге',
          raw: {},
          given: { kind: 'incident', topic, district: topic === 'water' ? 'shu' : 'taraz' },
        });
      }
    }
    await ingestBatch(app.ctx, history);
    app.clock.now = START + 21 * 24 * H + 10 * 60_000;
  });
  afterAll(async () => app.stop());

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token?: string, payload?: object) =>
    app.server.inject({ method, url, headers: app.auth(token), ...(payload ? { payload } : {}) });
  async function burst(n: number) {
    const items: InboundSignal[] = [];
    for (let i = 0; i < n; i++) {
      seq++;
      const channel = CHANNELS[seq % CHANNELS.length]!;
      items.push({
        channel,
        externalId: `b:${seq}`,
        receivedAt: app.clock.now + i * 60_000,
        text: BURST[seq % BURST.length]!,
        raw: {},
        author: { externalUserId: `c${seq}`, displayName: NAME, phone: PHONE },
        status: channel === 'instagram' ? 'mention' : 'received',
        given: { topic: 'water', district: 'shu' },
      });
    }
    await ingestBatch(app.ctx, items);
    app.clock.now += n * 60_000;
  }
  const alertsOf = async (type: string) =>
    ((await api('GET', '/api/alerts')).json().items as Array<Record<string, unknown>>).filter(
      (a) => a.type === type,
    );

  it('raises exactly one alert for a burst of water signals in one district, growing with it', async () => {
    const rule = await api('POST', '/api/alert-rules', tokens.analyst, {
      name: 'Вода',
      type: 'spike',
      scope: { topic: 'water' },
      recipients: { web: true, telegram: ['-100200300'], email: ['duty@akimat.kz'] },
      lang: 'ru',
    });
    expect(rule.statusCode).toBe(201);
    expect(rule.json()).toMatchObject({
      type: 'spike',
      threshold: 5,
      recipients: { telegram: ['-100200300'] },
    });

    await runAnalyticsCycle(app.ctx);
    expect(await alertsOf('spike')).toEqual([]);

    await burst(12);
    await runAnalyticsCycle(app.ctx);
    const [first, ...rest] = await alertsOf('spike');
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      ruleId: rule.json().id,
      subject: { topic: 'water', district: 'shu' },
      open: true,
      ackedAt: null,
    });
    expect(first!.count).toBeGreaterThanOrEqual(12);
    expect((first!.explanation as { en: string }).en).toMatch(
      /^water, Shu.*: \d+ in the last (3|24) h against [\d.]+ expected$/,
    );
    const anomalies = (await api('GET', '/api/analytics/anomalies')).json().items;
    expect(anomalies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'spike', topic: 'water', district: 'shu' }),
        // Every message of the burst is negative, against a neutral history.
        expect.objectContaining({ type: 'sentiment_shift', topic: 'water', district: 'shu' }),
      ]),
    );
    expect(anomalies).toHaveLength(2);
    const sent = await app.ctx.db.selectFrom('outbox').selectAll().where('purpose', '=', 'alert').execute();
    expect(sent.map((m) => m.channel).sort()).toEqual(['email', 'telegram']);
    expect(sent[0]!.text).toContain('Вода');
    expect(events).toEqual([expect.objectContaining({ alertId: first!.id, change: 'raised' })]);

    await burst(25);
    await runAnalyticsCycle(app.ctx);
    const grown = await alertsOf('spike');
    expect(grown).toHaveLength(1);
    expect(grown[0]!.id).toBe(first!.id);
    expect(grown[0]!.count as number).toBeGreaterThan(first!.count as number);
    expect(Date.parse(grown[0]!.lastSeen as string)).toBeGreaterThan(Date.parse(first!.lastSeen as string));
    expect(events.at(-1)).toMatchObject({ alertId: first!.id, change: 'updated' });

    const ack = await api('POST', `/api/alerts/${first!.id}/ack`, tokens.analyst);
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ id: first!.id, ackedBy: expect.stringMatching(/^user:\d+$/) });
    expect(Date.parse(ack.json().ackedAt)).toBe(app.clock.now);
    expect((await api('POST', `/api/alerts/${first!.id}/ack`, tokens.analyst)).json().error.code).toBe(
      'already_acknowledged',
    );
    expect((await api('POST', `/api/alerts/${first!.id}/ack`, tokens.auditor)).statusCode).toBe(403);
  });

  it('groups the burst into one story across channels, titled without personal data', async () => {
    const burstStories = await app.ctx.db
      .selectFrom('signals')
      .select('cluster_id')
      .distinct()
      .where('external_id', 'like', 'b:%')
      .execute();
    expect(burstStories).toHaveLength(1);
    const id = burstStories[0]!.cluster_id;
    const items = (await api('GET', '/api/analytics/stories?minSize=5&topic=water', tokens.operator)).json()
      .items;
    const story = items.find((s: { id: number }) => s.id === id);
    expect(story).toMatchObject({ topic: 'water', district: 'shu', place: 'мкр Аса', size: 37 });
    // The freshest, fastest-growing story comes first; older history stories follow.
    expect(items[0].id).toBe(id);
    expect(Object.keys(story.channels).sort()).toEqual([...CHANNELS].sort());
    expect(story.growth.last3h).toBe(37);
    expect(story.title).not.toContain('701');
    expect(story.keywords).toContain('вод');
  });

  it('fires a keyword rule once per story and counts further matches into it', async () => {
    const rule = await api('POST', '/api/alert-rules', undefined, {
      name: 'Прорывы',
      type: 'keyword',
      params: { keywords: ['прорыв'] },
      recipients: { web: true },
      lang: 'ru',
    });
    expect(rule.statusCode).toBe(201);
    const noKeywords = await api('POST', '/api/alert-rules', undefined, { name: 'x', type: 'keyword' });
    expect(noKeywords.json().error.code).toBe('keywords_required');
    const channelSpike = await api('POST', '/api/alert-rules', undefined, {
      name: 'x',
      type: 'spike',
      scope: { topic: 'water', channel: 'telegram' },
    });
    expect(channelSpike.statusCode).toBe(400);
    expect(channelSpike.json().error.code).toBe('unsupported_scope');
    const items: InboundSignal[] = [
      'ПРОРЫВ трубы на Абая, течёт вода',
      'Прорыв трубы на Абая всё ещё течёт',
    ].map((text, i) => ({
      channel: 'telegram',
      externalId: `kw:${i}`,
      text,
      raw: {},
      given: { topic: 'water', district: 'taraz' },
    }));
    await ingestBatch(app.ctx, items.slice(0, 1));
    await runAnalyticsCycle(app.ctx);
    const [kw] = await alertsOf('keyword');
    expect(kw).toMatchObject({ count: 1, subject: { keyword: 'прорыв', topic: 'water', district: 'taraz' } });
    await ingestBatch(app.ctx, items.slice(1));
    await runAnalyticsCycle(app.ctx);
    const after = await alertsOf('keyword');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: kw!.id, count: 2 });
  });

  it('raises high-reach negative and sentiment-shift alerts', async () => {
    for (const body of [
      { name: 'Охват', type: 'high_reach_negative', threshold: 5000 },
      { name: 'Настроение', type: 'sentiment_shift', scope: { district: 'shu' } },
    ]) {
      expect((await api('POST', '/api/alert-rules', undefined, body)).statusCode).toBe(201);
    }
    await ingestBatch(app.ctx, [
      {
        channel: 'instagram',
        externalId: 'reach:1',
        text: 'Ужас, в Шу неделю нет газа',
        raw: {},
        status: 'mention',
        reach: { views: 80_000 },
        given: { topic: 'gas', district: 'shu' },
      },
      {
        channel: 'instagram',
        externalId: 'reach:2',
        text: 'Ужас, огромная очередь',
        raw: {},
        status: 'mention',
        reach: { views: 300 },
        given: { topic: 'healthcare', district: 'shu' },
      },
    ]);
    await runAnalyticsCycle(app.ctx);
    const [reach, ...more] = await alertsOf('high_reach_negative');
    expect(more).toEqual([]);
    expect(reach).toMatchObject({
      count: 80_000,
      severity: 'critical',
      subject: { channel: 'instagram', topic: 'gas' },
    });
    expect((reach!.explanation as { en: string }).en).toBe(
      'instagram: negative post with a reach of 80000 (threshold 5000)',
    );
    const [shift] = await alertsOf('sentiment_shift');
    expect(shift).toMatchObject({ subject: { topic: 'water', district: 'shu' } });
    expect((shift!.explanation as { en: string }).en).toMatch(
      /^water, Shu.*: \d+ % negative of \d+ in the last 24 h/,
    );
  });

  it('shows the analyst aggregates and no personal data; other roles are kept out', async () => {
    const urls = [
      '/api/analytics/kpis?groupBy=district',
      '/api/analytics/volume?groupBy=topic',
      '/api/analytics/volume?bucket=hour&groupBy=topic_district',
      '/api/analytics/tables/channels',
      '/api/analytics/tables/kinds',
      '/api/analytics/anomalies',
      '/api/analytics/stories?minSize=1',
      '/api/analytics/forecast?groupBy=topic&horizon=7',
      '/api/alerts',
    ];
    for (const url of urls) {
      const r = await api('GET', url, tokens.analyst);
      expect(r.statusCode, url).toBe(200);
      expect(r.body, url).not.toContain('701 555');
      expect(r.body, url).not.toContain('Нурланова');
      expect((await api('GET', url, tokens.executor)).statusCode, url).toBe(403);
    }
    expect((await api('GET', '/api/cases', tokens.analyst)).statusCode).toBe(403);
    const rules = (await api('GET', '/api/alert-rules', tokens.auditor)).json().items;
    expect(rules[0].recipients.email).toEqual(['d***@akimat.kz']);
    expect(
      (await api('POST', '/api/alert-rules', tokens.auditor, { name: 'x', type: 'spike' })).statusCode,
    ).toBe(403);
    expect(app.logs.text()).not.toContain('Нет воды');
    expect(app.logs.text()).not.toContain('701 555');
  });

  it('raises an overdue-count alert and deletes a rule with its alerts', async () => {
    const rule = await api('POST', '/api/alert-rules', undefined, {
      name: 'Просрочка',
      type: 'overdue_count',
      threshold: 1,
      scope: { district: 'taraz' },
    });
    const { triageSignal } = await import('../cases/sweeps.js');
    const [r] = await ingestBatch(app.ctx, [
      {
        channel: 'telegram',
        externalId: 'od:1',
        text: 'Яма',
        raw: {},
        given: { kind: 'incident', topic: 'roads', district: 'taraz' },
      },
    ]);
    await triageSignal(app.ctx, r!.signalId);
    app.clock.now += 40 * 24 * H;
    await runAnalyticsCycle(app.ctx);
    const [od] = await alertsOf('overdue_count');
    expect(od).toMatchObject({ ruleId: rule.json().id, count: 1 });
    expect((await api('DELETE', `/api/alert-rules/${rule.json().id}`)).statusCode).toBe(204);
    expect(await alertsOf('overdue_count')).toEqual([]);
  });
});
