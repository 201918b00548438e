import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { DIALECTS } from '../../../../test/helpers/db.js';
import { CHANNEL_ENV, fixture, fixtureJson, hubSignature, signalByExternalId } from '../test-support.js';

const SECRET = CHANNEL_ENV.TYNDAU_WHATSAPP_APP_SECRET;

describe.each(DIALECTS)('/webhooks/whatsapp on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, CHANNEL_ENV);
  });
  afterAll(async () => app.stop());

  const post = (body: Buffer) =>
    app.server.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      payload: body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(body, SECRET) },
    });
  const postJson = (value: unknown) => post(Buffer.from(JSON.stringify(value)));

  it('answers the verification handshake with the raw challenge, and 403 otherwise', async () => {
    const ok = await app.server.inject({
      url: `/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${CHANNEL_ENV.TYNDAU_WHATSAPP_VERIFY_TOKEN}`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    expect(ok.body).toBe('1158201444');
    for (const query of [
      'hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong',
      `hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=${CHANNEL_ENV.TYNDAU_WHATSAPP_VERIFY_TOKEN}`,
      `hub.mode=subscribe&hub.challenge=1&hub.verify_token=${CHANNEL_ENV.TYNDAU_META_VERIFY_TOKEN}`,
      'hub.mode=subscribe&hub.challenge=1',
      '',
    ]) {
      const res = await app.server.inject({ url: `/webhooks/whatsapp?${query}` });
      expect(res.statusCode, query).toBe(403);
      expect(res.json().error.code).toBe('verification_failed');
    }
  });

  it('stores the official text message with the author phone in E.164', async () => {
    const res = await post(fixture('wa_text_official.json'));
    expect(res.json()).toEqual({ ok: true, stored: 1, duplicates: 0, ignored: 0, statuses: 0 });
    const [s] = await signalByExternalId(
      app,
      'whatsapp',
      'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
    );
    expect(s).toMatchObject({
      text: 'Does it come in another color?',
      conversation: 'wa:16505551234',
      sent_at: 1749416383000,
      status: 'received',
    });
    const contact = await app.ctx.db
      .selectFrom('author_contacts')
      .selectAll()
      .where('author_id', '=', s?.author_id ?? -1)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({
      external_user_id: '16505551234',
      phone: '+16505551234',
      display_name: 'Sheena Nelson',
    });
  });

  it('reads images, locations and interactive replies', async () => {
    await post(fixture('wa_image_constructed.json'));
    await post(fixture('wa_location_constructed.json'));
    const interactive = await post(fixture('wa_interactive_constructed.json'));
    expect(interactive.json()).toMatchObject({ stored: 2 });
    const rows = await app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('conversation', '=', 'wa:77011234567')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.text)).toEqual([
      'Прорыв трубы во дворе, ул. Толе би 45',
      'Двор дома 45',
      'Нет, не решена',
      'Водоснабжение',
    ]);
    expect(JSON.parse(rows[0]!.attachments)).toEqual([
      {
        kind: 'image',
        mediaId: '2754859441498128',
        mimeType: 'image/jpeg',
        caption: 'Прорыв трубы во дворе, ул. Толе би 45',
      },
    ]);
    expect(rows[1]).toMatchObject({ lat: 42.9001, lon: 71.3655, address: 'ул. Толе би 45, Тараз' });
    expect(rows[2]?.reply_to).toBe('wamid.OUTBOUND-question-1');
    expect(new Set(rows.map((r) => r.thread_id)).size).toBe(1);
  });

  it('records reactions and unsupported messages as ignored', async () => {
    const envelope = fixtureJson('wa_text_official.json') as {
      entry: Array<{ changes: Array<{ value: { messages: unknown[] } }> }>;
    };
    envelope.entry[0]!.changes[0]!.value.messages = [
      {
        from: '16505551234',
        id: 'wamid.reaction-1',
        timestamp: '1749416390',
        type: 'reaction',
        reaction: { message_id: 'wamid.x', emoji: '👍' },
      },
      {
        from: '16505551234',
        id: 'wamid.unsupported-1',
        timestamp: '1749416391',
        type: 'unsupported',
        errors: [{ code: 131051, title: 'Message type unknown' }],
      },
    ];
    expect((await postJson(envelope)).json()).toMatchObject({ stored: 0, ignored: 2 });
  });

  describe('status callbacks', () => {
    const outbox = async (providerId: string, status: string, channel = 'whatsapp') =>
      (
        await app.ctx.db
          .insertInto('outbox')
          .values({
            channel,
            recipient: JSON.stringify({ wa_id: '60173526233' }),
            purpose: 'answer',
            text: 'Ваше обращение принято',
            status,
            provider_message_id: providerId,
            attempts: 1,
            next_attempt_at: 0,
            created_at: 0,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const row = (id: number) =>
      app.ctx.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const statusEvent = (id: string, status: string, timestamp: string) => {
      const e = fixtureJson('wa_status_sent.json') as {
        entry: Array<{ changes: Array<{ value: { statuses: Array<Record<string, unknown>> } }> }>;
      };
      Object.assign(e.entry[0]!.changes[0]!.value.statuses[0]!, { id, status, timestamp });
      return e;
    };

    it('marks our message sent, then read, and a late "delivered" does not regress it', async () => {
      const wamid = 'wamid.HBgLNjAxNzM1MjYyMzMVAgARGBJCNkY5NTBENEU3ODYxQTM3RUQA';
      const id = await outbox(wamid, 'sending');
      const other = await outbox(wamid, 'sending', 'telegram');
      const sent = await post(fixture('wa_status_sent.json'));
      expect(sent.json()).toEqual({ ok: true, stored: 0, duplicates: 0, ignored: 0, statuses: 1 });
      expect(await row(id)).toMatchObject({ status: 'sent', sent_at: 1694492482000 });
      await postJson(statusEvent(wamid, 'read', '1694492600'));
      expect(await row(id)).toMatchObject({ status: 'read', read_at: 1694492600000, delivered_at: null });
      await postJson(statusEvent(wamid, 'delivered', '1694492550'));
      expect(await row(id)).toMatchObject({ status: 'read', delivered_at: 1694492550000 });
      // A repeat changes nothing.
      expect((await postJson(statusEvent(wamid, 'read', '1694492600'))).json().statuses).toBe(0);
      // Only WhatsApp rows are matched.
      expect(await row(other)).toMatchObject({ status: 'sending', sent_at: null });
    });

    it('records a failure with the error from errors[]', async () => {
      const id = await outbox('wamid.FAILED-outbound-1', 'sent');
      await post(fixture('wa_status_failed_constructed.json'));
      const r = await row(id);
      expect(r).toMatchObject({ status: 'failed', failed_at: 1694492600000 });
      expect(r.last_error).toContain('131047 Re-engagement message: Message failed to send');
    });

    it('acknowledges a status for a message we do not know', async () => {
      const res = await postJson(statusEvent('wamid.never-sent-by-us', 'delivered', '1694492500'));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ ok: true, statuses: 0 });
    });
  });
});
