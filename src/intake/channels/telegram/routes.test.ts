import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { DIALECTS } from '../../../../test/helpers/db.js';
import { CHANNEL_ENV, fixture, signalByExternalId } from '../test-support.js';

describe.each(DIALECTS)('POST /webhooks/telegram on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, CHANNEL_ENV);
  });
  afterAll(async () => app.stop());

  const post = (name: string, secret: string | null = CHANNEL_ENV.TYNDAU_TELEGRAM_SECRET) =>
    app.server.inject({
      method: 'POST',
      url: '/webhooks/telegram',
      payload: fixture(name),
      headers: {
        'content-type': 'application/json',
        ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }),
      },
    });

  const contactOf = (authorId: number | null) =>
    app.ctx.db
      .selectFrom('author_contacts')
      .selectAll()
      .where('author_id', '=', authorId ?? -1)
      .executeTakeFirst();

  it('stores text, photo, location and contact messages of one chat in one thread', async () => {
    for (const name of [
      'tg_text_official.json',
      'tg_photo_constructed.json',
      'tg_location_constructed.json',
      'tg_contact_constructed.json',
    ]) {
      const res = await post(name);
      expect(res.statusCode, name).toBe(200);
      expect(res.json()).toEqual({ ok: true, stored: 1, duplicates: 0, ignored: 0 });
    }
    const [text] = await signalByExternalId(app, 'telegram', '1111111:1365');
    const [photo] = await signalByExternalId(app, 'telegram', '1111111:1366');
    const [location] = await signalByExternalId(app, 'telegram', '1111111:1367');
    const [contact] = await signalByExternalId(app, 'telegram', '1111111:1368');
    expect(text).toMatchObject({ text: '/start', conversation: 'tg:1111111', sent_at: 1441645532000 });
    expect(JSON.parse(photo?.attachments ?? '[]')).toEqual([
      { kind: 'image', mediaId: 'AgAC-large', mimeType: 'image/jpeg', caption: 'Яма на дороге, ул. Толе би' },
    ]);
    expect(location).toMatchObject({ lat: 42.9, lon: 71.3667 });
    expect(new Set([text?.thread_id, photo?.thread_id, location?.thread_id, contact?.thread_id]).size).toBe(
      1,
    );
    expect(text?.thread_id).not.toBeNull();
    // The phone lives with the author's contact details, not in the signal.
    expect(contact?.text).toBe('');
    expect(contact?.raw).toContain('+77011234567');
    expect(contact?.attachments).not.toContain('7701');
    expect(await contactOf(contact?.author_id ?? null)).toMatchObject({
      external_user_id: '1111111',
      phone: '+77011234567',
      // The latest message's name wins; the username an earlier message gave is kept.
      display_name: 'Test',
      username: 'Testusername',
    });
    expect(contact?.author_id).toBe(text?.author_id);
  });

  it('stores an edited message beside the original', async () => {
    await post('tg_text_official.json');
    const res = await post('tg_edited_constructed.json');
    expect(res.json()).toMatchObject({ stored: 1 });
    const [edit] = await signalByExternalId(app, 'telegram', '1111111:1365:edit:1441645590');
    expect(edit).toMatchObject({
      reply_to: '1111111:1365',
      text: 'Нет света на ул. Абая 12 с утра',
      status: 'received',
    });
    expect(await signalByExternalId(app, 'telegram', '1111111:1365')).toHaveLength(1);
  });

  it('acknowledges a callback query and records it as ignored', async () => {
    const res = await post('tg_callback_query_constructed.json');
    expect(res.json()).toEqual({ ok: true, stored: 0, duplicates: 0, ignored: 1 });
    const rows = await app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('external_id', 'like', 'callback_query:10005:%')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'ignored', thread_id: null });
  });

  it('refuses a missing or wrong secret token with 401 invalid_secret', async () => {
    for (const secret of [null, '', 'tg-secret_012345678', `${CHANNEL_ENV.TYNDAU_TELEGRAM_SECRET}0`]) {
      const res = await post('tg_text_official.json', secret);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('invalid_secret');
    }
  });

  it('lists the stored messages through GET /api/signals', async () => {
    const res = await app.server.inject({
      url: '/api/signals?channel=telegram&limit=500',
      headers: app.auth(),
    });
    expect(res.statusCode).toBe(200);
    const ids = (res.json() as { items: Array<{ externalId: string }> }).items.map((i) => i.externalId);
    expect(ids).toEqual(
      expect.arrayContaining(['1111111:1365', '1111111:1366', '1111111:1365:edit:1441645590']),
    );
  });
});
