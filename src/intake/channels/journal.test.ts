import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { appendJournal, countJournal } from '../repository.js';
import type { InboundSignal } from '../types.js';
import { commitDelivery, intakeSettled, journalBacklog, startIntakeJournal } from './group-commit.js';
import {
  CHANNEL_ENV,
  failSignalInserts,
  quarantineRows,
  signalByExternalId,
  signalsOf,
} from './test-support.js';

const SECRET = CHANNEL_ENV.TYNDAU_TELEGRAM_SECRET;

function update(id: number, text = `Обращение ${id}`): string {
  return JSON.stringify({
    update_id: id,
    message: {
      message_id: id,
      from: { id: 7000 + (id % 3), is_bot: false, first_name: 'Айгуль' },
      chat: { id: 7000 + (id % 3), type: 'private' },
      date: 1_749_416_000 + id,
      text,
    },
  });
}

const signal = (id: string, text: string | null = `Сообщение ${id}`): InboundSignal =>
  ({
    channel: 'telegram',
    externalId: id,
    receivedAt: 1_749_000_000_000,
    text,
    raw: { id },
    author: { externalUserId: '5' },
    conversation: 'tg:5',
  }) as InboundSignal;

describe.each(DIALECTS)('the intake journal on %s', (dialect) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  const start = async (env: Record<string, string>, now?: () => number) => {
    app = await startTestApp(dialect, { ...CHANNEL_ENV, ...env }, now ? { now } : {});
    return app;
  };
  const post = (a: TestApp, body: string) =>
    a.server.inject({
      method: 'POST',
      url: '/webhooks/telegram',
      payload: body,
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    });

  it('acknowledges a burst through the journal, then stores every update exactly once, as received', async () => {
    let clock = 1_750_000_000_000;
    const a = await start({ TYNDAU_INTAKE_JOURNAL_AT: '2' }, () => clock);
    const ids = Array.from({ length: 30 }, (_, i) => 500 + i);
    // A redelivery of two updates inside the burst, as Telegram does after a timeout.
    const bodies = [...ids, 500, 517].map((id) => update(id));
    const answers = await Promise.all(bodies.map((b) => post(a, b)));
    const acks = answers.map((r) => {
      expect(r.statusCode).toBe(200);
      return r.json() as { stored: number; duplicates: number; queued?: number };
    });
    const queued = acks.filter((x) => x.queued === 1).length;
    // The first deliveries were stored before their answer; the rest of the burst was journaled.
    expect(acks.filter((x) => x.stored === 1).length).toBeGreaterThan(0);
    expect(queued).toBeGreaterThan(10);
    expect(acks.every((x) => x.stored + x.duplicates + (x.queued ?? 0) === 1)).toBe(true);

    const receivedAt = clock;
    clock += 3_600_000; // stored an hour "later": the signals still carry the time they were received
    await intakeSettled(a.ctx);
    expect(journalBacklog(a.ctx)).toBe(0);
    expect(await countJournal(a.ctx.db)).toBe(0);
    const stored = await signalsOf(a, 'telegram');
    expect(stored.map((s) => s.external_id).sort()).toEqual(
      ids.map((id) => `${7000 + (id % 3)}:${id}`).sort(),
    );
    expect(new Set(stored.map((s) => Number(s.received_at)))).toEqual(new Set([receivedAt]));
    // Journaled signals are threaded like any others: three chats, three threads.
    expect(new Set(stored.map((s) => s.thread_id)).size).toBe(3);
    const metrics = (await a.server.inject('/metrics')).body;
    expect(metrics).toMatch(/tyndau_queue_depth\{queue="intake_journal"\} 0/);
  });

  it('keeps arrival order: while the journal holds rows, a lone delivery joins it', async () => {
    const a = await start({ TYNDAU_INTAKE_JOURNAL_AT: '1' });
    // Storing fails for a while (the journal then rests a second between attempts), so rows stay.
    const restore = await failSignalInserts(a);
    const burst = await Promise.all([1, 2, 3, 4, 5, 6].map((id) => post(a, update(id))));
    expect(burst[0]?.statusCode).toBe(500); // stored before its answer: the failure reaches the provider
    expect(burst.slice(1).map((r) => r.json().queued)).toEqual([1, 1, 1, 1, 1]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(journalBacklog(a.ctx)).toBe(5);
    const lone = await post(a, update(7));
    if (lone.statusCode !== 200) console.log(a.logs.lines.slice(-12).join('\n'));
    expect(lone.json()).toMatchObject({ queued: 1, stored: 0 });
    await restore();
    await intakeSettled(a.ctx);
    const order = (await signalsOf(a, 'telegram')).map((s) => Number(s.external_id.split(':')[1]));
    expect(order).toEqual([2, 3, 4, 5, 6, 7]);
    // Once it is empty, deliveries are stored before their answer again (the refused one is retried).
    expect((await post(a, update(1))).json()).toMatchObject({ stored: 1 });
  });

  it('stores deliveries before their answer again once the journal is full', async () => {
    const a = await start({ TYNDAU_INTAKE_JOURNAL_AT: '1', TYNDAU_INTAKE_JOURNAL_MAX: '3' });
    const acks = (await Promise.all([11, 12, 13, 14, 15, 16, 17, 18].map((id) => post(a, update(id))))).map(
      (r) => r.json() as { stored: number; queued?: number },
    );
    expect(acks.filter((x) => x.queued).length).toBe(3);
    expect(acks.filter((x) => x.stored === 1).length).toBe(5);
    await intakeSettled(a.ctx);
    expect(await signalsOf(a, 'telegram')).toHaveLength(8);
  });

  it('stores rows an earlier run left behind, and quarantines a row that can never be stored', async () => {
    const a = await start({});
    await appendJournal(
      a.ctx.db,
      [signal('left-1'), signal('broken', null), signal('left-2')].map((s) => ({
        received_at: 1,
        channel: 'telegram',
        payload: JSON.stringify([s]),
      })),
    );
    const stop = await startIntakeJournal(a.ctx);
    expect(journalBacklog(a.ctx)).toBe(3);
    await intakeSettled(a.ctx);
    await stop();
    expect(await signalByExternalId(a, 'telegram', 'left-1')).toHaveLength(1);
    expect(await signalByExternalId(a, 'telegram', 'left-2')).toHaveLength(1);
    expect(await countJournal(a.ctx.db)).toBe(0);
    const [kept] = (await quarantineRows(a)).filter((q) => q.reason_code === 'journal_failed');
    expect(kept?.channel).toBe('telegram');
    expect(Buffer.from(kept?.raw ?? []).toString('utf8')).toContain('"broken"');
  }, 30_000);

  it('stores a backlog of many batches in order, labelled in the worker pool, past a row that fails', async () => {
    app = await startTestApp(dialect, { ...CHANNEL_ENV, TYNDAU_LABEL_WORKERS: '1' }, { understanding: true });
    const a = app;
    const names = Array.from({ length: 100 }, (_, i) => `many-${String(i).padStart(3, '0')}`);
    // Row 40 can never be stored (no text): it sits in the second batch, read while the first is stored.
    await appendJournal(
      a.ctx.db,
      names.map((n, i) => ({
        received_at: 1,
        channel: 'telegram',
        payload: JSON.stringify([signal(n, i === 40 ? null : `Нет воды на улице Абая, дом ${i}`)]),
      })),
    );
    const stop = await startIntakeJournal(a.ctx);
    expect(journalBacklog(a.ctx)).toBe(100);
    await intakeSettled(a.ctx);
    await stop();
    const stored = await signalsOf(a, 'telegram');
    const expected = names.filter((_, i) => i !== 40);
    // Arrival order: signal ids follow journal order, also around the failed row.
    expect(stored.map((s) => s.external_id)).toEqual(expected);
    expect(stored.every((s) => s.labelled_at !== null && s.topic !== null)).toBe(true);
    expect(await countJournal(a.ctx.db)).toBe(0);
    expect((await quarantineRows(a)).map((q) => q.reason_code)).toEqual(['journal_failed']);
  }, 60_000);

  it('answers new deliveries while the journal waits for labels (storing never holds up commits)', async () => {
    const a = await start({});
    let release: () => void = () => {};
    const gate = new Promise<null>((resolve) => {
      release = () => resolve(null);
    });
    let asked = 0;
    // A labelling pool that takes as long as the test wants (null: labelled inline once it answers).
    const slowPool = {
      label: async () => {
        asked++;
        return gate;
      },
      labelled: () => 0,
      workers: () => 1,
      close: async () => {},
    };
    const ctx = { ...a.ctx, labelPool: slowPool };
    await appendJournal(
      ctx.db,
      ['wait-1', 'wait-2', 'wait-3'].map((n) => ({
        received_at: 1,
        channel: 'telegram',
        payload: JSON.stringify([signal(n)]),
      })),
    );
    const stop = await startIntakeJournal(ctx);
    await vi.waitFor(() => expect(asked).toBe(1));
    // The journal's batch waits for its labels; a new delivery is committed (to the journal) meanwhile.
    const answered = await Promise.race([
      commitDelivery(ctx, [signal('arrives-meanwhile')]),
      new Promise((resolve) => setTimeout(() => resolve('held up'), 3_000)),
    ]);
    expect(answered).toEqual({ journaled: true });
    expect(journalBacklog(ctx)).toBe(4);
    release();
    await intakeSettled(ctx);
    await stop();
    for (const n of ['wait-1', 'wait-2', 'wait-3', 'arrives-meanwhile'])
      expect(await signalByExternalId(a, 'telegram', n), n).toHaveLength(1);
  });

  it('journals nothing when TYNDAU_INTAKE_JOURNAL_AT is 0', async () => {
    const a = await start({ TYNDAU_INTAKE_JOURNAL_AT: '0' });
    const acks = await Promise.all(Array.from({ length: 20 }, (_, i) => post(a, update(900 + i))));
    expect(acks.every((r) => r.json().stored === 1)).toBe(true);
    expect(await countJournal(a.ctx.db)).toBe(0);
  });
});
