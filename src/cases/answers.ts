import type { AppContext } from '../app/context.js';
import { audit } from '../audit/audit.js';
import { mergedAudience } from '../outbox/audience.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import { badRequest, conflict, notFound } from '../shared/errors.js';
import { deskOf } from './desk.js';
import { assertMove } from './lifecycle.js';
import { localDate, parseFeedback, parseStatusCommand, render, replyLang, statusWord } from './messages.js';
import * as repo from './repository.js';
import { notify, recipientOf } from './service.js';

export interface AnswerInput {
  readonly text: string;
}

/**
 * Records the public answer. When the organisation requires approval and the author is not a
 * supervisor, it waits for approval; otherwise it goes to the citizen through the outbox with the
 * "is it solved?" question right after.
 */
export async function answerCase(
  ctx: AppContext,
  caseId: number,
  input: AnswerInput,
  actor: string,
  canApprove: boolean,
  ip: string | null = null,
): Promise<{ status: 'answered' | 'pending_approval' }> {
  const text = input.text.trim();
  if (!text) throw badRequest('empty_answer', 'the answer is empty');
  const now = ctx.now();
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const c = await repo.findCase(tx, caseId);
    if (!c) throw notFound('case');
    assertMove(c.status, 'answered');
    const org = c.organisation_id ? await repo.organisation(tx, c.organisation_id) : undefined;
    if (org?.requires_approval && !canApprove) {
      await repo.addEvent(tx, {
        case_id: caseId,
        at: now,
        actor,
        type: 'answer_pending',
        data: JSON.stringify({ text }),
      });
      await audit(tx, now, { actor, action: 'case.answer_draft', entity: 'case', entityId: caseId, ip });
      return 'pending_approval' as const;
    }
    await deliverAnswer(ctx, tx, c, text, actor, now);
    await audit(tx, now, { actor, action: 'case.answer', entity: 'case', entityId: caseId, ip });
    return 'answered' as const;
  });
  ctx.bus.emit('case.changed', { caseId, type: 'answer' });
  return { status: outcome };
}

async function deliverAnswer(
  ctx: AppContext,
  tx: Parameters<typeof repo.updateCase>[0],
  c: repo.CaseRow,
  text: string,
  actor: string,
  now: number,
): Promise<void> {
  await repo.updateCase(tx, c.id, {
    status: 'answered',
    answered_at: now,
    first_response_at: c.first_response_at ?? now,
    updated_at: now,
  });
  await repo.addEvent(tx, {
    case_id: c.id,
    at: now,
    actor,
    type: 'answer',
    from_status: c.status,
    to_status: 'answered',
    data: JSON.stringify({ text }),
  });
  const answered = { ...c, status: 'answered' };
  const round = (
    await tx
      .selectFrom('case_events')
      .select('id')
      .where('case_id', '=', c.id)
      .where('type', '=', 'answer')
      .execute()
  ).length;
  await notify(ctx, tx as AppContext['db'], answered, 'answer', 'answer', `answer:${c.id}:${round}`, {
    answer: text,
  });
  // Citizens of merged cases get the answer too, once per distinct conversation, under their own number.
  // They are asked for feedback too: a "no" from any of them reopens the case they were merged into.
  for (const m of await mergedAudience(tx, c.id)) {
    const theirs = { ...m, status: 'answered', organisation_id: c.organisation_id };
    await notify(ctx, tx, theirs, 'answer', 'answer', `answer:${c.id}:${round}:${m.id}`, { answer: text });
    await notify(ctx, tx, theirs, 'feedback', 'feedback_request', `feedback:${c.id}:${round}:${m.id}`);
  }
  await notify(
    ctx,
    tx as AppContext['db'],
    answered,
    'feedback',
    'feedback_request',
    `feedback:${c.id}:${round}`,
  );
}

/** A supervisor approves the pending answer draft. */
export async function approveAnswer(
  ctx: AppContext,
  caseId: number,
  actor: string,
  ip: string | null = null,
): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const c = await repo.findCase(tx, caseId);
    if (!c) throw notFound('case');
    const events = await tx
      .selectFrom('case_events')
      .select(['type', 'data'])
      .where('case_id', '=', caseId)
      .where('type', 'in', ['answer_pending', 'answer'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (events?.type !== 'answer_pending' || !events.data)
      throw conflict('nothing_to_approve', 'no answer waits for approval');
    assertMove(c.status, 'answered');
    const { text } = JSON.parse(events.data) as { text: string };
    await deliverAnswer(ctx, tx, c, text, actor, now);
    await audit(tx, now, { actor, action: 'case.answer_approve', entity: 'case', entityId: caseId, ip });
  });
  ctx.bus.emit('case.changed', { caseId, type: 'answer' });
}

/**
 * A citizen's message in a conversation whose case was answered: read it as feedback. "No" reopens
 * the case and escalates it to the supervisor; "yes" closes it; a 1–5 rating is kept.
 * Returns true when the message was feedback.
 */
export async function handleFeedback(ctx: AppContext, signalId: number): Promise<boolean> {
  const now = ctx.now();
  const handled = await ctx.db.transaction().execute(async (tx) => {
    const s = await repo.findSignal(tx, signalId);
    if (!s || s.case_id !== null || !s.conversation) return null;
    const found = await answeredCaseOf(tx, s.channel, s.conversation);
    if (!found) return null;
    // `c` is the answered case; `own` is the citizen's own case (a case merged into `c`, or `c` itself),
    // under whose number and in whose conversation they are answered.
    const { c, own } = found;
    if (c.answered_at === null || now - c.answered_at > 14 * 86_400_000) return null;
    const { satisfaction, rating } = parseFeedback(s.text);
    if (!satisfaction && rating === null) return null;
    await repo.claimSignal(tx, s.id, c.id);
    await repo.addEvent(tx, {
      case_id: c.id,
      at: now,
      actor: 'citizen',
      type: 'feedback',
      data: JSON.stringify({ satisfaction, rating, signalId: s.id }),
    });
    const patch: Parameters<typeof repo.updateCase>[2] = { updated_at: now };
    if (satisfaction) patch.satisfaction = satisfaction;
    if (rating !== null) patch.rating = rating;
    if (satisfaction === 'not_solved' || satisfaction === 'partly') {
      assertMove(c.status, 'reopened');
      Object.assign(patch, {
        status: 'reopened',
        answered_at: null,
        escalated: satisfaction === 'not_solved' ? 1 : c.escalated,
      });
      await repo.addEvent(tx, {
        case_id: c.id,
        at: now,
        actor: 'citizen',
        type: 'transition',
        from_status: c.status,
        to_status: 'reopened',
        reason:
          satisfaction === 'not_solved'
            ? 'the applicant says the problem is not solved'
            : 'solved only partly',
      });
      if (satisfaction === 'not_solved') {
        await repo.addEvent(tx, {
          case_id: c.id,
          at: now,
          actor: 'system',
          type: 'escalated',
          reason: 'not solved',
        });
      }
      await notify(
        ctx,
        tx as AppContext['db'],
        { ...own, status: 'reopened', organisation_id: c.organisation_id },
        'reopened',
        'notice',
        `reopened:${c.id}:${s.id}`,
      );
    } else if (satisfaction === 'solved') {
      Object.assign(patch, { status: 'closed', closed_at: now });
      await repo.addEvent(tx, {
        case_id: c.id,
        at: now,
        actor: 'citizen',
        type: 'transition',
        from_status: c.status,
        to_status: 'closed',
      });
      await notify(
        ctx,
        tx as AppContext['db'],
        { ...own, status: 'closed', organisation_id: c.organisation_id },
        'thanks_feedback',
        'notice',
        `thanks:${c.id}:${s.id}`,
      );
    }
    await repo.updateCase(tx, c.id, patch);
    await audit(tx, now, {
      actor: 'citizen',
      action: 'case.feedback',
      entity: 'case',
      entityId: c.id,
      data: { satisfaction, rating },
    });
    return c.id;
  });
  if (handled !== null) ctx.bus.emit('case.changed', { caseId: handled, type: 'feedback' });
  return handled !== null;
}

/** Merges can chain (A into B, later B into C); a few levels are followed. */
const MAX_MERGE_DEPTH = 5;

/**
 * The answered case a conversation's feedback is about: the conversation's latest answered case, or
 * the case its merged case was merged into (following a chain of merges) when that one was answered.
 */
async function answeredCaseOf(tx: repo.Tx, channel: string, conversation: string) {
  const mine = await repo.latestCaseOfConversation(tx, channel, conversation, ['answered', 'merged']);
  if (!mine) return null;
  let c: repo.CaseRow | undefined = mine;
  for (let depth = 0; c?.status === 'merged' && c.merged_into !== null && depth < MAX_MERGE_DEPTH; depth++)
    c = await repo.findCase(tx, c.merged_into);
  return c?.status === 'answered' ? { c, own: mine } : null;
}

/** "/status" or a case number in the bot: answers from the person's cases, in their language. */
export async function handleStatusCommand(ctx: AppContext, signalId: number): Promise<boolean> {
  const s = await repo.findSignal(ctx.db, signalId);
  if (!s || s.case_id !== null) return false;
  const cmd = parseStatusCommand(s.text);
  if (!cmd) return false;
  const desk = await deskOf(ctx);
  let cases = cmd.number
    ? [await repo.findCaseByNumber(ctx.db, cmd.number)].filter((c) => c !== undefined)
    : [];
  if (!cmd.number && s.author_id !== null) {
    cases = await ctx.db
      .selectFrom('cases')
      .selectAll()
      .where('author_id', '=', s.author_id)
      .orderBy('registered_at', 'desc')
      .limit(3)
      .execute();
  }
  // Only the applicant's own cases are described: a number belonging to someone else says nothing.
  cases = cases.filter((c) => c.author_id === s.author_id);
  const lang = replyLang(s.lang ?? cases[0]?.lang ?? null);
  const lines: string[] = [];
  for (const c of cases) {
    const tpl = (await repo.templatesFor(ctx.db, 'status')).find((t) => t.lang === lang);
    const org = c.organisation_id ? await repo.organisation(ctx.db, c.organisation_id) : undefined;
    lines.push(
      render(tpl?.body ?? '{number}: {status}', {
        number: c.number,
        status: statusWord(c.status, lang),
        organisation: org ? (lang === 'kk' ? org.name_kk : org.name_ru) : '—',
        due: localDate(c.due_at, desk.calendar.utcOffsetMinutes),
      }),
    );
  }
  if (!lines.length) {
    const none = (await repo.templatesFor(ctx.db, 'status_none')).find((t) => t.lang === lang);
    lines.push(none?.body ?? '—');
  }
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('signals')
      .set({ status: 'ignored', labelled_at: ctx.now() })
      .where('id', '=', s.id)
      .execute();
    await enqueueMessage(
      tx,
      {
        caseId: cases[0]?.id ?? null,
        channel: s.channel,
        recipient: recipientOf(s),
        purpose: 'status',
        text: lines.join('\n\n'),
        dedupeKey: `status:${s.id}`,
      },
      ctx.now(),
    );
  });
  return true;
}
