import { Counter } from 'prom-client';
import type { Metrics } from '../http/metrics.js';

export type Outcome = 'sent' | 'skipped' | 'retry' | 'failed';

const counters = new WeakMap<Metrics, Counter<'channel' | 'outcome'>>();

/** `tyndau_outbox_messages_total{channel, outcome}` on the app's own registry (created once per app). */
export function outboxCounter(metrics: Metrics): Counter<'channel' | 'outcome'> {
  let c = counters.get(metrics);
  if (!c) {
    c = new Counter({
      name: 'tyndau_outbox_messages_total',
      help: 'Outbound messages by channel and outcome (sent, skipped, retry, failed)',
      labelNames: ['channel', 'outcome'] as const,
      registers: [metrics.registry],
    });
    counters.set(metrics, c);
  }
  return c;
}
