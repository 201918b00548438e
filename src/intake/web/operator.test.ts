import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { tokensForRoles } from '../../../test/helpers/users.js';
import type { Role } from '../../auth/permissions.js';

describe.each(DIALECTS)('operator entry on %s', (dialect) => {
  let app: TestApp;
  let tokens: Record<Role, string>;
  const post = (body: unknown, role: Role | null = 'operator') =>
    app.server.inject({
      method: 'POST',
      url: '/api/signals',
      headers: role ? app.auth(tokens[role]) : {},
      payload: body as Record<string, unknown>,
    });

  beforeAll(async () => {
    app = await startTestApp(dialect);
    tokens = await tokensForRoles(app.ctx);
  });
  afterAll(async () => app.stop());

  it('needs signals:write', async () => {
    const body = { text: 'Нет газа в с. Аса' };
    expect((await post(body, null)).statusCode).toBe(401);
    expect((await post(body, 'analyst')).statusCode).toBe(403);
    expect((await post(body, 'executor')).statusCode).toBe(403);
    expect((await post(body, 'supervisor')).statusCode).toBe(201);
  });

  it("registers a call with the operator's labels and the caller's contact", async () => {
    const res = await post({
      text: 'Звонит житель: с утра нет холодной воды, дом 12 по ул. Абая',
      name: 'Ерлан Жумабеков',
      phone: '+7 (701) 555-12-34',
      address: 'Тараз, ул. Абая 12',
      kind: 'incident',
      topic: 'water',
      district: 'taraz',
      urgency: 'high',
      externalId: '109-2026-000123',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: expect.any(Number), duplicate: false });
    const signal = await app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(signal).toMatchObject({
      channel: 'call_center',
      external_id: '109-2026-000123',
      kind: 'incident',
      topic: 'water',
      district: 'taraz',
      urgency: 'high',
      address: 'Тараз, ул. Абая 12',
    });
    const contact = await app.ctx.db
      .selectFrom('author_contacts')
      .selectAll()
      .where('author_id', '=', signal.author_id)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ phone: '+77015551234', display_name: 'Ерлан Жумабеков' });
    const audit = await app.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'signal.register')
      .where('entity_id', '=', String(signal.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.data).not.toContain('Ерлан');
    // A second call from the same number joins the thread, whose key is a pseudonym, not the number.
    const again = await post({ text: 'Перезваниваю: воды всё ещё нет', phone: '8 701 555 12 34' });
    expect(again.statusCode).toBe(201);
    const second = await app.ctx.db
      .selectFrom('signals')
      .select(['thread_id', 'conversation'])
      .where('id', '=', again.json().id)
      .executeTakeFirstOrThrow();
    expect(second.thread_id).toBe(signal.thread_id);
    expect(second.conversation).toBe(signal.conversation);
    expect(signal.conversation).toMatch(/^call_center:[0-9a-f]{32}$/);
    const threads = await app.ctx.db.selectFrom('threads').select('conversation').execute();
    expect(threads.map((t) => t.conversation).join(' ')).not.toMatch(/5551234|555-12-34/);
  });

  it('answers a repeated externalId with 200 duplicate and stores nothing new', async () => {
    const body = { text: 'Повторная регистрация', channel: 'egov', externalId: 'ZT-2026-77' };
    const first = await post(body);
    const again = await post(body);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: first.json().id, duplicate: true });
    const rows = await app.ctx.db
      .selectFrom('signals')
      .select('channel')
      .where('external_id', '=', 'ZT-2026-77')
      .execute();
    expect(rows).toEqual([{ channel: 'egov' }]);
  });

  it('generates an external id when none is given', async () => {
    const a = await post({ text: 'Консультация по субсидиям', channel: 'email', email: 'A@b.kz' });
    const b = await post({ text: 'Консультация по субсидиям', channel: 'email', email: 'A@b.kz' });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().id).not.toBe(a.json().id);
  });

  it('refuses labels outside the taxonomy, bad districts, channels and phones', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ text: 'x', topic: 'potholes' }, 'validation_failed'],
      [{ text: 'x', kind: 'question' }, 'validation_failed'],
      [{ text: 'x', district: 'Taraz city' }, 'validation_failed'],
      [{ text: 'x', urgency: 'asap' }, 'validation_failed'],
      [{ text: 'x', channel: 'telegram' }, 'validation_failed'],
      [{ text: 'x', phone: '000' }, 'invalid_phone'],
      [{ name: 'no text' }, 'validation_failed'],
    ];
    for (const [body, code] of cases) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe(code);
    }
  });
});
