import type { Transaction } from 'kysely';
import type { AppContext } from '../app/context.js';
import { audit } from '../audit/audit.js';
import type { Database } from '../db/schema.js';
import { enqueueMessage, type Purpose, type Recipient } from '../outbox/enqueue.js';
import { badRequest, conflict, notFound } from '../shared/errors.js';
import { deskOf, REPEAT_WINDOW_MS } from './desk.js';
import { assertMove, type CaseStatus, NEEDS_REASON, OPEN_STATUSES } from './lifecycle.js';
import { localDate, render, replyLang, statusWord } from './messages.js';
import * as repo from './repository.js';
import { matchRule, pickExecutor } from './routing.js';

type Tx = Transaction<Database>;

/** Channels that can carry a message back to the citizen. */
export const REPLY_CHANNELS = new Set([
  'telegram',
  'whatsapp',
  'instagram',
  'facebook',
  'vk',
  'open311',
  'web',
  'call_center',
  'email',
]);

export function recipientOf(signal: {
  id: number;
  conversation: string | null;
  external_id: string;
  author_id: number | null;
}): Recipient {
  return {
    conversation: signal.conversation,
    replyTo: signal.external_id,
    authorId: signal.author_id,
    signalId: signal.id,
  };
}

/** Renders the region's template `code` in the case's language and queues it for the origin channel. */
export async function notify(
  ctx: AppContext,
  tx: Tx | AppContext['db'],
  c: repo.CaseRow,
  code: string,
  purpose: Purpose,
  dedupeKey: string,
  extra: Record<string, string> = {},
): Promise<void> {
  if (!REPLY_CHANNELS.has(c.channel)) return;
  const origin = await tx
    .selectFrom('signals')
    .selectAll()
    .where('case_id', '=', c.id)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!origin) return;
  const lang = replyLang(c.lang);
  const templates = await repo.templatesFor(tx, code);
  const t = templates.find((x) => x.lang === lang) ?? templates[0];
  if (!t) return;
  const org = c.organisation_id ? await repo.organisation(tx, c.organisation_id) : undefined;
  const desk = await deskOf(ctx);
  const text = render(t.body, {
    number: c.number,
    due: localDate(c.due_at, desk.calendar.utcOffsetMinutes),
    status: statusWord(c.status, lang),
    organisation: org ? (lang === 'kk' ? org.name_kk : org.name_ru) : '',
    ...extra,
  });
  await enqueueMessage(
    tx,
    { caseId: c.id, channel: c.channel, recipient: recipientOf(origin), purpose, text, dedupeKey },
    ctx.now(),
  );
}

/**
 * Turns a committed appeal into a case: deadlines by the law's calendar, routing by the region's rules,
 * an executor by the rule's strategy, a repeat link, and the acknowledgement with the case number.
 * Returns the case id, or null when the signal was already taken or joined an open case of its thread.
 */
export async function createCaseFromSignal(
  ctx: AppContext,
  signalId: number,
  actor = 'system',
): Promise<number | null> {
  const desk = await deskOf(ctx);
  const now = ctx.now();
  const result = await ctx.db.transaction().execute(async (tx) => {
    const s = await repo.findSignal(tx, signalId);
    if (!s || s.case_id !== null) return null;
    if (s.thread_id !== null) {
      const open = await repo.threadCase(tx, s.thread_id);
      const existing = open ? await repo.findCase(tx, open) : undefined;
      if (existing && (OPEN_STATUSES as readonly string[]).includes(existing.status)) {
        if (!(await repo.claimSignal(tx, s.id, existing.id))) return null;
        await repo.addEvent(tx, {
          case_id: existing.id,
          at: now,
          actor,
          type: 'message',
          data: JSON.stringify({ signalId: s.id }),
        });
        return { caseId: existing.id, created: false };
      }
    }
    const d = desk.deadlines(s.received_at, s.kind, s.topic, s.urgency);
    const rule = matchRule(desk.rules, {
      topic: s.topic,
      kind: s.kind,
      district: s.district,
      channel: s.channel,
      urgency: s.urgency,
      text: s.text,
    });
    const organisationId = rule?.organisationId ?? desk.defaultOrganisationId;
    let executorId = rule?.executorId ?? null;
    if (rule && executorId === null && organisationId !== null) {
      const execs = await repo.executorsOf(tx, organisationId, OPEN_STATUSES);
      const last = await repo.setting(tx, `rr:${organisationId}`);
      executorId = pickExecutor(rule.strategy, execs, last ? Number(last) : null);
      if (executorId !== null) await repo.putSetting(tx, `rr:${organisationId}`, String(executorId));
    }
    const year = new Date(d.registeredAt).getUTCFullYear();
    const id = await repo.insertCase(tx, {
      number: `pending-${s.id}`,
      status: executorId !== null ? 'assigned' : 'new',
      kind: s.kind,
      topic: s.topic,
      district: s.district,
      urgency: s.urgency,
      channel: s.channel,
      lang: s.lang,
      author_id: s.author_id,
      organisation_id: organisationId,
      executor_id: executorId,
      summary: (s.text_redacted ?? '').slice(0, 500),
      registered_at: d.registeredAt,
      due_at: d.dueAt,
      operational_due_at: d.operationalDueAt,
      redirect_due_at: d.redirectDueAt,
      created_at: now,
      updated_at: now,
      escalated: 0,
      is_demo: s.is_demo,
    });
    const region = await tx.selectFrom('regions').select('code').executeTakeFirst();
    const prefix = (region?.code ?? 'tyn').slice(0, 3).toUpperCase();
    await repo.updateCase(tx, id, { number: `${prefix}-${year}-${String(id).padStart(6, '0')}` });
    if (!(await repo.claimSignal(tx, s.id, id)))
      throw conflict('signal_taken', 'the signal already has a case');
    if (s.thread_id !== null) await repo.setThreadCase(tx, s.thread_id, id);
    await repo.addEvent(tx, {
      case_id: id,
      at: now,
      actor,
      type: 'created',
      to_status: 'new',
      data: JSON.stringify({ signalId: s.id, rule: rule?.name ?? null, organisationId, executorId }),
    });
    if (executorId !== null) {
      await repo.addEvent(tx, {
        case_id: id,
        at: now,
        actor: 'routing',
        type: 'transition',
        from_status: 'new',
        to_status: 'assigned',
      });
    }
    const repeat = await repo.findRepeat(tx, {
      authorId: s.author_id,
      district: s.district,
      topic: s.topic,
      address: s.address,
      since: now - REPEAT_WINDOW_MS,
      excludeId: id,
    });
    if (repeat) {
      await repo.updateCase(tx, id, { repeat_of: repeat.id });
      await repo.addEvent(tx, {
        case_id: id,
        at: now,
        actor: 'system',
        type: 'repeat',
        data: JSON.stringify(repeat),
      });
    }
    const c = await repo.findCase(tx, id);
    if (c && s.channel !== 'import') await notify(ctx, tx, c, 'ack', 'acknowledgement', `ack:${id}`);
    await audit(tx, now, {
      actor,
      action: 'case.create',
      entity: 'case',
      entityId: id,
      data: { signalId: s.id },
    });
    return { caseId: id, created: true };
  });
  if (result)
    ctx.bus.emit('case.changed', { caseId: result.caseId, type: result.created ? 'created' : 'message' });
  return result?.created ? result.caseId : null;
}

export interface TransitionInput {
  readonly to: CaseStatus;
  readonly reason?: string | undefined;
  readonly organisationId?: number | undefined;
  readonly executorId?: number | undefined;
}

/** Moves a case; illegal moves are 409 illegal_transition. Every move is an event and an audit entry. */
export async function transition(
  ctx: AppContext,
  caseId: number,
  input: TransitionInput,
  actor: string,
  ip: string | null = null,
) {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const c = await repo.findCase(tx, caseId);
    if (!c) throw notFound('case');
    assertMove(c.status, input.to);
    if (NEEDS_REASON.includes(input.to) && !input.reason?.trim()) {
      throw badRequest('reason_required', `moving a case to ${input.to} needs a reason`);
    }
    if (input.to === 'answered')
      throw badRequest('use_answer', 'answer a case with POST /api/cases/{id}/answer');
    if (input.to === 'merged') throw badRequest('use_merge', 'merge cases with POST /api/cases/{id}/merge');
    const patch: Parameters<typeof repo.updateCase>[2] = { status: input.to, updated_at: now };
    if (input.to === 'redirected') {
      if (!input.organisationId)
        throw badRequest('organisation_required', 'a redirect names the organisation');
      if (!(await repo.organisation(tx, input.organisationId)))
        throw badRequest('unknown_organisation', 'no such organisation');
      patch.organisation_id = input.organisationId;
      patch.executor_id = null;
    }
    if (input.to === 'assigned') {
      if (input.organisationId) patch.organisation_id = input.organisationId;
      if (input.executorId) patch.executor_id = input.executorId;
    }
    if (input.to === 'closed') patch.closed_at = now;
    if (input.to === 'reopened') {
      patch.closed_at = null;
      patch.answered_at = null;
    }
    await repo.updateCase(tx, caseId, patch);
    await repo.addEvent(tx, {
      case_id: caseId,
      at: now,
      actor,
      type: 'transition',
      from_status: c.status,
      to_status: input.to,
      reason: input.reason ?? null,
      data: JSON.stringify({
        organisationId: input.organisationId ?? null,
        executorId: input.executorId ?? null,
      }),
    });
    if (input.to === 'redirected') {
      const late = c.redirect_due_at !== null && now > c.redirect_due_at;
      if (late) await repo.addEvent(tx, { case_id: caseId, at: now, actor: 'system', type: 'redirect_late' });
      const updated = await repo.findCase(tx, caseId);
      if (updated) await notify(ctx, tx, updated, 'redirect', 'redirect_notice', `redirect:${caseId}:${now}`);
    }
    await audit(tx, now, {
      actor,
      action: 'case.transition',
      entity: 'case',
      entityId: caseId,
      ip,
      data: { from: c.status, to: input.to },
    });
  });
  ctx.bus.emit('case.changed', { caseId, type: 'transition' });
}
