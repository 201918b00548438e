import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../intake/service.js';
import type { InboundSignal } from '../intake/types.js';
import { runAnalyticsCycle } from './service.js';
import { type AnalyticsTestApp, startAnalyticsApp } from './testing.js';

/** A big backlog (an import) is worked through in chunks that leave the event loop free in between. */
describe('analytics over a large backlog', () => {
  let app: AnalyticsTestApp;
  beforeAll(async () => {
    app = await startAnalyticsApp('sqlite', Date.parse('2026-12-14T09:00:00+05:00'));
  });
  afterAll(async () => app.stop());

  it('lets timers and requests run between chunks of clustering and rollups', async () => {
    const base = Date.parse('2026-12-13T09:00:00+05:00');
    const items: InboundSignal[] = Array.from({ length: 3_000 }, (_, i) => ({
      channel: 'telegram',
      externalId: `backlog:${i}`,
      text: `Нет воды в доме ${i % 90}`,
      raw: {},
      receivedAt: base + i * 1_000,
      given: { kind: 'incident', topic: 'water', district: i % 2 ? 'taraz' : 'shu' },
    }));
    for (let i = 0; i < items.length; i += 500) await ingestBatch(app.ctx, items.slice(i, i + 500));
    let cycleDone = false;
    let servedDuringCycle = 0;
    const timer = setInterval(() => {
      if (!cycleDone) servedDuringCycle++;
    }, 0);
    const health = app.server.inject({ url: '/healthz' }).then((r) => ({ status: r.statusCode, cycleDone }));
    try {
      const r = await runAnalyticsCycle(app.ctx, { detect: false });
      cycleDone = true;
      expect(r.clustered).toBe(3_000);
      expect(servedDuringCycle).toBeGreaterThan(0);
      expect(await health).toEqual({ status: 200, cycleDone: false });
    } finally {
      clearInterval(timer);
    }
  });
});
