import type { AppContext } from '../app/context.js';
import { nextTurn } from '../shared/yield.js';
import { unlabelledSignals } from './repository.js';

/**
 * Labels every stored signal that has no labels yet (stored while no model was loaded, or when
 * labelling failed). Labels a person gave (an operator) are kept: only empty fields are filled.
 * Returns how many signals it labelled.
 */
export async function labelPending(ctx: AppContext, limit = 1000): Promise<number> {
  const labeler = ctx.labeler;
  if (!labeler) return 0;
  const rows = await unlabelledSignals(ctx.db, limit);
  const now = ctx.now();
  for (const r of rows) {
    const l = labeler(r.text);
    await ctx.db
      .updateTable('signals')
      .set({
        lang: l.lang,
        kind: r.kind ?? l.kind,
        topic: r.topic ?? l.topic,
        sentiment: l.sentiment,
        district: r.district ?? l.district,
        urgency: r.urgency ?? l.urgency,
        text_redacted: l.textRedacted,
        labels: JSON.stringify(l.details),
        labelled_at: now,
      })
      .where('id', '=', r.id)
      .where('labelled_at', 'is', null)
      .execute();
  }
  return rows.length;
}

/** Background labelling sweep: at start (after a crash) and every few seconds. */
export async function startLabelling(ctx: AppContext): Promise<() => Promise<void>> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running
      .then(async () => {
        // Until nothing is left, in chunks with a turn of the event loop between them.
        while ((await labelPending(ctx, 200)) > 0) await nextTurn();
      })
      .catch((err: unknown) =>
        ctx.log.error({ err: { message: (err as Error).message } }, 'labelling sweep failed'),
      );
  };
  tick();
  const timer = setInterval(tick, 5_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
