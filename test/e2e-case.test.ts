import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, issueToken } from '../src/accounts/service.js';
import { type App, createApp } from '../src/app/app.js';
import { loadLabeler } from '../src/app/features.js';
import { verifyAuditLog } from '../src/audit/audit.js';
import { triagePending } from '../src/cases/sweeps.js';
import type { SignalLabels } from '../src/intake/labeler.js';
import { telegramStandIn } from '../src/outbox/stand-in.test-support.js';
import { deliverDue } from '../src/outbox/worker.js';
import { createLogger } from '../src/shared/logger.js';
import { ADMIN_TOKEN, LogSink, testConfig } from './helpers/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './helpers/db.js';
import { PASSWORD } from './helpers/users.js';

/**
 * The case desk end to end, through the real webhook and a stand-in Bot API: a Telegram message the day
 * before Independence Day becomes a case routed to the water utility, the citizen gets the number and
 * the due date, the executor answers, the citizen gets the answer and the question, says "нет, не
 * решено", and the case is reopened and escalated — every step in the audit log.
 */
const TOKEN = '7000001:e2e-Token_abc';
const SECRET = 'tg-e2e-secret_0123';
const CHAT = 424242;
const local = (iso: string) => Date.parse(`${iso}+05:00`);
const TEXT = 'Нет воды с утра, Тараз, ул. Абая 12. Когда дадут воду?';
const ANSWER = 'Порыв на водоводе устранён, подача воды восстановлена в 14:00.';

/** Used only when the shipped text understanding is not available in this build. */
const givenLabels = (text: string): SignalLabels => ({
  lang: 'ru',
  kind: 'incident',
  topic: 'water',
  sentiment: 'negative',
  district: 'taraz',
  urgency: 'high',
  textRedacted: text,
  details: { source: 'test-given' },
});

describe.each(DIALECTS)('a Telegram appeal from message to reopened case on %s', (dialect) => {
  let clock = local('2026-12-15T10:00:00');
  const tg = telegramStandIn(TOKEN);
  const logs = new LogSink();
  let database: TestDatabase;
  let app: App;
  let executorToken = '';
  let waterId = 0;
  let executorId = 0;

  beforeAll(async () => {
    await tg.start();
    database = await createTestDatabase(dialect);
    const config = testConfig({
      TYNDAU_TELEGRAM_API_BASE: tg.url,
      TYNDAU_TELEGRAM_BOT_TOKEN: TOKEN,
      TYNDAU_TELEGRAM_SECRET: SECRET,
    });
    const logger = createLogger('info', logs);
    const understanding = await loadLabeler(config, logger);
    app = await createApp(config, {
      database,
      logger,
      now: () => clock,
      labeler: understanding ?? givenLabels,
    });
    await app.server.ready();
    const water = await app.ctx.db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'water-utility')
      .executeTakeFirstOrThrow();
    waterId = water.id;
    executorId = await createUser(
      app.ctx,
      { login: 'water-executor', password: PASSWORD, roles: ['executor'], organisations: [waterId] },
      'test',
    );
    executorToken = (await issueToken(app.ctx, executorId, 'e2e', [], undefined, 'test', null)).token;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await tg.stop();
  });

  let seq = 0;
  async function citizenWrites(text: string) {
    seq++;
    const res = await app.server.inject({
      method: 'POST',
      url: '/webhooks/telegram',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      payload: {
        update_id: 880_000 + seq,
        message: {
          message_id: 100 + seq,
          from: { id: CHAT, is_bot: false, first_name: 'Айгуль', language_code: 'ru' },
          chat: { id: CHAT, first_name: 'Айгуль', type: 'private' },
          date: Math.floor(clock / 1000),
          text,
        },
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, stored: 1 });
    await triagePending(app.ctx);
    return app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('external_id', '=', `${CHAT}:${100 + seq}`)
      .executeTakeFirstOrThrow();
  }
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const caseOf = async (id: number) =>
    (await app.server.inject({ url: `/api/cases/${id}`, headers: admin })).json();
  const sent = () => tg.requests.map((r) => r.body);

  it('registers, labels, routes, acknowledges, answers, asks, and reopens on "нет, не решено"', async () => {
    // 1. The appeal arrives on Tue 15 Dec 2026, the day before Independence Day (16 Dec).
    const signal = await citizenWrites(TEXT);
    expect(signal.case_id).not.toBeNull();
    const id = signal.case_id as number;
    let { case: c } = await caseOf(id);
    expect(c).toMatchObject({
      status: 'assigned',
      kind: expect.any(String),
      topic: 'water',
      district: 'taraz',
      channel: 'telegram',
      organisationId: waterId,
      executorId,
      registeredAt: new Date(local('2026-12-15T10:00:00')).toISOString(),
      // 15 working days skip 16 Dec, 1–2 Jan (2 Jan carried to Mon 4 Jan) and 7 Jan: Mon 11 Jan 2027.
      dueAt: new Date(local('2027-01-11T18:00:00')).toISOString(),
    });
    const number: string = c.number;

    // 2. The acknowledgement reaches the Bot API with the case number and the due date.
    expect(await deliverDue(app.ctx)).toMatchObject({ sent: 1, failed: 0, retrying: 0 });
    expect(tg.requests).toHaveLength(1);
    expect(tg.requests[0]?.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(tg.requests[0]?.headers['content-type']).toBe('application/json');
    expect(tg.requests[0]?.body).toEqual({
      chat_id: CHAT,
      text: `Ваше обращение зарегистрировано под номером ${number}. Ответ будет дан до 11.01.2027. Проверить статус: отправьте /status или номер обращения.`,
    });

    // 3. The executor of the water utility answers the next day.
    clock = local('2026-12-17T15:00:00');
    const answer = await app.server.inject({
      method: 'POST',
      url: `/api/cases/${id}/answer`,
      headers: { authorization: `Bearer ${executorToken}` },
      payload: { text: ANSWER },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ status: 'answered' });

    // 4. The answer, then the question, in that order.
    expect(await deliverDue(app.ctx)).toMatchObject({ sent: 2, failed: 0 });
    expect(sent().slice(1)).toEqual([
      {
        chat_id: CHAT,
        text: `Ответ на обращение ${number} (Водоканал (водоснабжение и водоотведение)):\n${ANSWER}`,
      },
      {
        chat_id: CHAT,
        text: `Проблема по обращению ${number} решена? Ответьте: «да», «нет» или «частично», и оцените работу от 1 до 5.`,
      },
    ]);
    const { messages } = await caseOf(id);
    expect(messages.map((m: { purpose: string; status: string }) => [m.purpose, m.status])).toEqual([
      ['acknowledgement', 'sent'],
      ['answer', 'sent'],
      ['feedback_request', 'sent'],
    ]);

    // 5. The citizen says it is not solved: reopened, escalated, and told so.
    clock = local('2026-12-17T16:30:00');
    const reply = await citizenWrites('нет, не решено');
    expect(reply.case_id).toBe(id);
    const detail = await caseOf(id);
    c = detail.case;
    expect(c).toMatchObject({ status: 'reopened', escalated: true, satisfaction: 'not_solved' });
    const types = detail.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['created', 'transition', 'answer', 'feedback', 'escalated']),
    );
    expect(await deliverDue(app.ctx)).toMatchObject({ sent: 1 });
    expect(sent()[3]).toEqual({
      chat_id: CHAT,
      text: `Спасибо за ответ. Обращение ${number} снова открыто и передано руководителю.`,
    });

    // 6. The audit log holds every step, in order, and its chain verifies.
    const audit = await app.server.inject({ url: `/api/audit?entity=case&entityId=${id}`, headers: admin });
    const steps = (audit.json().items as Array<{ id: number; action: string; data: { purpose?: string } }>)
      .sort((a, b) => a.id - b.id)
      .filter((e) => e.action !== 'read_pii') // the test's own reads of the case, as admin
      .map((e) => (e.action === 'case.message_sent' ? `sent:${e.data.purpose}` : e.action));
    expect(steps).toEqual([
      'case.create',
      'sent:acknowledgement',
      'case.answer',
      'sent:answer',
      'sent:feedback_request',
      'case.feedback',
      'sent:notice',
    ]);
    expect((await verifyAuditLog(app.ctx.db)).ok).toBe(true);

    // Nothing else was called, and neither the token nor the texts reached the logs.
    expect(tg.unknown).toEqual([]);
    expect(tg.requests).toHaveLength(4);
    expect(logs.text()).not.toContain(TOKEN);
    expect(logs.text()).not.toContain(ANSWER);
    expect(logs.text()).not.toContain('Абая');
  });
});
