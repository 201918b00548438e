import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { DIALECTS } from '../../test/helpers/db.js';
import { mergeCase } from '../cases/actions.js';
import { answerCase } from '../cases/answers.js';
import { triagePending, triageSignal } from '../cases/sweeps.js';
import { newApiKey } from '../intake/open311/test-support.js';
import { ingest } from '../intake/service.js';
import type { InboundSignal } from '../intake/types.js';
import { providerEnv, providersStandIn, until } from './stand-in.test-support.js';
import { deliverDue, startOutbox } from './worker.js';

/** Open311 status sync, the SMS / e-mail gateway, merged cases, an unconfigured channel, the worker. */
const local = (iso: string) => Date.parse(`${iso}+05:00`);
const GIVEN = { kind: 'incident', topic: 'roads', district: 'taraz', urgency: 'normal' } as const;

describe.each(DIALECTS)('outbox delivery on %s', (dialect) => {
  let clock = local('2026-12-22T10:00:00');
  const api = providersStandIn();
  let app: TestApp;
  let seq = 0;
  beforeAll(async () => {
    await api.start();
    app = await startTestApp(dialect, providerEnv(api.url), { now: () => clock });
  });
  afterAll(async () => {
    await app?.stop();
    await api.stop();
    expect(api.unknown).toEqual([]);
  });

  async function appeal(over: Partial<InboundSignal>) {
    seq++;
    const r = await ingest(app.ctx, {
      channel: 'telegram',
      externalId: `delivery-${seq}`,
      text: 'Яма на дороге',
      raw: {},
      given: GIVEN,
      ...over,
    });
    await triageSignal(app.ctx, r.signalId);
    const s = await app.ctx.db
      .selectFrom('signals')
      .select('case_id')
      .where('id', '=', r.signalId)
      .executeTakeFirstOrThrow();
    return s.case_id as number;
  }
  const outbox = (caseId: number) =>
    app.ctx.db.selectFrom('outbox').selectAll().where('case_id', '=', caseId).orderBy('id').execute();

  it('Open311: acknowledgement keeps the request open with notes and date, the answer closes it', async () => {
    const key = await newApiKey(app);
    const created = await app.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        api_key: key,
        service_code: 'water_outage',
        lat: '42.9012',
        long: '71.3789',
        description: 'Нет воды второй день',
        'attribute[since]': 'yesterday',
      }).toString(),
    });
    const requestId = created.json()[0].service_request_id as string;
    await triagePending(app.ctx);
    const { signal_id } = await app.ctx.db
      .selectFrom('open311_requests')
      .select('signal_id')
      .where('id', '=', Number(requestId))
      .executeTakeFirstOrThrow();
    const c = await app.ctx.db
      .selectFrom('signals')
      .innerJoin('cases', 'cases.id', 'signals.case_id')
      .innerJoin('organisations', 'organisations.id', 'cases.organisation_id')
      .select(['cases.id', 'cases.due_at', 'organisations.name_ru'])
      .where('signals.id', '=', signal_id)
      .executeTakeFirstOrThrow();
    const before = api.requests.length;
    await deliverDue(app.ctx);
    const read = async () => (await app.server.inject(`/open311/v2/requests/${requestId}.json`)).json()[0];
    const stored = () =>
      app.ctx.db
        .selectFrom('open311_requests')
        .select(['status', 'status_notes', 'expected_at', 'agency_responsible'])
        .where('id', '=', Number(requestId))
        .executeTakeFirstOrThrow();
    const [ack] = await outbox(c.id);
    expect(await stored()).toEqual({
      status: 'open',
      status_notes: ack?.text,
      expected_at: c.due_at,
      agency_responsible: c.name_ru,
    });
    expect(await read()).toMatchObject({
      status: 'open',
      expected_datetime: new Date(c.due_at).toISOString().replace('.000Z', 'Z'),
    });
    await answerCase(app.ctx, c.id, { text: 'Подача воды восстановлена.' }, 'test', true);
    await deliverDue(app.ctx);
    const rows = await outbox(c.id);
    expect(rows.map((m) => [m.purpose, m.status])).toEqual([
      ['acknowledgement', 'sent'],
      ['answer', 'sent'],
      ['feedback_request', 'skipped'],
    ]);
    expect(await stored()).toMatchObject({ status: 'closed', status_notes: rows[1]?.text });
    expect(await read()).toMatchObject({ status: 'closed' });
    expect(api.requests.length).toBe(before); // Open311 is our own API: no outbound call
  });

  it('call centre and e-mail cases: SMS or e-mail through the gateway, the address never logged', async () => {
    const registered = [];
    for (const entry of [
      { channel: 'call_center', phone: '8 701 555 0199', text: 'Не горит фонарь во дворе' },
      { channel: 'email', email: 'Aigul.S@example.kz', text: 'Прошу отремонтировать тротуар' },
    ]) {
      const res = await app.server.inject({
        method: 'POST',
        url: '/api/signals',
        headers: app.auth(),
        payload: { ...entry, ...GIVEN },
      });
      expect(res.statusCode).toBe(201);
      registered.push(res.json().signalId as number);
    }
    await triagePending(app.ctx);
    const before = api.requests.length;
    await deliverDue(app.ctx);
    const sent = api.requests.slice(before);
    const sms = sent.find((r) => r.path === '/sms');
    const mail = sent.find((r) => r.path === '/email');
    expect(sms?.body).toEqual({ to: '+77015550199', text: expect.stringContaining('зарегистрировано') });
    expect(mail?.body).toEqual({
      to: 'aigul.s@example.kz',
      text: expect.stringContaining('зарегистрировано'),
    });
    expect(sms?.headers['idempotency-key']).toMatch(/^tyndau-outbox-\d+$/);
    const rows = await app.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('channel', 'in', ['call_center', 'email'])
      .execute();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(rows.map((r) => r.provider_message_id).sort()).toEqual([
      expect.stringMatching(/^mail-/),
      expect.stringMatching(/^sms-/),
    ]);
    for (const r of rows) expect(r.recipient).not.toContain('5550199');
    expect(app.logs.text()).not.toMatch(/5550199|aigul/i);
  });

  it('a merged case’s answer reaches every citizen once per conversation, each under their own number', async () => {
    const main = await appeal({ conversation: 'tg:7101', author: { externalUserId: '7101' } });
    const other = await appeal({ conversation: 'tg:7102', author: { externalUserId: '7102' } });
    const wa = await appeal({
      channel: 'whatsapp',
      conversation: 'wa:77015550177',
      author: { externalUserId: '77015550177' },
    });
    clock += 2 * 3600_000; // a later thread of the first citizen: a second case, same conversation
    const again = await appeal({ conversation: 'tg:7101', author: { externalUserId: '7101' } });
    expect(new Set([main, other, wa, again]).size).toBe(4);
    await deliverDue(app.ctx);
    for (const id of [other, wa, again]) await mergeCase(app.ctx, id, main, 'test');
    const before = api.requests.length;
    await answerCase(app.ctx, main, { text: 'Яму заделали.' }, 'test', true);
    await deliverDue(app.ctx);
    const numbers = new Map(
      (await app.ctx.db.selectFrom('cases').select(['id', 'number']).execute()).map((c) => [c.id, c.number]),
    );
    type Body = { chat_id?: number; to?: string; text?: string | { body: string } };
    const answers = api.requests.slice(before).map((r) => {
      const b = r.body as Body;
      const text = typeof b.text === 'string' ? b.text : (b.text?.body ?? '');
      return `${b.chat_id !== undefined ? `tg:${b.chat_id}` : `wa:${b.to}`}:${text.split('\n')[0]}`;
    });
    expect(answers.sort()).toEqual(
      [
        `tg:7101:Ответ на обращение ${numbers.get(main)} (Акимат города Тараз):`,
        `tg:7101:Проблема по обращению ${numbers.get(main)} решена? Ответьте: «да», «нет» или «частично», и оцените работу от 1 до 5.`,
        `tg:7102:Ответ на обращение ${numbers.get(other)} (Акимат города Тараз):`,
        `tg:7102:Проблема по обращению ${numbers.get(other)} решена? Ответьте: «да», «нет» или «частично», и оцените работу от 1 до 5.`,
        `wa:77015550177:Ответ на обращение ${numbers.get(wa)} (Акимат города Тараз):`,
        `wa:77015550177:Проблема по обращению ${numbers.get(wa)} решена? Ответьте: «да», «нет» или «частично», и оцените работу от 1 до 5.`,
      ].sort(),
    );
    expect(await outbox(again)).toHaveLength(1); // its acknowledgement only: the answer went to tg:7101 once
    const keys = (await outbox(other)).map((m) => m.dedupe_key);
    expect(keys).toContain(`answer:${main}:1:${other}`);
    expect(keys).toContain(`feedback:${main}:1:${other}`);

    // A citizen of a merged case says it is not solved: the case it was merged into reopens, escalated,
    // and the citizen is told under their own number.
    clock += 3600_000;
    const reply = await ingest(app.ctx, {
      channel: 'whatsapp',
      externalId: 'delivery-wa-feedback',
      text: 'нет, вода так и не идёт',
      raw: {},
      conversation: 'wa:77015550177',
      author: { externalUserId: '77015550177' },
    });
    await triageSignal(app.ctx, reply.signalId);
    const target = await app.ctx.db
      .selectFrom('cases')
      .select(['status', 'escalated', 'satisfaction'])
      .where('id', '=', main)
      .executeTakeFirstOrThrow();
    expect(target).toEqual({ status: 'reopened', escalated: 1, satisfaction: 'not_solved' });
    const claimed = await app.ctx.db
      .selectFrom('signals')
      .select('case_id')
      .where('id', '=', reply.signalId)
      .executeTakeFirstOrThrow();
    expect(claimed.case_id).toBe(main);
    const notice = (await outbox(wa)).find((m) => m.dedupe_key === `reopened:${main}:${reply.signalId}`);
    expect(notice?.text).toContain(numbers.get(wa));
    await deliverDue(app.ctx);
  });

  it('the background worker delivers right after a case is created', async () => {
    const stop = await startOutbox(app.ctx);
    try {
      const before = api.accepted.length;
      const id = await appeal({ conversation: 'tg:7301', author: { externalUserId: '7301' } });
      await until(async () => (await outbox(id))[0]?.status === 'sent');
      const got = api.accepted.slice(before).map((r) => r.body as { chat_id: number });
      expect(got).toEqual([expect.objectContaining({ chat_id: 7301 })]);
      const depth = await app.ctx.metrics.registry.getSingleMetricAsString('tyndau_queue_depth');
      expect(depth).toContain('tyndau_queue_depth{queue="outbox"} 0');
    } finally {
      await stop();
    }
  });
});

describe.each(DIALECTS)('an unconfigured channel on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect); // no bot token
  });
  afterAll(async () => app?.stop());

  it('fails the message at once with channel_not_configured instead of retrying forever', async () => {
    const r = await ingest(app.ctx, {
      channel: 'telegram',
      externalId: 'nc-1',
      text: 'Нет света',
      raw: {},
      conversation: 'tg:9901',
      author: { externalUserId: '9901' },
    });
    await triageSignal(app.ctx, r.signalId);
    expect(await deliverDue(app.ctx)).toMatchObject({ sent: 0, failed: 1, retrying: 0 });
    const [row] = await app.ctx.db.selectFrom('outbox').selectAll().execute();
    expect(row).toMatchObject({ status: 'failed', last_error: 'channel_not_configured', attempts: 1 });
    expect(row?.failed_at).not.toBeNull();
  });
});
