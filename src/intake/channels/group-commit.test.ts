import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import type { InboundSignal } from '../types.js';
import { commitDelivery } from './group-commit.js';
import { signalByExternalId } from './test-support.js';

const signal = (id: string): InboundSignal => ({
  channel: 'telegram',
  externalId: id,
  text: `Сообщение ${id}`,
  raw: { id },
  author: { externalUserId: '1' },
  conversation: 'tg:1',
});

describe.each(DIALECTS)('group commit of webhook deliveries on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    // These tests are about deliveries stored before their answer; journal.test.ts covers the journal.
    app = await startTestApp(dialect, { TYNDAU_INTAKE_JOURNAL_AT: '0' });
  });
  afterAll(async () => app.stop());

  it('commits concurrent deliveries together and answers each with its own results', async () => {
    const transactions = new Set<unknown>();
    const deliveries = Array.from({ length: 40 }, (_, i) =>
      commitDelivery(app.ctx, [signal(`gc-${i}-a`), signal(`gc-${i}-b`)], async (tx) => {
        transactions.add(tx);
      }),
    );
    const results = (await Promise.all(deliveries)).map((c) => (c.journaled ? [] : c.results));
    for (const [i, r] of results.entries()) {
      expect(r).toHaveLength(2);
      expect(r.every((x) => !x.duplicate)).toBe(true);
      const [a] = await signalByExternalId(app, 'telegram', `gc-${i}-a`);
      expect(a?.id).toBe(r[0]?.signalId);
    }
    // Forty deliveries, far fewer commits.
    expect(transactions.size).toBeGreaterThan(0);
    expect(transactions.size).toBeLessThan(40);
  });

  it('keeps one failing delivery from failing the others it shared a commit with', async () => {
    const deliveries = Array.from({ length: 12 }, (_, i) =>
      commitDelivery(
        app.ctx,
        [signal(`poison-${i}`)],
        i === 5
          ? async () => {
              throw new Error('broken delivery');
            }
          : undefined,
      ),
    );
    const settled = await Promise.allSettled(deliveries);
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
    expect(settled[5]?.status).toBe('rejected');
    for (let i = 0; i < 12; i++) {
      expect(await signalByExternalId(app, 'telegram', `poison-${i}`)).toHaveLength(i === 5 ? 0 : 1);
    }
  });

  it('reports a repeat inside one commit as a duplicate', async () => {
    const [first, second] = (
      await Promise.all([
        commitDelivery(app.ctx, [signal('twice')]),
        commitDelivery(app.ctx, [signal('twice')]),
      ])
    ).map((c) => (c.journaled ? [] : c.results));
    expect([first?.[0]?.duplicate, second?.[0]?.duplicate].sort()).toEqual([false, true]);
    expect(await signalByExternalId(app, 'telegram', 'twice')).toHaveLength(1);
  });
});
