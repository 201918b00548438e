import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app/app.js';
import { answerCase } from '../src/cases/answers.js';
import { triageSignal } from '../src/cases/sweeps.js';
import { type DatabaseHandle, openDatabase } from '../src/db/database.js';
import { ingest } from '../src/intake/service.js';
import { type Received, type Reply, StandIn, until } from '../src/outbox/stand-in.test-support.js';
import { BACKOFF_CAP_MS, deliverDue, LEASE_MS, MAX_ATTEMPTS } from '../src/outbox/worker.js';
import { createLogger } from '../src/shared/logger.js';
import { LogSink, testConfig } from './helpers/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './helpers/db.js';

/**
 * The outbox across process restarts: what was queued is delivered by the next process, a send cut
 * off by a crash is sent again (once the dead worker's claim has expired), nothing the provider
 * accepted is sent twice, failures are retried with backoff and finally given up.
 */
const TOKEN = '7000002:restart-Token';
const local = (iso: string) => Date.parse(`${iso}+05:00`);

type Mode = 'accept' | 'hang' | ((r: Received) => Reply);

describe.each(DIALECTS)('outbox across restarts on %s', (dialect) => {
  let clock = local('2026-12-21T10:00:00');
  let mode: Mode = 'accept';
  let messageId = 0;
  const tg = new StandIn().on('POST', `/bot${TOKEN}/sendMessage`, (r) => {
    if (mode === 'hang') return 'hang';
    if (typeof mode === 'function') return mode(r);
    return { status: 200, json: { ok: true, result: { message_id: ++messageId } } };
  });
  let database: TestDatabase;
  const handles: DatabaseHandle[] = [];
  const apps: App[] = [];
  let chat = 5000;

  beforeAll(async () => {
    await tg.start();
    database = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    for (const h of handles.splice(0)) await h.close().catch(() => undefined);
    mode = 'accept';
    expect(tg.unknown).toEqual([]);
  });
  afterAll(async () => {
    await database?.drop();
    await tg.stop();
  });

  /** A new process on the same database: its own connection, its own app. */
  async function boot(): Promise<App> {
    const c = database.config;
    const handle =
      c.dialect === 'sqlite'
        ? openDatabase({ dialect: 'sqlite', file: c.file })
        : openDatabase({ dialect: 'postgres', url: c.url }, { schema: c.schema, poolSize: 4 });
    handles.push(handle);
    const config = testConfig({ TYNDAU_TELEGRAM_API_BASE: tg.url, TYNDAU_TELEGRAM_BOT_TOKEN: TOKEN });
    const app = await createApp(config, {
      database: handle,
      logger: createLogger('info', new LogSink()),
      now: () => clock,
      labeler: null,
    });
    apps.push(app);
    return app;
  }

  /** A process dies: its connections go away without any cleanup of its work. */
  async function kill(app: App) {
    const i = apps.indexOf(app);
    apps.splice(i, 1);
    await app.server.close();
    await handles[i]?.close();
    handles.splice(i, 1);
  }

  async function appeal(app: App, answer: boolean): Promise<number> {
    chat++;
    const r = await ingest(app.ctx, {
      channel: 'telegram',
      externalId: `${chat}:1`,
      text: `Не вывозят мусор во дворе, дом ${chat}`,
      raw: {},
      author: { externalUserId: String(chat) },
      conversation: `tg:${chat}`,
    });
    await triageSignal(app.ctx, r.signalId);
    const s = await app.ctx.db
      .selectFrom('signals')
      .select('case_id')
      .where('id', '=', r.signalId)
      .executeTakeFirstOrThrow();
    const caseId = s.case_id as number;
    if (answer) await answerCase(app.ctx, caseId, { text: `Мусор вывезен, дом ${chat}.` }, 'test', true);
    return caseId;
  }

  const rows = (app: App, caseIds: number[]) =>
    app.ctx.db.selectFrom('outbox').selectAll().where('case_id', 'in', caseIds).orderBy('id').execute();

  /** How many times the provider accepted each message (by chat and exact text). */
  function acceptedCounts(): Map<string, number> {
    const n = new Map<string, number>();
    for (const r of tg.accepted) {
      const b = r.body as { chat_id: number; text: string };
      const k = `${b.chat_id}\u0000${b.text}`;
      n.set(k, (n.get(k) ?? 0) + 1);
    }
    return n;
  }
  async function expectEachAcceptedOnce(app: App, caseIds: number[]) {
    const counts = acceptedCounts();
    const queued = await rows(app, caseIds);
    expect(queued.length).toBeGreaterThan(0);
    for (const m of queued) {
      const chatId = Number(JSON.parse(m.recipient).conversation.slice(3));
      expect(counts.get(`${chatId}\u0000${m.text}`), `${m.purpose} of case ${m.case_id}`).toBe(1);
      expect(m.status).toBe('sent');
    }
  }

  it('delivers answers queued before a stop, each exactly once, after the next start', async () => {
    const first = await boot();
    const cases = [];
    for (let i = 0; i < 4; i++) cases.push(await appeal(first, true));
    expect((await rows(first, cases)).map((m) => m.status)).toEqual(Array(12).fill('pending'));
    const before = tg.requests.length;
    await first.close();
    await kill(first);

    clock += 60_000;
    const second = await boot();
    let report = await deliverDue(second.ctx);
    expect(report).toMatchObject({ sent: 12, failed: 0, retrying: 0 });
    report = await deliverDue(second.ctx);
    expect(report).toMatchObject({ sent: 0, recovered: 0 });
    expect(tg.requests.length - before).toBe(12);
    await expectEachAcceptedOnce(second, cases);
    // Per citizen, the acknowledgement, the answer and the question arrive in that order.
    const order = tg.accepted
      .slice(before)
      .map((r) => r.body as { chat_id: number; text: string })
      .filter((b) => b.chat_id === chat)
      .map((b) => b.text.split(' ')[0]);
    expect(order).toEqual(['Ваше', 'Ответ', 'Проблема']);
  });

  it('re-sends what a killed process was sending, after its claim expires, and only then', async () => {
    const first = await boot();
    const cases = [await appeal(first, true), await appeal(first, true)];
    mode = 'hang';
    const before = tg.requests.length;
    const dying = deliverDue(first.ctx).then(
      () => 'finished',
      () => 'crashed',
    );
    await until(() => tg.hungCount === 2);
    await kill(first);
    expect(tg.dropHung()).toBe(2); // the provider never answered: nothing was accepted
    expect(await dying).toBe('crashed');
    mode = 'accept';

    const second = await boot();
    const claimed = await rows(second, cases);
    expect(claimed.filter((m) => m.status === 'sending')).toHaveLength(2);
    // The dead worker's claim still holds: a new worker does not touch those rows or their followers.
    expect(await deliverDue(second.ctx)).toMatchObject({ sent: 0, recovered: 0 });
    expect(tg.requests.length - before).toBe(2);

    clock += LEASE_MS + 1;
    const report = await deliverDue(second.ctx);
    expect(report).toMatchObject({ recovered: 2, sent: 6, failed: 0 });
    await expectEachAcceptedOnce(second, cases);
    expect(tg.requests.length - before).toBe(2 + 6);
  });

  it('lets two live instances share the queue without sending anything twice', async () => {
    const a = await boot();
    const b = await boot();
    const cases = [];
    for (let i = 0; i < 6; i++) cases.push(await appeal(a, true));
    const before = tg.requests.length;
    const [ra, rb] = await Promise.all([deliverDue(a.ctx), deliverDue(b.ctx)]);
    await deliverDue(a.ctx);
    expect(ra.sent + rb.sent).toBeGreaterThan(0);
    expect(tg.requests.length - before).toBe(18);
    await expectEachAcceptedOnce(a, cases);
  });

  it('retries after a 500 with backoff, honours retry_after, and gives up after the last attempt', async () => {
    const app = await boot();
    const flaky = await appeal(app, false);
    const flakyChat = chat;
    const limited = await appeal(app, false);
    const limitedChat = chat;
    const dead = await appeal(app, false);
    const deadChat = chat;
    const calls = new Map<number, number>();
    mode = (r) => {
      const id = (r.body as { chat_id: number }).chat_id;
      const n = (calls.get(id) ?? 0) + 1;
      calls.set(id, n);
      if ((id === flakyChat && n === 1) || id === deadChat)
        return { status: 500, json: { ok: false, error_code: 500, description: 'Internal Server Error' } };
      if (id === limitedChat && n === 1)
        return {
          status: 429,
          json: {
            ok: false,
            error_code: 429,
            description: 'Too Many Requests: retry after 90',
            parameters: { retry_after: 90 },
          },
        };
      return { status: 200, json: { ok: true, result: { message_id: ++messageId } } };
    };
    const now = clock;
    expect(await deliverDue(app.ctx)).toMatchObject({ sent: 0, retrying: 3 });
    const [f] = await rows(app, [flaky]);
    expect(f).toMatchObject({ status: 'failed-retryable', attempts: 1, sent_at: null });
    expect(f?.last_error).toBe('telegram_500: Internal Server Error');
    expect(f?.next_attempt_at).toBeGreaterThanOrEqual(now + 4_000);
    expect(f?.next_attempt_at).toBeLessThanOrEqual(now + 6_000);
    const [l] = await rows(app, [limited]);
    expect(l?.next_attempt_at).toBeGreaterThanOrEqual(now + 90_000);

    // Not due yet: nothing is sent.
    expect(await deliverDue(app.ctx)).toMatchObject({ sent: 0, retrying: 0 });
    clock = now + 6_001;
    expect(await deliverDue(app.ctx)).toMatchObject({ sent: 1, retrying: 1 });
    expect((await rows(app, [flaky]))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    clock = now + 90_001;
    await deliverDue(app.ctx);
    expect((await rows(app, [limited]))[0]).toMatchObject({ status: 'sent', attempts: 2 });

    // The dead chat: delays double (±20 % jitter) up to the cap, then the message fails for good.
    let last = (await rows(app, [dead]))[0];
    for (let attempt = last?.attempts ?? 0; attempt < MAX_ATTEMPTS; attempt++) {
      const row = (await rows(app, [dead]))[0];
      expect(row?.status).toBe('failed-retryable');
      const expected = Math.min(BACKOFF_CAP_MS, 5_000 * 2 ** ((row?.attempts ?? 1) - 1));
      const waited = (row?.next_attempt_at ?? 0) - clock;
      expect(waited).toBeGreaterThanOrEqual(expected * 0.8 - 1);
      expect(waited).toBeLessThanOrEqual(expected * 1.2 + 1);
      clock = row?.next_attempt_at ?? clock;
      await deliverDue(app.ctx);
    }
    last = (await rows(app, [dead]))[0];
    expect(last).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, failed_at: clock, sent_at: null });
    expect(calls.get(deadChat)).toBe(MAX_ATTEMPTS);
    clock += BACKOFF_CAP_MS * 2;
    expect(await deliverDue(app.ctx)).toMatchObject({ sent: 0, failed: 0, retrying: 0 });
    expect(calls.get(deadChat)).toBe(MAX_ATTEMPTS);
    const audit = await app.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('entity_id', '=', String(dead))
      .where('action', '=', 'case.message_failed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.data ?? '{}')).toMatchObject({
      error: 'telegram_500',
      purpose: 'acknowledgement',
    });
    const depth = await app.ctx.metrics.registry.getSingleMetricAsString('tyndau_queue_depth');
    expect(depth).toContain('tyndau_queue_depth{queue="outbox"} 0');
    const counted = await app.ctx.metrics.registry.getSingleMetricAsString('tyndau_outbox_messages_total');
    expect(counted).toContain('tyndau_outbox_messages_total{channel="telegram",outcome="failed"} 1');
  });
});
