import type { AppContext } from '../../app/context.js';
import { pollFeed } from './poll.js';
import { claimSource, listSources } from './repository.js';

/** Polls the sources that are due (enabled, interval elapsed); each is claimed first, so instances do not overlap. */
export async function pollDue(ctx: AppContext, isStopped: () => boolean = () => false): Promise<number> {
  let polled = 0;
  for (const s of await listSources(ctx.db)) {
    if (isStopped()) break;
    const now = ctx.now();
    const due =
      s.enabled === 1 && (s.last_polled_at === null || s.last_polled_at + s.interval_seconds * 1000 <= now);
    if (!due || !(await claimSource(ctx.db, s.id, s.last_polled_at, now))) continue;
    await pollFeed(ctx, s.id);
    polled++;
  }
  return polled;
}

/**
 * The news poller: every tick, polls each due source once. A failing source is recorded on its row by
 * pollFeed; anything unexpected is logged and the next tick runs as usual.
 */
export async function startFeedPoller(
  ctx: AppContext,
  options: { tickMs?: number } = {},
): Promise<() => Promise<void>> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running
      .then(() => pollDue(ctx, () => stopped))
      .then(
        () => undefined,
        (err: unknown) => ctx.log.error({ err: { message: (err as Error).message } }, 'feed poll failed'),
      );
  };
  tick();
  const timer = setInterval(tick, options.tickMs ?? 15_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
