import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { DIALECTS } from '../../test/helpers/db.js';
import { tokensForRoles } from '../../test/helpers/users.js';
import type { Role } from '../auth/permissions.js';
import { ingest } from '../intake/service.js';
import type { Channel } from '../shared/taxonomy.js';

const T0 = Date.parse('2026-11-02T06:00:00Z');

describe.each(DIALECTS)('GET /api/mentions on %s', (dialect) => {
  let app: TestApp;
  let tokens: Record<Role, string>;
  const get = (query: string, role: Role = 'analyst') =>
    app.server.inject({ url: `/api/mentions${query}`, headers: app.auth(tokens[role]) });

  beforeAll(async () => {
    app = await startTestApp(dialect);
    tokens = await tokensForRoles(app.ctx);
    const rows: Array<[Channel, string, string, string, 'mention' | 'received']> = [
      ['instagram', 'water', 'negative', 'taraz', 'mention'],
      ['instagram', 'roads', 'positive', 'shu', 'mention'],
      ['vk', 'water', 'negative', 'shu', 'mention'],
      ['news', 'roads', 'neutral', 'taraz', 'mention'],
      ['facebook', 'water', 'negative', 'taraz', 'mention'],
      ['telegram', 'water', 'negative', 'taraz', 'received'],
    ];
    for (const [i, [channel, topic, sentiment, district, status]] of rows.entries()) {
      const r = await ingest(app.ctx, {
        channel,
        externalId: `m-${i}`,
        receivedAt: T0 + i * 3600_000,
        text: `Пост ${i}: звоните 87015550199, Айгуль`,
        raw: {},
        status,
        reach: { followers: 1000 * (i + 1), likes: i },
        author: channel === 'news' ? null : { externalUserId: `u${i}`, displayName: 'Айгуль Сейткали' },
      });
      // Labels and the redacted copy, as the labelling step would leave them.
      await app.ctx.db
        .updateTable('signals')
        .set({
          topic,
          sentiment,
          district,
          text_redacted: `Пост ${i}: звоните [телефон], [имя]`,
          cluster_id: i,
        })
        .where('id', '=', r.signalId)
        .execute();
    }
  });
  afterAll(async () => app.stop());

  it('lists mentions and news newest first, with redacted text only', async () => {
    const res = await get('');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(5);
    expect(body.items.map((m: { channel: string }) => m.channel)).toEqual([
      'facebook',
      'news',
      'vk',
      'instagram',
      'instagram',
    ]);
    expect(body.items[0]).toMatchObject({
      text: 'Пост 4: звоните [телефон], [имя]',
      reach: { followers: 5000, likes: 4 },
      topic: 'water',
      sentiment: 'negative',
      district: 'taraz',
      storyId: 4,
      caseId: null,
    });
    expect(res.body).not.toContain('87015550199');
    expect(res.body).not.toContain('Айгуль');
  });

  it('filters by channel, topic, sentiment, district and time', async () => {
    const ids = async (q: string) =>
      (await get(q)).json().items.map((m: { text: string }) => Number(/Пост (\d)/.exec(m.text)?.[1]));
    expect(await ids('?channel=instagram')).toEqual([1, 0]);
    expect(await ids('?topic=water&sentiment=negative')).toEqual([4, 2, 0]);
    expect(await ids('?district=shu,taraz&topic=roads')).toEqual([3, 1]);
    const from = new Date(T0 + 2 * 3600_000).toISOString();
    const to = new Date(T0 + 4 * 3600_000).toISOString();
    expect(await ids(`?from=${from}&to=${to}`)).toEqual([3, 2]);
    expect((await get('?from=yesterday')).statusCode).toBe(400);
  });

  it('pages with a cursor and refuses a forged one', async () => {
    const first = (await get('?limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(5);
    const second = (await get(`?limit=2&cursor=${first.next}`)).json();
    const third = (await get(`?limit=2&cursor=${second.next}`)).json();
    expect(third.next).toBeNull();
    const all = [...first.items, ...second.items, ...third.items].map((m: { id: number }) => m.id);
    expect(new Set(all).size).toBe(5);
    const bad = await get('?cursor=bm9wZQ');
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'invalid_cursor']);
  });

  it('is open to analysts, operators and supervisors, not to executors', async () => {
    for (const role of ['analyst', 'operator', 'supervisor', 'admin'] as const)
      expect((await get('', role)).statusCode, role).toBe(200);
    expect((await get('', 'executor')).statusCode).toBe(403);
  });
});
