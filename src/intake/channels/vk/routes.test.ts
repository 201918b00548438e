import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { DIALECTS } from '../../../../test/helpers/db.js';
import { CHANNEL_ENV, countRows, fixture, fixtureJson, signalByExternalId } from '../test-support.js';

describe.each(DIALECTS)('POST /webhooks/vk on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, CHANNEL_ENV);
  });
  afterAll(async () => app.stop());

  const post = (body: Buffer) =>
    app.server.inject({
      method: 'POST',
      url: '/webhooks/vk',
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
  const postJson = (value: unknown) => post(Buffer.from(JSON.stringify(value)));

  it('answers confirmation with the configured string and stores nothing', async () => {
    const before = await countRows(app, 'signals');
    const res = await post(fixture('vk_confirmation_constructed.json'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe(CHANNEL_ENV.TYNDAU_VK_CONFIRMATION);
    expect(await countRows(app, 'signals')).toBe(before);
  });

  it('stores message_new as a vk signal, answers "ok", and keeps our secret out of the stored payload', async () => {
    const res = await post(fixture('vk_message_new_constructed.json'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('ok');
    const [s] = await signalByExternalId(app, 'vk', 'd4e5f6');
    expect(s).toMatchObject({
      status: 'received',
      conversation: 'vk:1',
      text: 'Не горит фонарь',
      sent_at: 1700000000000,
    });
    expect(s?.raw).not.toContain(CHANNEL_ENV.TYNDAU_VK_SECRET);
    expect(JSON.parse(s?.raw ?? '{}')).toMatchObject({ type: 'message_new', event_id: 'd4e5f6' });
  });

  it('stores wall posts and replies as mentions', async () => {
    expect((await post(fixture('vk_wall_reply_new_constructed.json'))).body).toBe('ok');
    const [reply] = await signalByExternalId(app, 'vk', 'a1b2c3');
    expect(reply).toMatchObject({
      status: 'mention',
      conversation: 'vkwall:-1_5',
      reply_to: '-1_5',
      text: 'Когда починят дорогу?',
    });
    expect((await post(fixture('vk_wall_post_new_constructed.json'))).body).toBe('ok');
    const [post_] = await signalByExternalId(app, 'vk', 'f1e2d3c4b5a6');
    expect(post_).toMatchObject({ status: 'mention', conversation: 'vkwall:-1_77' });
    expect(JSON.parse(post_?.reach ?? 'null')).toEqual({ likes: 9, comments: 4, shares: 2, views: 310 });
    expect(JSON.parse(post_?.attachments ?? '[]')).toEqual([
      { kind: 'image', mediaId: 'photo12345_456239017', url: 'https://sun9-1.userapi.example/x.jpg' },
    ]);
  });

  it('dedupes on event_id, and on type + object id when there is none', async () => {
    const event = fixtureJson('vk_message_new_constructed.json');
    const retried = {
      ...event,
      event_id: 'ev-dedupe-1',
      object: { message: { id: 21, date: 1700000100, from_id: 1, peer_id: 1, text: 'Повтор' } },
    };
    for (let i = 0; i < 3; i++) expect((await postJson(retried)).body).toBe('ok');
    expect(await signalByExternalId(app, 'vk', 'ev-dedupe-1')).toHaveLength(1);
    const { event_id: _drop, ...noId } = retried;
    const withConversationId = {
      ...noId,
      object: {
        message: {
          id: 0,
          conversation_message_id: 44,
          date: 1,
          from_id: 2,
          peer_id: 2000000001,
          text: 'Беседа',
        },
      },
    };
    await postJson(withConversationId);
    await postJson(withConversationId);
    expect(await signalByExternalId(app, 'vk', 'message_new:2000000001:44')).toHaveLength(1);
  });

  it('refuses a wrong or missing secret with 401 invalid_secret and stores nothing', async () => {
    const before = await countRows(app, 'signals');
    const event = fixtureJson('vk_message_new_constructed.json');
    for (const secret of ['S3CR3T', '', undefined, 5]) {
      const res = await postJson({ ...event, event_id: 'ev-bad-secret', secret });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('invalid_secret');
    }
    expect(await countRows(app, 'signals')).toBe(before);
  });
});

describe.each(DIALECTS)('messenger webhooks without configuration on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(async () => app.stop());

  it('refuse everything when their secrets are not set', async () => {
    const body = fixture('tg_text_official.json');
    const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': '' };
    const cases: Array<[string, string, number, string]> = [
      ['POST', '/webhooks/telegram', 401, 'invalid_secret'],
      ['POST', '/webhooks/whatsapp', 401, 'invalid_signature'],
      ['POST', '/webhooks/meta', 401, 'invalid_signature'],
      ['POST', '/webhooks/vk', 401, 'invalid_secret'],
      [
        'GET',
        '/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=',
        403,
        'verification_failed',
      ],
      [
        'GET',
        '/webhooks/meta?hub.mode=subscribe&hub.challenge=1&hub.verify_token=x',
        403,
        'verification_failed',
      ],
    ];
    for (const [method, url, status, code] of cases) {
      const res =
        method === 'GET'
          ? await app.server.inject({ url })
          : await app.server.inject({ method: 'POST', url, payload: body, headers });
      expect(res.statusCode, url).toBe(status);
      expect(res.json().error.code, url).toBe(code);
    }
    const confirmation = await app.server.inject({
      method: 'POST',
      url: '/webhooks/vk',
      payload: fixture('vk_confirmation_constructed.json'),
      headers: { 'content-type': 'application/json' },
    });
    expect(confirmation.statusCode).toBe(403);
    expect(await countRows(app, 'signals')).toBe(0);
    expect(await countRows(app, 'quarantine')).toBe(0);
  });
});
