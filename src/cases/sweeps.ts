import type { AppContext } from '../app/context.js';
import { handleFeedback, handleStatusCommand } from './answers.js';
import { OPEN_STATUSES } from './lifecycle.js';
import * as repo from './repository.js';
import { createCaseFromSignal } from './service.js';

/** One appeal through triage: a bot command, feedback on an answered case, or a (joined) case. */
export async function triageSignal(ctx: AppContext, signalId: number): Promise<void> {
  if (await handleStatusCommand(ctx, signalId)) return;
  if (await handleFeedback(ctx, signalId)) return;
  await createCaseFromSignal(ctx, signalId);
}

/** Triage every appeal still without a case (after a crash, or signals stored while triage was off). */
export async function triagePending(ctx: AppContext, limit = 500): Promise<number> {
  const rows = await repo.untriaged(ctx.db, limit);
  for (const r of rows) await triageSignal(ctx, r.id);
  return rows.length;
}

/** Marks open cases past their due date as escalated to the supervisor (once), with an event. */
export async function escalateOverdue(ctx: AppContext): Promise<number> {
  const now = ctx.now();
  const overdue = await ctx.db
    .selectFrom('cases')
    .select(['id'])
    .where('status', 'in', OPEN_STATUSES)
    .where('due_at', '<', now)
    .where('escalated', '=', 0)
    .limit(1000)
    .execute();
  for (const c of overdue) {
    await ctx.db.transaction().execute(async (tx) => {
      await repo.updateCase(tx, c.id, { escalated: 1, updated_at: now });
      await repo.addEvent(tx, {
        case_id: c.id,
        at: now,
        actor: 'system',
        type: 'escalated',
        reason: 'overdue',
      });
    });
    ctx.bus.emit('case.changed', { caseId: c.id, type: 'escalated' });
  }
  return overdue.length;
}

/**
 * Background triage: new appeals are triaged right after their commit (bus event); a periodic sweep
 * catches whatever an interrupted process left, and escalates overdue cases.
 */
export async function startTriage(ctx: AppContext): Promise<() => Promise<void>> {
  let chain = Promise.resolve();
  const run = (job: () => Promise<unknown>) => {
    chain = chain.then(job).then(
      () => undefined,
      (err: unknown) => ctx.log.error({ err: { message: (err as Error).message } }, 'triage failed'),
    );
  };
  const off = ctx.bus.on('signal.ingested', ({ result, input }) => {
    if (!result.duplicate && (input.status ?? 'received') === 'received' && !input.historical) {
      run(() => triageSignal(ctx, result.signalId));
    }
  });
  run(() => triagePending(ctx));
  const timer = setInterval(() => {
    run(() => triagePending(ctx));
    run(() => escalateOverdue(ctx));
  }, 15_000);
  timer.unref();
  return async () => {
    off();
    clearInterval(timer);
    await chain;
  };
}
