import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/intake/service.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { tokensForRoles } from './helpers/users.js';

const PHONE = '87015550199';
const IIN = '900101300621';
const EMAIL = 'aigul.s@mail.kz';

/** Personal data reaches only roles that need it: never analysts, public routes or the logs. */
describe('personal data exposure', () => {
  let app: TestApp;
  let analyst: string;
  beforeAll(async () => {
    app = await startTestApp('sqlite', {}, { understanding: true });
    analyst = (await tokensForRoles(app.ctx)).analyst;
    await ingest(app.ctx, {
      channel: 'whatsapp',
      externalId: 'wamid.pii.1',
      text: `В Таразе нет света. Звоните ${PHONE}, ИИН ${IIN}, почта ${EMAIL}`,
      raw: {},
      author: { externalUserId: '77015550199', phone: '+77015550199', displayName: 'Айгуль' },
      conversation: 'wa:77015550199',
    });
    await ingest(app.ctx, {
      channel: 'instagram',
      externalId: 'ig.pii.1',
      status: 'mention',
      text: `Опять нет света в Таразе! Пишите ${EMAIL} или ${PHONE}`,
      raw: {},
      reach: { followers: 5400, likes: 31 },
      author: { externalUserId: 'ig-77', username: 'aigul_s', displayName: 'Айгуль' },
      conversation: 'ig:post-1',
    });
  });
  afterAll(async () => app.stop());

  const leaks = (body: string) =>
    [PHONE, '+77015550199', IIN, EMAIL, 'Айгуль'].filter((v) => body.includes(v));

  it('an admin sees the original text', async () => {
    const res = await app.server.inject({ url: '/api/signals?channel=whatsapp', headers: app.auth() });
    expect(res.body).toContain(PHONE);
    // …and that read of personal data is in the audit log.
    const log = await app.server.inject({ url: '/api/audit?entity=signal', headers: app.auth() });
    expect(log.json().items[0]).toMatchObject({
      action: 'read_pii',
      actor: 'admin-token',
      data: { count: 1 },
    });
  });

  it('an analyst cannot read appeals, and the aggregates and stories they read carry no personal data', async () => {
    const bearer = { authorization: `Bearer ${analyst}` };
    expect((await app.server.inject({ url: '/api/signals', headers: bearer })).statusCode).toBe(403);
    for (const url of ['/api/analytics/kpis', '/api/analytics/stories', '/api/analytics/volume']) {
      const res = await app.server.inject({ url, headers: bearer });
      expect(res.statusCode, url).toBe(200);
      expect(leaks(res.body), url).toEqual([]);
    }
  });

  it('an analyst reads mentions with their redacted text and reach, never the original or the author', async () => {
    const res = await app.server.inject({
      url: '/api/mentions',
      headers: { authorization: `Bearer ${analyst}` },
    });
    expect(res.statusCode).toBe(200);
    const [m] = res.json().items;
    expect(m).toMatchObject({ channel: 'instagram', reach: { followers: 5400 } });
    expect(m.text).toContain('нет света');
    expect(leaks(res.body)).toEqual([]);
    expect(res.body).not.toContain('aigul_s');
  });

  it('public routes and the logs carry none of it', async () => {
    for (const url of ['/open311/v2/requests.json', '/metrics', '/openapi.json']) {
      const res = await app.server.inject(url);
      expect(leaks(res.body), url).toEqual([]);
    }
    expect(leaks(app.logs.text())).toEqual([]);
  });
});
