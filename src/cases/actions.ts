import type { AppContext } from '../app/context.js';
import { audit } from '../audit/audit.js';
import { badRequest, conflict, notFound } from '../shared/errors.js';
import { KINDS, SENTIMENTS, TOPICS, URGENCIES } from '../shared/taxonomy.js';
import { deskOf, EXTENSION_NOTICE_WORKING_DAYS } from './desk.js';
import { assertMove } from './lifecycle.js';
import { localDate } from './messages.js';
import * as repo from './repository.js';
import { notify } from './service.js';

/** An internal note: never sent to the citizen. */
export async function addNote(ctx: AppContext, caseId: number, text: string, actor: string): Promise<void> {
  if (!(await repo.findCase(ctx.db, caseId))) throw notFound('case');
  await repo.addEvent(ctx.db, {
    case_id: caseId,
    at: ctx.now(),
    actor,
    type: 'note',
    data: JSON.stringify({ text }),
  });
  ctx.bus.emit('case.changed', { caseId, type: 'note' });
}

/**
 * Merges a case into another: its signals join the target, so the target's answer reaches every
 * citizen in it (the outbox sends one answer per origin conversation).
 */
export async function mergeCase(
  ctx: AppContext,
  caseId: number,
  intoId: number,
  actor: string,
  ip: string | null = null,
) {
  if (caseId === intoId) throw badRequest('merge_into_self', 'a case cannot be merged into itself');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const c = await repo.findCase(tx, caseId);
    const target = await repo.findCase(tx, intoId);
    if (!c || !target) throw notFound('case');
    if (target.status === 'merged') throw conflict('target_merged', 'the target case was itself merged');
    assertMove(c.status, 'merged');
    await repo.updateCase(tx, caseId, {
      status: 'merged',
      merged_into: intoId,
      updated_at: now,
      closed_at: now,
    });
    await repo.addEvent(tx, {
      case_id: caseId,
      at: now,
      actor,
      type: 'transition',
      from_status: c.status,
      to_status: 'merged',
      data: JSON.stringify({ into: intoId }),
    });
    await repo.addEvent(tx, {
      case_id: intoId,
      at: now,
      actor,
      type: 'merged_in',
      data: JSON.stringify({ from: caseId, number: c.number }),
    });
    await audit(tx, now, {
      actor,
      action: 'case.merge',
      entity: 'case',
      entityId: caseId,
      ip,
      data: { into: intoId },
    });
  });
  ctx.bus.emit('case.changed', { caseId: intoId, type: 'merge' });
}

/**
 * Extends the term (APPC art. 76): a reasoned decision, at most two months from registration; the
 * applicant is told within three working days — the notice is queued at once and its deadline recorded.
 */
export async function extendCase(
  ctx: AppContext,
  caseId: number,
  input: { reason: string; until: number },
  actor: string,
  ip: string | null = null,
) {
  const desk = await deskOf(ctx);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const c = await repo.findCase(tx, caseId);
    if (!c) throw notFound('case');
    if (!['new', 'assigned', 'in_progress', 'reopened', 'redirected'].includes(c.status)) {
      throw conflict('illegal_transition', `a ${c.status} case cannot be extended`);
    }
    if (!input.reason.trim()) throw badRequest('reason_required', 'an extension needs a reason');
    const until = desk.calendar.at(desk.calendar.local(input.until).date, desk.calendar.hours.end);
    if (until <= c.due_at)
      throw badRequest('extension_not_later', 'the new due date must be later than the current one');
    if (until > desk.maxExtension(c.registered_at)) {
      throw badRequest(
        'extension_too_long',
        'the term can be extended to at most two months from registration',
      );
    }
    const noticeDue = desk.calendar.dueAfterWorkingDays(now, EXTENSION_NOTICE_WORKING_DAYS);
    await repo.updateCase(tx, caseId, { due_at: until, extended_at: now, updated_at: now });
    await repo.addEvent(tx, {
      case_id: caseId,
      at: now,
      actor,
      type: 'extension',
      reason: input.reason,
      data: JSON.stringify({ previousDueAt: c.due_at, dueAt: until, noticeDueAt: noticeDue }),
    });
    const updated = { ...c, due_at: until };
    await notify(
      ctx,
      tx as AppContext['db'],
      updated,
      'extension',
      'extension_notice',
      `extension:${caseId}:${now}`,
      {
        reason: input.reason,
        extendedUntil: localDate(until, desk.calendar.utcOffsetMinutes),
      },
    );
    await audit(tx, now, {
      actor,
      action: 'case.extend',
      entity: 'case',
      entityId: caseId,
      ip,
      data: { dueAt: until },
    });
  });
  ctx.bus.emit('case.changed', { caseId, type: 'extension' });
}

const LABEL_CODES: Record<string, readonly string[]> = {
  kind: KINDS,
  topic: TOPICS,
  sentiment: SENTIMENTS,
  urgency: URGENCIES,
};

/** An operator corrects a machine label: the case changes and the correction becomes training data. */
export async function relabel(
  ctx: AppContext,
  caseId: number,
  labels: Partial<Record<'kind' | 'topic' | 'sentiment' | 'urgency' | 'district', string>>,
  actor: string,
) {
  const now = ctx.now();
  const districts = new Set(
    (await ctx.db.selectFrom('districts').select('code').execute()).map((d) => d.code),
  );
  for (const [field, value] of Object.entries(labels)) {
    const allowed = field === 'district' ? districts : new Set(LABEL_CODES[field] ?? []);
    if (value !== undefined && !allowed.has(value))
      throw badRequest('invalid_label', `${value} is not a ${field} code`);
  }
  await ctx.db.transaction().execute(async (tx) => {
    const c = await repo.findCase(tx, caseId);
    if (!c) throw notFound('case');
    const origin = await tx
      .selectFrom('signals')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    const casePatch: Record<string, string> = {};
    for (const [field, value] of Object.entries(labels)) {
      if (value === undefined) continue;
      const old = field === 'sentiment' ? (origin?.sentiment ?? null) : (c[field as 'kind'] ?? null);
      if (old === value) continue;
      await tx
        .insertInto('label_corrections')
        .values({
          signal_id: origin?.id ?? null,
          case_id: caseId,
          field,
          old_value: old,
          new_value: value,
          text_redacted: origin?.text_redacted ?? c.summary,
          actor,
          at: now,
        })
        .execute();
      if (field !== 'sentiment') casePatch[field] = value;
      if (origin)
        await tx
          .updateTable('signals')
          .set({ [field]: value })
          .where('id', '=', origin.id)
          .execute();
    }
    if (Object.keys(casePatch).length) await repo.updateCase(tx, caseId, { ...casePatch, updated_at: now });
    await repo.addEvent(tx, {
      case_id: caseId,
      at: now,
      actor,
      type: 'relabel',
      data: JSON.stringify(labels),
    });
  });
  ctx.bus.emit('case.changed', { caseId, type: 'relabel' });
}
