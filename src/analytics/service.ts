import type { AppContext } from '../app/context.js';
import { nextTurn } from '../shared/yield.js';
import { evaluateRules } from './alerts/engine.js';
import { type AnomalyRow, detectAnomalies } from './anomalies/detect.js';
import { listAnomalies, replaceAnomalies } from './anomalies/repository.js';
import { refreshUntilCurrent } from './rollup/refresh.js';
import { clusterPending } from './stories/service.js';

export interface CycleResult {
  readonly signals: number;
  readonly clustered: number;
  readonly anomalies: number | null;
  readonly alerts: number;
}

/**
 * One round of the analytics worker: rollups caught up, new signals clustered into stories, anomalies
 * detected (when `detect`), alert rules evaluated. Every step is idempotent and resumes from its marks.
 */
export async function runAnalyticsCycle(
  ctx: AppContext,
  options: { detect?: boolean } = {},
): Promise<CycleResult> {
  const signals = await refreshUntilCurrent(ctx);
  let clustered = 0;
  for (let i = 0; i < 1000; i++) {
    const r = await clusterPending(ctx);
    clustered += r.processed;
    if (!r.more) break;
    await nextTurn(); // a large backlog (an import) must not stall the HTTP server
  }
  let anomalies: AnomalyRow[];
  if (options.detect !== false) {
    anomalies = await detectAnomalies(ctx);
    await replaceAnomalies(ctx.db, anomalies);
  } else {
    anomalies = await listAnomalies(ctx.db);
  }
  const alerts = await evaluateRules(ctx, anomalies);
  return { signals, clustered, anomalies: options.detect !== false ? anomalies.length : null, alerts };
}

const QUICK_DELAY_MS = 2_000;
const FULL_INTERVAL_MS = 60_000;

/**
 * Background analytics: a quick round (no detection) shortly after new signals or case changes, a full
 * round every minute. Rounds run one at a time; errors are logged (without any message text).
 */
export async function startAnalytics(ctx: AppContext): Promise<() => Promise<void>> {
  let chain = Promise.resolve();
  let pending: NodeJS.Timeout | null = null;
  const run = (detect: boolean) => {
    chain = chain
      .then(() => runAnalyticsCycle(ctx, { detect }).then(() => undefined))
      .catch((err: unknown) => {
        ctx.log.error({ err: { message: (err as Error).message } }, 'analytics round failed');
      });
  };
  const soon = () => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      run(false);
    }, QUICK_DELAY_MS);
    pending.unref();
  };
  const offSignal = ctx.bus.on('signal.ingested', ({ result }) => {
    if (!result.duplicate) soon();
  });
  const offCase = ctx.bus.on('case.changed', () => soon());
  run(true);
  const timer = setInterval(() => run(true), FULL_INTERVAL_MS);
  timer.unref();
  return async () => {
    offSignal();
    offCase();
    clearInterval(timer);
    if (pending) clearTimeout(pending);
    await chain;
  };
}
