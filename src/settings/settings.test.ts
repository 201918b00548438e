import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { DIALECTS } from '../../test/helpers/db.js';
import { tokensForRoles } from '../../test/helpers/users.js';
import { verifyAuditLog } from '../audit/audit.js';
import type { Role } from '../auth/permissions.js';
import { triageSignal } from '../cases/sweeps.js';
import { ingest } from '../intake/service.js';

const local = (iso: string) => Date.parse(`${iso}+05:00`);

describe.each(DIALECTS)('settings write APIs on %s', (dialect) => {
  let app: TestApp;
  let tokens: Record<Role, string>;
  let seq = 0;
  const clock = local('2026-12-15T10:00:00');
  beforeAll(async () => {
    app = await startTestApp(dialect, {}, { now: () => clock });
    tokens = await tokensForRoles(app.ctx);
  });
  afterAll(async () => app.stop());

  const call = (method: 'POST' | 'PUT' | 'DELETE' | 'GET', url: string, payload?: unknown, token?: string) =>
    app.server.inject({
      method,
      url,
      headers: app.auth(token),
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const orgId = async (code: string) =>
    (
      await app.ctx.db
        .selectFrom('organisations')
        .select('id')
        .where('code', '=', code)
        .executeTakeFirstOrThrow()
    ).id;
  const lastAudit = async (entity: string) =>
    (await call('GET', `/api/audit?entity=${entity}&limit=1`)).json().items[0];
  /** A water appeal in Taraz, triaged into a case; returns the case. */
  const appeal = async (text = 'Нет воды с утра, ул. Абая 12') => {
    seq++;
    const r = await ingest(app.ctx, {
      channel: 'telegram',
      externalId: `set:${seq}`,
      text,
      raw: {},
      author: { externalUserId: `70${seq}` },
      conversation: `tg:70${seq}`,
      given: { kind: 'complaint', topic: 'water', district: 'taraz', urgency: 'normal' },
    });
    await triageSignal(app.ctx, r.signalId);
    const s = await app.ctx.db
      .selectFrom('signals')
      .select('case_id')
      .where('id', '=', r.signalId)
      .executeTakeFirstOrThrow();
    return (await call('GET', `/api/cases/${s.case_id}`)).json().case;
  };

  const orgBody = {
    code: 'fountain-service',
    name: { kk: 'Фонтан қызметі', ru: 'Служба фонтанов', en: 'Fountain service' },
    kind: 'utility',
    district: 'taraz',
  };

  it('creates and updates organisations, refusing bad codes, districts and fields', async () => {
    const created = await call('POST', '/api/reference/organisations', orgBody);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'fountain-service', active: true, requiresApproval: false });
    const id = created.json().id as number;
    expect(await lastAudit('organisation')).toMatchObject({
      action: 'organisation.create',
      entityId: String(id),
      actor: 'admin-token',
      data: { code: 'fountain-service' },
    });

    const twice = await call('POST', '/api/reference/organisations', orgBody);
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'code_taken']);
    const badDistrict = await call('POST', '/api/reference/organisations', {
      ...orgBody,
      code: 'x-org',
      district: 'atlantis',
    });
    expect([badDistrict.statusCode, badDistrict.json().error.code]).toEqual([400, 'unknown_district']);
    const noEn = await call('POST', '/api/reference/organisations', {
      ...orgBody,
      code: 'y-org',
      name: { kk: 'a', ru: 'b' },
    });
    expect(noEn.statusCode).toBe(400);
    expect(noEn.json().error).toMatchObject({ code: 'validation_failed' });
    expect(noEn.json().error.details.issues[0].path).toBe('name.en');
    const extra = await call('POST', '/api/reference/organisations', { ...orgBody, code: 'z-org', owner: 1 });
    expect(extra.json().error.code).toBe('validation_failed');
    const noCode = await call('POST', '/api/reference/organisations', { ...orgBody, code: undefined });
    expect(noCode.json().error.code).toBe('code_required');

    const renamed = await call('PUT', `/api/reference/organisations/${id}`, {
      ...orgBody,
      name: { ...orgBody.name, en: 'Fountains and ponds' },
      requiresApproval: true,
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: { en: 'Fountains and ponds' }, requiresApproval: true });
    expect(await lastAudit('organisation')).toMatchObject({
      action: 'organisation.update',
      data: { code: 'fountain-service', fields: ['name_en', 'requires_approval'] },
    });
    const recode = await call('PUT', `/api/reference/organisations/${id}`, { ...orgBody, code: 'other' });
    expect(recode.json().error.code).toBe('code_immutable');
    expect((await call('PUT', '/api/reference/organisations/999999', orgBody)).statusCode).toBe(404);
    const listed = (await call('GET', '/api/reference/organisations')).json().items;
    expect(listed.find((o: { id: number }) => o.id === id).name.en).toBe('Fountains and ponds');
  });

  it('routes the next case by a new rule, and stops when the rule is switched off or deleted', async () => {
    const fountain = await orgId('fountain-service');
    const water = await orgId('water-utility');
    expect((await appeal('Фонтан на площади не работает, нет воды')).organisationId).toBe(water);

    const rule = {
      name: 'Фонтаны Тараза',
      priority: 1,
      conditions: { topics: ['water'], districts: ['taraz'], keywords: ['фонтан'], channels: [] },
      organisationId: fountain,
      strategy: 'none',
    };
    const created = await call('POST', '/api/settings/routing', rule);
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    // Empty lists mean "any" and are not stored.
    expect(created.json()).toMatchObject({
      conditions: { topics: ['water'], districts: ['taraz'], keywords: ['фонтан'] },
      executorId: null,
      active: true,
    });
    expect(created.json().conditions.channels).toBeUndefined();
    expect(await lastAudit('routing_rule')).toMatchObject({
      action: 'routing_rule.create',
      entityId: String(id),
      data: { organisationId: fountain, priority: 1 },
    });
    const listed = (await call('GET', '/api/settings/routing')).json().items;
    expect(listed[0]).toMatchObject({ id, name: 'Фонтаны Тараза' });

    // No restart: the very next case follows the rule; an appeal without the keyword does not.
    expect((await appeal('Фонтан у акимата сломан')).organisationId).toBe(fountain);
    expect((await appeal('Нет воды на Абая')).organisationId).toBe(water);

    // While an active rule sends cases there, the organisation cannot be switched off.
    const off = await call('PUT', `/api/reference/organisations/${fountain}`, { ...orgBody, active: false });
    expect([off.statusCode, off.json().error.code]).toEqual([409, 'organisation_in_use']);

    const paused = await call('PUT', `/api/settings/routing/${id}`, { ...rule, active: false });
    expect(paused.json()).toMatchObject({ active: false });
    expect(await lastAudit('routing_rule')).toMatchObject({
      action: 'routing_rule.update',
      data: { fields: ['active'] },
    });
    expect((await appeal('Фонтан опять сломан')).organisationId).toBe(water);

    await call('PUT', `/api/settings/routing/${id}`, rule);
    expect((await appeal('И третий фонтан')).organisationId).toBe(fountain);
    const deleted = await call('DELETE', `/api/settings/routing/${id}`);
    expect(deleted.statusCode).toBe(204);
    expect(await lastAudit('routing_rule')).toMatchObject({
      action: 'routing_rule.delete',
      entityId: String(id),
    });
    expect((await appeal('Четвёртый фонтан')).organisationId).toBe(water);
    expect((await call('DELETE', `/api/settings/routing/${id}`)).statusCode).toBe(404);
    const ids = (await call('GET', '/api/settings/routing')).json().items.map((r: { id: number }) => r.id);
    expect(ids).not.toContain(id);
  });

  it('refuses rules with unknown codes, organisations, districts or executors', async () => {
    const fountain = await orgId('fountain-service');
    const base = { name: 'r', priority: 5, conditions: {}, organisationId: fountain };
    const cases: Array<[unknown, number, string]> = [
      [{ ...base, conditions: { topics: ['weather'] } }, 400, 'validation_failed'],
      [{ ...base, conditions: { colour: ['red'] } }, 400, 'validation_failed'],
      [{ ...base, priority: -1 }, 400, 'validation_failed'],
      [{ ...base, strategy: 'random' }, 400, 'validation_failed'],
      [{ ...base, organisationId: 999999 }, 400, 'unknown_organisation'],
      [{ ...base, conditions: { districts: ['atlantis'] } }, 400, 'unknown_district'],
      [{ ...base, executorId: 1 }, 400, 'executor_not_in_organisation'],
    ];
    for (const [body, status, code] of cases) {
      const res = await call('POST', '/api/settings/routing', body);
      expect([res.statusCode, res.json().error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    // An executor of the organisation may be named.
    const executor = await app.ctx.db
      .selectFrom('user_organisations')
      .select(['user_id', 'organisation_id'])
      .executeTakeFirstOrThrow();
    const ok = await call('POST', '/api/settings/routing', {
      ...base,
      organisationId: executor.organisation_id,
      executorId: executor.user_id,
      active: false,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ executorId: executor.user_id, strategy: 'least_loaded' });
  });

  it('creates, updates and deletes answer templates; the desk’s own messages keep one copy', async () => {
    const body = { code: 'fountain_fixed', lang: 'ru', body: 'Фонтан по обращению {{number}} починен.' };
    const created = await call('POST', '/api/templates', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ purpose: 'answer_template', organisationId: null, active: true });
    const id = created.json().id as number;
    expect(await lastAudit('template')).toMatchObject({
      action: 'template.create',
      data: { code: 'fountain_fixed', lang: 'ru' },
    });
    expect((await call('POST', '/api/templates', body)).json().error.code).toBe('template_exists');
    expect((await call('POST', '/api/templates', { ...body, lang: 'de' })).json().error.code).toBe(
      'validation_failed',
    );
    expect((await call('POST', '/api/templates', { ...body, body: '  ' })).json().error.code).toBe(
      'validation_failed',
    );
    const kk = await call('POST', '/api/templates', { ...body, lang: 'kk', body: 'Фонтан жөнделді.' });
    expect(kk.statusCode).toBe(201);

    const updated = await call('PUT', `/api/templates/${id}`, { ...body, body: 'Фонтан работает.' });
    expect(updated.json()).toMatchObject({ id, body: 'Фонтан работает.' });
    expect(await lastAudit('template')).toMatchObject({
      action: 'template.update',
      data: { fields: ['body'] },
    });
    const items = (await call('GET', '/api/templates')).json().items;
    expect(items.find((t: { id: number }) => t.id === id).body).toBe('Фонтан работает.');

    expect((await call('DELETE', `/api/templates/${id}`)).statusCode).toBe(204);
    expect(await lastAudit('template')).toMatchObject({ action: 'template.delete', entityId: String(id) });
    expect((await call('DELETE', `/api/templates/${id}`)).statusCode).toBe(404);

    const acks = await app.ctx.db.selectFrom('templates').select('id').where('code', '=', 'ack').execute();
    expect(acks.length).toBe(2);
    expect((await call('DELETE', `/api/templates/${acks[0]!.id}`)).statusCode).toBe(204);
    const last = await call('DELETE', `/api/templates/${acks[1]!.id}`);
    expect([last.statusCode, last.json().error.code]).toEqual([409, 'template_in_use']);
  });

  it('adds and removes calendar days, and the due date of the next case follows', async () => {
    // 15 working days from Tue 15 Dec 2026 end on Mon 11 Jan 2027 (see the case desk test).
    expect((await appeal()).dueAt).toBe(new Date(local('2027-01-11T18:00:00')).toISOString());
    const added = await call('POST', '/api/settings/calendar', {
      type: 'holiday',
      date: '2026-12-21',
      name: 'Тестовый выходной',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      date: '2026-12-21',
      type: 'holiday',
      religious: false,
      workingDate: null,
    });
    expect(await lastAudit('calendar_entry')).toMatchObject({
      action: 'calendar.add',
      data: { date: '2026-12-21', type: 'holiday' },
    });
    expect((await appeal()).dueAt).toBe(new Date(local('2027-01-12T18:00:00')).toISOString());
    const days = (await call('GET', '/api/settings/calendar'))
      .json()
      .items.map((e: { date: string }) => e.date);
    expect(days).toContain('2026-12-21');

    // A Saturday worked in exchange for a Monday off: the Monday goes, the Saturday counts.
    const moved = await call('POST', '/api/settings/calendar', {
      type: 'transfer',
      date: '2026-12-28',
      workingDate: '2026-12-26',
      name: 'Перенос',
    });
    expect(moved.statusCode).toBe(201);
    expect((await appeal()).dueAt).toBe(new Date(local('2027-01-12T18:00:00')).toISOString());

    const refusals: Array<[unknown, number, string]> = [
      [{ type: 'holiday', date: '2026-12-16', name: 'x' }, 409, 'date_taken'],
      [{ type: 'holiday', date: '2026-13-01', name: 'x' }, 400, 'validation_failed'],
      [
        { type: 'transfer', date: '2026-12-29', workingDate: '2026-12-30', name: 'x' },
        400,
        'working_date_not_weekend',
      ],
      [
        { type: 'transfer', date: '2026-12-27', workingDate: '2027-01-09', name: 'x' },
        400,
        'day_off_on_weekend',
      ],
      [{ type: 'weekend', date: '2026-12-29', name: 'x' }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of refusals) {
      const res = await call('POST', '/api/settings/calendar', body);
      expect([res.statusCode, res.json().error.code], JSON.stringify(body)).toEqual([status, code]);
    }

    expect((await call('DELETE', '/api/settings/calendar/2026-12-21')).statusCode).toBe(204);
    expect((await call('DELETE', '/api/settings/calendar/2026-12-28')).statusCode).toBe(204);
    expect(await lastAudit('calendar_entry')).toMatchObject({
      action: 'calendar.remove',
      data: { date: '2026-12-28', types: ['transfer'] },
    });
    expect((await appeal()).dueAt).toBe(new Date(local('2027-01-11T18:00:00')).toISOString());
    expect((await call('DELETE', '/api/settings/calendar/2026-12-21')).statusCode).toBe(404);
    expect((await call('DELETE', '/api/settings/calendar/soon')).json().error.code).toBe('validation_failed');
    expect(await verifyAuditLog(app.ctx.db)).toMatchObject({ ok: true });
  });

  it('lets only admins write settings', async () => {
    for (const role of ['supervisor', 'operator', 'analyst', 'auditor'] as const) {
      const res = await call('POST', '/api/templates', { code: 'a', lang: 'ru', body: 'b' }, tokens[role]);
      expect(res.statusCode, role).toBe(403);
    }
  });
});
