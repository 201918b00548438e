import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { DIALECTS } from '../../test/helpers/db.js';
import { verifyAuditLog } from '../audit/audit.js';
import { ingest } from '../intake/service.js';
import type { InboundSignal } from '../intake/types.js';
import { listCases } from './queries.js';
import { triageSignal } from './sweeps.js';

const local = (iso: string) => Date.parse(`${iso}+05:00`);

describe.each(DIALECTS)('case desk on %s', (dialect) => {
  let app: TestApp;
  let clock = local('2026-12-15T10:00:00');
  let seq = 0;
  beforeAll(async () => {
    app = await startTestApp(dialect, {}, { now: () => clock });
  });
  afterAll(async () => app.stop());

  async function appeal(over: Partial<InboundSignal> = {}) {
    seq++;
    const r = await ingest(app.ctx, {
      channel: 'telegram',
      externalId: `555:${seq}`,
      text: 'Нет воды с утра, ул. Абая 12',
      raw: {},
      author: { externalUserId: '555', displayName: 'Асель' },
      conversation: 'tg:555',
      given: { kind: 'incident', topic: 'water', district: 'taraz', urgency: 'high' },
      ...over,
    });
    await triageSignal(app.ctx, r.signalId);
    const s = await app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('id', '=', r.signalId)
      .executeTakeFirstOrThrow();
    return s;
  }
  const caseOf = (id: number) =>
    app.server.inject({ url: `/api/cases/${id}`, headers: app.auth() }).then((r) => r.json());
  const outbox = (caseId: number) =>
    app.ctx.db.selectFrom('outbox').selectAll().where('case_id', '=', caseId).orderBy('id').execute();

  it('registers, routes and acknowledges an appeal with a due date that skips the holiday', async () => {
    const s = await appeal();
    expect(s.case_id).not.toBeNull();
    const { case: c } = await caseOf(s.case_id!);
    const water = await app.ctx.db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'water-utility')
      .executeTakeFirstOrThrow();
    expect(c.organisationId).toBe(water.id);
    expect(c.number).toMatch(/^ZHA-2026-\d{6}$/);
    // 15 working days from Tue 15 Dec 2026: 16 Dec (Independence Day), 1 Jan, 2 Jan (a Saturday, carried to
    // Mon 4 Jan) and 7 Jan are skipped → Mon 11 Jan 2027.
    expect(c.registeredAt).toBe(new Date(local('2026-12-15T10:00:00')).toISOString());
    expect(c.dueAt).toBe(new Date(local('2027-01-11T18:00:00')).toISOString());
    expect(c.operationalDueAt).toBe(new Date(local('2026-12-15T18:00:00')).toISOString());
    const [ack] = await outbox(s.case_id!);
    expect(ack).toMatchObject({ purpose: 'acknowledgement', channel: 'telegram', status: 'pending' });
    expect(ack!.text).toContain(c.number);
    expect(ack!.text).toContain('11.01.2027');
    expect(JSON.parse(ack!.recipient)).toMatchObject({ conversation: 'tg:555' });
  });

  it('answers in the citizen’s language, asks for feedback, and reopens with escalation on "нет"', async () => {
    clock = local('2026-12-15T11:00:00');
    const s = await appeal({
      author: { externalUserId: '901' },
      conversation: 'tg:901',
      externalId: '901:1',
      lang: undefined,
    } as Partial<InboundSignal>);
    const id = s.case_id!;
    const answer = await app.server.inject({
      method: 'POST',
      url: `/api/cases/${id}/answer`,
      headers: app.auth(),
      payload: { text: 'Порыв устранён, вода подана.' },
    });
    expect(answer.json()).toEqual({ status: 'answered' });
    const msgs = await outbox(id);
    expect(msgs.map((m) => m.purpose)).toEqual(['acknowledgement', 'answer', 'feedback_request']);
    expect(msgs[1]!.text).toContain('Порыв устранён, вода подана.');
    clock += 3600_000;
    const reply = await appeal({
      author: { externalUserId: '901' },
      conversation: 'tg:901',
      externalId: '901:2',
      text: 'нет, не решено',
    });
    expect(reply.case_id).toBe(id);
    const { case: c, events } = await caseOf(id);
    expect(c.status).toBe('reopened');
    expect(c.escalated).toBe(true);
    expect(c.satisfaction).toBe('not_solved');
    expect(events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['created', 'answer', 'feedback', 'escalated']),
    );
    const audit = await app.server.inject({
      url: `/api/audit?entity=case&entityId=${id}`,
      headers: app.auth(),
    });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['case.create', 'case.answer', 'case.feedback']),
    );
    expect((await verifyAuditLog(app.ctx.db)).ok).toBe(true);
  });

  it('joins follow-up messages of an open thread to the same case', async () => {
    clock = local('2026-12-15T12:00:00');
    const a = await appeal({
      author: { externalUserId: '333' },
      conversation: 'tg:333',
      externalId: '333:1',
    });
    clock += 5 * 60_000;
    const b = await appeal({
      author: { externalUserId: '333' },
      conversation: 'tg:333',
      externalId: '333:2',
      text: 'подъезд 2',
    });
    expect(b.case_id).toBe(a.case_id);
  });

  it('refuses an illegal transition with 409 and a code', async () => {
    const s = await appeal({
      author: { externalUserId: '444' },
      conversation: 'tg:444',
      externalId: '444:1',
    });
    const res = await app.server.inject({
      method: 'POST',
      url: `/api/cases/${s.case_id}/transitions`,
      headers: app.auth(),
      payload: { to: 'closed' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('illegal_transition');
  });

  it('extends the term with a reason, at most two months, and tells the citizen', async () => {
    const s = await appeal({
      author: { externalUserId: '445' },
      conversation: 'tg:445',
      externalId: '445:1',
    });
    const url = `/api/cases/${s.case_id}/extension`;
    const tooLong = await app.server.inject({
      method: 'POST',
      url,
      headers: app.auth(),
      payload: { reason: 'нужна экспертиза', until: '2027-03-01' },
    });
    expect(tooLong.json().error.code).toBe('extension_too_long');
    const ok = await app.server.inject({
      method: 'POST',
      url,
      headers: app.auth(),
      payload: { reason: 'нужна экспертиза', until: '2027-02-10' },
    });
    expect(ok.statusCode).toBe(204);
    const { case: c, events } = await caseOf(s.case_id!);
    expect(c.dueAt).toBe(new Date(local('2027-02-10T18:00:00')).toISOString());
    const ext = events.find((e: { type: string }) => e.type === 'extension');
    expect(ext.reason).toBe('нужна экспертиза');
    // Three working days from 15 Dec, with 16 Dec a holiday: 17, 18, 21 → Mon 21 Dec.
    expect(new Date(ext.data.noticeDueAt).getTime()).toBe(local('2026-12-21T18:00:00'));
    expect(
      (await outbox(s.case_id!)).some(
        (m) => m.purpose === 'extension_notice' && m.text.includes('10.02.2027'),
      ),
    ).toBe(true);
  });

  it('answers /status from the applicant’s own cases', async () => {
    const before = await appeal({
      author: { externalUserId: '777' },
      conversation: 'tg:777',
      externalId: '777:1',
    });
    clock += 3 * 3600_000;
    const cmd = await appeal({
      author: { externalUserId: '777' },
      conversation: 'tg:777',
      externalId: '777:2',
      text: '/status',
    });
    expect(cmd.status).toBe('ignored');
    const reply = await app.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('purpose', '=', 'status')
      .where('dedupe_key', '=', `status:${cmd.id}`)
      .executeTakeFirstOrThrow();
    const { case: c } = await caseOf(before.case_id!);
    expect(reply.text).toContain(c.number);
  });

  it('flags a repeat from the same citizen within 90 days', async () => {
    clock = local('2026-12-21T10:00:00');
    const first = await appeal({
      author: { externalUserId: '888' },
      conversation: 'tg:888',
      externalId: '888:1',
    });
    clock += 2 * 86_400_000;
    const second = await appeal({
      author: { externalUserId: '888' },
      conversation: 'tg:888',
      externalId: '888:2',
      text: 'опять нет воды',
    });
    expect(second.case_id).not.toBe(first.case_id);
    const { case: c } = await caseOf(second.case_id!);
    expect(c.repeatOf).toBe(first.case_id);
  });

  it('lists with filters and a cursor, and keeps executors to their organisation', async () => {
    const page1 = await app.server.inject({ url: '/api/cases?topic=water&limit=2', headers: app.auth() });
    const body = page1.json();
    expect(body.items).toHaveLength(2);
    expect(body.total).toBeGreaterThanOrEqual(5);
    expect(body.items[0]).toMatchObject({ topic: 'water', district: 'taraz' });
    expect(body.items[0].signals.length).toBeGreaterThan(0);
    const page2 = await app.server.inject({
      url: `/api/cases?topic=water&limit=2&cursor=${body.next}`,
      headers: app.auth(),
    });
    const ids = [...body.items, ...page2.json().items].map((c: { id: number }) => c.id);
    expect(new Set(ids).size).toBe(4);
    const none = await app.server.inject({ url: '/api/cases?topic=gas', headers: app.auth() });
    expect(none.json().total).toBe(0);
  });

  it('finds cases by every word of the query as a word prefix, in Kazakh and Russian, any case', async () => {
    const texts = [
      'Қордай ауданында ШАҒЫНАУДАНДА жарық жоқ',
      'Жанатас, мкр Аса: трубу прорвало у дома 5',
      'Прорыв трубы на улице Толе би, вода во дворе',
    ];
    const ids: number[] = [];
    for (const [i, text] of texts.entries()) {
      const s = await appeal({ text, conversation: `tg:search${i}`, externalId: `search:${i}` });
      ids.push(s.case_id!);
      // This app runs without the understanding pipeline, so the summary (the redacted first message) is
      // written here; the search index follows the update.
      await app.ctx.db.updateTable('cases').set({ summary: text }).where('id', '=', s.case_id!).execute();
    }
    const found = async (q: string) => {
      const res = await app.server.inject({
        url: `/api/cases?limit=50&q=${encodeURIComponent(q)}`,
        headers: app.auth(),
      });
      expect(res.statusCode, q).toBe(200);
      return (res.json().items as { id: number }[]).map((c) => c.id).filter((id) => ids.includes(id));
    };
    expect(await found('шағынаудан')).toEqual([ids[0]]);
    expect(await found('ҚОРДАЙ жарық')).toEqual([ids[0]]);
    expect((await found('труб')).sort()).toEqual([ids[1], ids[2]].sort());
    expect(await found('прорыв толе')).toEqual([ids[2]]);
    expect(await found('толе жанатас')).toEqual([]);
    // A word inside another word is not a match; query syntax is only ever read as words.
    expect(await found('рубу')).toEqual([]);
    expect(await found('"труб*) (')).toHaveLength(2);
    expect(await found('?!')).toEqual([]);
    // Both plans of a word search (sort the matches; walk the list's index) give the same pages.
    for (const f of [{ q: 'труб' }, { q: 'труб', topic: ['water'] }, { q: 'шағынаудан' }]) {
      const filter = { ...f, limit: 1, sort: 'registered_desc' as const };
      const sorted = await listCases(app.ctx.db, filter, null, clock, dialect, { frequentMatches: 1e9 });
      const walked = await listCases(app.ctx.db, filter, null, clock, dialect, { frequentMatches: 0 });
      expect(walked.total).toBe(sorted.total);
      expect(walked.items.map((c) => c.id)).toEqual(sorted.items.map((c) => c.id));
      const next = { ...filter, cursor: sorted.next ?? undefined };
      if (sorted.next)
        expect(
          (await listCases(app.ctx.db, next, null, clock, dialect, { frequentMatches: 0 })).items,
        ).toEqual((await listCases(app.ctx.db, next, null, clock, dialect, { frequentMatches: 1e9 })).items);
    }
  });
});
