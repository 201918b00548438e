import type { Transaction } from 'kysely';
import type { AppContext } from '../app/context.js';
import { type AuditEntry, audit } from '../audit/audit.js';
import { isWeekend } from '../cases/calendar.js';
import { deskOf } from '../cases/desk.js';
import { setting } from '../cases/repository.js';
import type { Database } from '../db/schema.js';
import * as orgs from '../reference/repository.js';
import { badRequest, conflict, notFound } from '../shared/errors.js';
import * as repo from './repository.js';
import type { CalendarInput, OrganisationInput, RuleInput, TemplateInput } from './schemas.js';

/**
 * Admin changes to the region's settings. Each change and its audit entry commit together; changes the
 * case desk reads (routing rules, the calendar) reload its in-memory copy at once, so the router and the
 * deadline calculator use them from the next case on, without a restart.
 */

export interface Who {
  readonly actor: string;
  readonly ip: string | null;
}

type Tx = Transaction<Database>;

/** Names of the columns whose value a change alters (the audit log records names, never values). */
function changed(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

async function inTx<T>(
  ctx: AppContext,
  who: Who,
  work: (tx: Tx) => Promise<{ result: T; entry: Omit<AuditEntry, 'actor' | 'ip'> }>,
): Promise<T> {
  return ctx.db.transaction().execute(async (tx) => {
    const { result, entry } = await work(tx);
    await audit(tx, ctx.now(), { ...entry, actor: who.actor, ip: who.ip });
    return result;
  });
}

const reloadDesk = async (ctx: AppContext) => (await deskOf(ctx)).reload();

// Organisations

function organisationRow(input: OrganisationInput) {
  return {
    kind: input.kind,
    name_kk: input.name.kk,
    name_ru: input.name.ru,
    name_en: input.name.en,
    district_code: input.district,
    requires_approval: input.requiresApproval ? 1 : 0,
    active: input.active ? 1 : 0,
  };
}

async function checkDistrict(tx: Tx, code: string | null) {
  if (code !== null && !(await orgs.districtExists(tx, code)))
    throw badRequest('unknown_district', `no district with code ${code}`);
}

export function createOrganisation(ctx: AppContext, input: OrganisationInput, who: Who): Promise<number> {
  return inTx(ctx, who, async (tx) => {
    if (!input.code) throw badRequest('code_required', 'a new organisation needs a code');
    if (await orgs.organisationByCode(tx, input.code))
      throw conflict('code_taken', `an organisation with code ${input.code} exists`);
    await checkDistrict(tx, input.district);
    const id = await orgs.insertOrganisation(tx, { code: input.code, ...organisationRow(input) });
    return {
      result: id,
      entry: {
        action: 'organisation.create',
        entity: 'organisation',
        entityId: id,
        data: { code: input.code },
      },
    };
  });
}

export async function updateOrganisation(
  ctx: AppContext,
  id: number,
  input: OrganisationInput,
  who: Who,
): Promise<void> {
  await inTx(ctx, who, async (tx) => {
    const before = await orgs.findOrganisation(tx, id);
    if (!before) throw notFound('organisation');
    if (input.code !== undefined && input.code !== before.code)
      throw badRequest('code_immutable', 'the code of an organisation cannot change');
    await checkDistrict(tx, input.district);
    const row = organisationRow(input);
    if (before.active === 1 && row.active === 0) {
      const rules = await repo.activeRulesOf(tx, id);
      const fallback = await setting(tx, 'default_organisation');
      if (rules.length || fallback === String(id))
        throw conflict(
          'organisation_in_use',
          rules.length
            ? `active routing rules send cases here: ${rules.join(', ')}`
            : 'this is the default organisation',
        );
    }
    await orgs.updateOrganisation(tx, id, row);
    return {
      result: undefined,
      entry: {
        action: 'organisation.update',
        entity: 'organisation',
        entityId: id,
        data: { code: before.code, fields: changed(before, row) },
      },
    };
  });
  await reloadDesk(ctx);
}

// Routing rules

async function ruleRow(tx: Tx, input: RuleInput) {
  const org = await orgs.findOrganisation(tx, input.organisationId);
  if (!org) throw badRequest('unknown_organisation', 'unknown organisation id');
  if (org.active !== 1 && input.active)
    throw badRequest('organisation_inactive', 'an active rule cannot send cases to an inactive organisation');
  for (const d of input.conditions.districts ?? []) await checkDistrict(tx, d);
  if (input.executorId !== null) {
    const e = await repo.executorOf(tx, input.executorId);
    if (!e?.roles.includes('executor') || !e.organisationIds.includes(input.organisationId))
      throw badRequest('executor_not_in_organisation', 'the executor does not work in this organisation');
  }
  // Empty lists mean "any": they are left out, as the router reads them.
  const conditions = Object.fromEntries(
    Object.entries(input.conditions).filter(([, v]) => Array.isArray(v) && v.length > 0),
  );
  return {
    priority: input.priority,
    name: input.name,
    conditions: JSON.stringify(conditions),
    organisation_id: input.organisationId,
    executor_id: input.executorId,
    strategy: input.strategy,
    active: input.active ? 1 : 0,
  };
}

export async function createRule(ctx: AppContext, input: RuleInput, who: Who): Promise<number> {
  const id = await inTx(ctx, who, async (tx) => {
    const row = await ruleRow(tx, input);
    const id = await repo.insertRule(tx, row);
    return {
      result: id,
      entry: {
        action: 'routing_rule.create',
        entity: 'routing_rule',
        entityId: id,
        data: { organisationId: row.organisation_id, priority: row.priority },
      },
    };
  });
  await reloadDesk(ctx);
  return id;
}

export async function updateRule(ctx: AppContext, id: number, input: RuleInput, who: Who): Promise<void> {
  await inTx(ctx, who, async (tx) => {
    const before = await repo.findRule(tx, id);
    if (!before) throw notFound('routing rule');
    const row = await ruleRow(tx, input);
    await repo.updateRule(tx, id, row);
    return {
      result: undefined,
      entry: {
        action: 'routing_rule.update',
        entity: 'routing_rule',
        entityId: id,
        data: { organisationId: row.organisation_id, fields: changed(before, row) },
      },
    };
  });
  await reloadDesk(ctx);
}

export async function deleteRule(ctx: AppContext, id: number, who: Who): Promise<void> {
  await inTx(ctx, who, async (tx) => {
    const before = await repo.findRule(tx, id);
    if (!before) throw notFound('routing rule');
    await repo.deleteRule(tx, id);
    return {
      result: undefined,
      entry: {
        action: 'routing_rule.delete',
        entity: 'routing_rule',
        entityId: id,
        data: { organisationId: before.organisation_id, priority: before.priority },
      },
    };
  });
  await reloadDesk(ctx);
}

// Templates

/** The desk sends these codes by itself: the last active one of a code may not go. */
async function checkStillSent(tx: Tx, t: { id: number; code: string; purpose: string }) {
  if (t.purpose === 'answer_template') return;
  const others = (await repo.templatesWithCode(tx, t.code)).filter((x) => x.id !== t.id && x.active === 1);
  if (!others.length)
    throw conflict('template_in_use', `the desk sends "${t.code}" messages: keep at least one active`);
}

async function templateRow(tx: Tx, input: TemplateInput, exceptId: number | null) {
  if (input.organisationId !== null && !(await orgs.findOrganisation(tx, input.organisationId)))
    throw badRequest('unknown_organisation', 'unknown organisation id');
  const row = {
    code: input.code,
    purpose: input.purpose,
    lang: input.lang,
    body: input.body,
    organisation_id: input.organisationId,
    active: input.active ? 1 : 0,
  };
  if (await repo.templateTwin(tx, row, exceptId))
    throw conflict('template_exists', 'a template with this code, language and organisation exists');
  return row;
}

export function createTemplate(ctx: AppContext, input: TemplateInput, who: Who): Promise<number> {
  return inTx(ctx, who, async (tx) => {
    const row = await templateRow(tx, input, null);
    const id = await repo.insertTemplate(tx, row);
    return {
      result: id,
      entry: {
        action: 'template.create',
        entity: 'template',
        entityId: id,
        data: { code: row.code, lang: row.lang },
      },
    };
  });
}

export function updateTemplate(ctx: AppContext, id: number, input: TemplateInput, who: Who): Promise<void> {
  return inTx(ctx, who, async (tx) => {
    const before = await repo.findTemplate(tx, id);
    if (!before) throw notFound('template');
    const row = await templateRow(tx, input, id);
    // Renaming or switching off the last active copy of a code the desk sends would silence it.
    if (before.active === 1 && (row.active === 0 || row.code !== before.code))
      await checkStillSent(tx, before);
    await repo.updateTemplate(tx, id, row);
    return {
      result: undefined,
      entry: {
        action: 'template.update',
        entity: 'template',
        entityId: id,
        data: { code: row.code, lang: row.lang, fields: changed(before, row) },
      },
    };
  });
}

export function deleteTemplate(ctx: AppContext, id: number, who: Who): Promise<void> {
  return inTx(ctx, who, async (tx) => {
    const before = await repo.findTemplate(tx, id);
    if (!before) throw notFound('template');
    if (before.active === 1) await checkStillSent(tx, before);
    await repo.deleteTemplate(tx, id);
    return {
      result: undefined,
      entry: {
        action: 'template.delete',
        entity: 'template',
        entityId: id,
        data: { code: before.code, lang: before.lang },
      },
    };
  });
}

// The calendar

export async function addCalendarEntry(ctx: AppContext, input: CalendarInput, who: Who): Promise<number> {
  const id = await inTx(ctx, who, async (tx) => {
    const dates = input.type === 'transfer' ? [input.date, input.workingDate] : [input.date];
    if (input.type === 'transfer') {
      if (isWeekend(input.date))
        throw badRequest('day_off_on_weekend', 'the moved day off must be a weekday');
      if (!isWeekend(input.workingDate))
        throw badRequest('working_date_not_weekend', 'the day worked instead must be a Saturday or Sunday');
    }
    const taken = await repo.calendarOn(tx, dates);
    if (taken.length) throw conflict('date_taken', `the calendar already has an entry on ${taken[0]?.date}`);
    const id = await repo.insertCalendarEntry(tx, {
      date: input.date,
      type: input.type,
      name: input.name,
      religious: input.type === 'holiday' && input.religious ? 1 : 0,
      working_date: input.type === 'transfer' ? input.workingDate : null,
    });
    return {
      result: id,
      entry: {
        action: 'calendar.add',
        entity: 'calendar_entry',
        entityId: id,
        data: { date: input.date, type: input.type },
      },
    };
  });
  await reloadDesk(ctx);
  return id;
}

export async function removeCalendarEntry(ctx: AppContext, date: string, who: Who): Promise<void> {
  await inTx(ctx, who, async (tx) => {
    const gone = await repo.deleteCalendarOn(tx, date);
    if (!gone.length) throw notFound('calendar entry');
    return {
      result: undefined,
      entry: {
        action: 'calendar.remove',
        entity: 'calendar_entry',
        entityId: gone[0]?.id ?? null,
        data: { date, types: gone.map((g) => g.type) },
      },
    };
  });
  await reloadDesk(ctx);
}
