import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { DIALECTS } from '../../../../test/helpers/db.js';
import { CHANNEL_ENV, fixture, fixtureJson, hubSignature, signalByExternalId } from '../test-support.js';

const SECRET = CHANNEL_ENV.TYNDAU_META_APP_SECRET;

describe.each(DIALECTS)('/webhooks/meta on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, CHANNEL_ENV);
  });
  afterAll(async () => app.stop());

  const post = (body: Buffer, secret: string = SECRET) =>
    app.server.inject({
      method: 'POST',
      url: '/webhooks/meta',
      payload: body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(body, secret) },
    });
  const postJson = (value: unknown) => post(Buffer.from(JSON.stringify(value)));
  const one = async (channel: string, externalId: string) => {
    const rows = await signalByExternalId(app, channel, externalId);
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };

  it('verifies with the Meta token, not the WhatsApp one', async () => {
    const ok = await app.server.inject({
      url: `/webhooks/meta?hub.mode=subscribe&hub.challenge=abc-123&hub.verify_token=${CHANNEL_ENV.TYNDAU_META_VERIFY_TOKEN}`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('abc-123');
    const wrong = await app.server.inject({
      url: `/webhooks/meta?hub.mode=subscribe&hub.challenge=1&hub.verify_token=${CHANNEL_ENV.TYNDAU_WHATSAPP_VERIFY_TOKEN}`,
    });
    expect(wrong.statusCode).toBe(403);
    // Signed with the WhatsApp app secret: refused.
    const res = await post(fixture('ig_message_constructed.json'), CHANNEL_ENV.TYNDAU_WHATSAPP_APP_SECRET);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_signature');
  });

  it('stores an Instagram direct message as an instagram signal', async () => {
    expect((await post(fixture('ig_message_constructed.json'))).json()).toMatchObject({ stored: 1 });
    const s = await one(
      'instagram',
      'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAxOjM0MDI4MjM2Njg0MTcxMDMwMQ',
    );
    expect(s).toMatchObject({
      status: 'received',
      conversation: 'ig:6754000000000001',
      text: 'Здравствуйте! Когда дадут свет на ул. Абая?',
      sent_at: 1749416700000,
    });
    expect(JSON.parse(s.attachments)).toEqual([
      { kind: 'image', url: 'https://lookaside.fbsbx.example/ig_messaging_cdn/?asset_id=1' },
    ]);
  });

  it('stores an Instagram comment as a mention on its media', async () => {
    expect((await post(fixture('ig_comment_constructed.json'))).json()).toMatchObject({ stored: 1 });
    const s = await one('instagram', '17865799348089039');
    expect(s).toMatchObject({
      status: 'mention',
      conversation: 'igmedia:17900000000000001',
      reply_to: '17865799348089000',
      text: 'Опять нет воды в 5 микрорайоне!',
      sent_at: 1749416800000,
    });
    const contact = await app.ctx.db
      .selectFrom('author_contacts')
      .selectAll()
      .where('author_id', '=', s.author_id ?? -1)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ external_user_id: '232323232', username: 'taraz_citizen' });
  });

  it('accepts a comment put straight on the entry, and ignores our own replies', async () => {
    const entryLevel = {
      object: 'instagram',
      entry: [
        {
          id: '17841400000000001',
          time: 1749416900,
          field: 'live_comments',
          value: {
            id: '17865799348089100',
            from: { id: '9', username: 'viewer' },
            text: 'Когда ремонт?',
            media: { id: '17900000000000009' },
          },
        },
      ],
    };
    await postJson(entryLevel);
    expect(await one('instagram', '17865799348089100')).toMatchObject({
      status: 'mention',
      conversation: 'igmedia:17900000000000009',
    });
    const own = structuredClone(entryLevel);
    Object.assign(own.entry[0]!.value, {
      id: '17865799348089101',
      from: { id: '17841400000000001', username: 'akimat' },
    });
    await postJson(own);
    expect(await one('instagram', '17865799348089101')).toMatchObject({ status: 'ignored' });
  });

  it('stores a Messenger message as a facebook signal and ignores echoes of ours', async () => {
    await post(fixture('fb_messenger_constructed.json'));
    expect(await one('facebook', 'm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789')).toMatchObject({
      status: 'received',
      conversation: 'fb:7100000000000001',
      sent_at: 1749416900000,
    });
    const echo = fixtureJson('fb_messenger_constructed.json') as {
      entry: Array<{ messaging: Array<{ message: Record<string, unknown> }> }>;
    };
    Object.assign(echo.entry[0]!.messaging[0]!.message, { mid: 'm_echo-1', is_echo: true });
    expect((await postJson(echo)).json()).toMatchObject({ stored: 0, ignored: 1 });
    expect(await signalByExternalId(app, 'facebook', 'm_echo-1')).toHaveLength(0);
  });

  it('stores Page feed comments and posts as mentions, with reach numbers when present', async () => {
    await post(fixture('fb_feed_comment_constructed.json'));
    expect(await one('facebook', '900000000000001_800000000000001')).toMatchObject({
      status: 'mention',
      conversation: 'fbpost:104000000000001_900000000000001',
      reply_to: '104000000000001_900000000000001',
      text: 'Дорогу на Сарыкемер так и не отремонтировали',
      sent_at: 1749417000000,
    });
    await post(fixture('fb_feed_post_constructed.json'));
    const post_ = await one('facebook', '104000000000001_900000000000002');
    expect(post_.status).toBe('mention');
    expect(JSON.parse(post_.reach ?? 'null')).toEqual({ likes: 12, comments: 3, shares: 1 });
  });

  it('stores an edited comment beside the original, once per new text', async () => {
    const edited = fixtureJson('fb_feed_comment_constructed.json') as {
      entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }>;
    };
    Object.assign(edited.entry[0]!.changes[0]!.value, {
      verb: 'edited',
      message: 'Дорогу так и не отремонтировали!',
    });
    expect((await postJson(edited)).json()).toMatchObject({ stored: 1 });
    expect((await postJson(edited)).json()).toMatchObject({ stored: 0, duplicates: 1 });
    const rows = await app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('external_id', 'like', '900000000000001_800000000000001:edit:%')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reply_to: '900000000000001_800000000000001', status: 'mention' });
  });

  it('records reactions, removals and unknown objects as ignored', async () => {
    expect((await post(fixture('fb_feed_reaction_constructed.json'))).json()).toMatchObject({
      ignored: 1,
      stored: 0,
    });
    const removal = fixtureJson('fb_feed_comment_constructed.json') as {
      entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }>;
    };
    Object.assign(removal.entry[0]!.changes[0]!.value, { verb: 'remove' });
    expect((await postJson(removal)).json()).toMatchObject({ ignored: 1, stored: 0 });
    const user = { object: 'user', entry: [{ id: '1', time: 1, changed_fields: ['email'] }] };
    expect((await postJson(user)).json()).toMatchObject({ ignored: 1 });
  });

  it('refuses a feed change of the wrong shape', async () => {
    const res = await postJson({
      object: 'page',
      entry: [{ id: '1', changes: [{ field: 'feed', value: { item: 5 } }] }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_payload');
  });
});
