import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp, testConfig } from '../../test/helpers/app.js';
import { createLogger } from '../shared/logger.js';
import { CHANNEL_ENV } from './channels/test-support.js';
import { createLabelPool } from './label-pool.js';

/** Webhook deliveries labelled in a worker thread: the same labels as inline, committed labelled. */
describe('labelling worker pool', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(
      'sqlite',
      { ...CHANNEL_ENV, TYNDAU_LABEL_WORKERS: '1' },
      { understanding: true },
    );
  });
  afterAll(async () => app.stop());

  let n = 0;
  const send = (text: string) => {
    n++;
    return app.server.inject({
      method: 'POST',
      url: '/webhooks/telegram',
      headers: { 'x-telegram-bot-api-secret-token': CHANNEL_ENV.TYNDAU_TELEGRAM_SECRET },
      payload: {
        update_id: 9_000 + n,
        message: {
          message_id: n,
          from: { id: 4242, is_bot: false, first_name: 'Айгуль' },
          chat: { id: 4242, type: 'private' },
          date: 1_764_400_000,
          text,
        },
      },
    });
  };
  const row = (externalId: string) =>
    app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('channel', '=', 'telegram')
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow();

  const TEXTS = [
    'В Шу третий день нет воды, дети без воды! Мой номер 87011234567',
    'Қордай ауданында жарық жоқ, кешке дейін қосыңыздар',
    'Спасибо водоканалу, быстро починили трубу на Абая',
  ];

  it('stores each delivery labelled exactly as the inline labeler would', async () => {
    expect(app.ctx.labelPool).not.toBeNull();
    const before = app.ctx.labelPool!.labelled();
    for (const text of TEXTS) {
      const res = await send(text);
      expect(res.statusCode).toBe(200);
      const s = await row(`4242:${n}`);
      const inline = app.ctx.labeler!(text);
      expect(s.labelled_at).not.toBeNull();
      expect({
        lang: s.lang,
        kind: s.kind,
        topic: s.topic,
        sentiment: s.sentiment,
        district: s.district,
        urgency: s.urgency,
        text_redacted: s.text_redacted,
        labels: JSON.parse(s.labels ?? 'null'),
      }).toEqual({
        lang: inline.lang,
        kind: inline.kind,
        topic: inline.topic,
        sentiment: inline.sentiment,
        district: inline.district,
        urgency: inline.urgency,
        text_redacted: inline.textRedacted,
        labels: JSON.parse(JSON.stringify(inline.details)),
      });
    }
    expect(app.ctx.labelPool!.labelled() - before).toBe(TEXTS.length); // labelled by the worker
  });

  it('labels inline when the worker is gone, so nothing waits unlabelled', async () => {
    await app.ctx.labelPool!.close();
    expect(await app.ctx.labelPool!.label(['нет воды'])).toBeNull();
    const before = app.ctx.labelPool!.labelled();
    const res = await send('Нет света на улице Толе би');
    expect(res.statusCode).toBe(200);
    const s = await row(`4242:${n}`);
    expect(s.labelled_at).not.toBeNull();
    expect(s.topic).toBe(app.ctx.labeler!('Нет света на улице Толе би').topic);
    expect(app.ctx.labelPool!.labelled()).toBe(before);
  });
});

describe('labelling worker pool after a crash', () => {
  it('labels inline while a crashed worker is replaced, then uses the new one', async () => {
    const entry = new URL('./fixtures/crashing-label-worker.mjs', import.meta.url);
    const pool = await createLabelPool(
      testConfig({ TYNDAU_LABEL_WORKERS: '1' }),
      createLogger('silent'),
      entry,
    );
    expect(pool).not.toBeNull();
    try {
      expect(await pool!.label(['нет воды'])).toEqual([null]);
      expect(pool!.labelled()).toBe(1);
      expect(await pool!.label(['crash'])).toBeNull(); // the caller labels inline
      expect(pool!.workers()).toBe(0);
      expect(await pool!.label(['нет света'])).toBeNull();
      await vi.waitFor(() => expect(pool!.workers()).toBe(1), { timeout: 5_000, interval: 50 });
      expect(await pool!.label(['нет газа', 'нет тепла'])).toEqual([null, null]);
      expect(pool!.labelled()).toBe(3);
    } finally {
      await pool!.close();
    }
    expect(pool!.workers()).toBe(0);
  });
});
