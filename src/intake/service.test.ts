import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { DIALECTS } from '../../test/helpers/db.js';
import { authorRef, ingest } from './service.js';
import type { InboundSignal } from './types.js';

const base = (over: Partial<InboundSignal> = {}): InboundSignal => ({
  channel: 'telegram',
  externalId: `tg-${Math.random()}`,
  text: 'Нет воды в мкр Жайлау с утра',
  raw: { any: 'payload' },
  author: { externalUserId: '1111', displayName: 'Айгуль', phone: '+77011234567' },
  conversation: 'chat-1111',
  ...over,
});

describe.each(DIALECTS)('intake service on %s', (dialect) => {
  let app: TestApp;
  let clock = Date.parse('2026-11-30T05:00:00Z');
  beforeAll(async () => {
    app = await startTestApp(dialect, {}, { now: () => clock });
  });
  afterAll(async () => app.stop());

  it('stores once per channel and external id', async () => {
    const s = base({ externalId: 'dup-1' });
    const first = await ingest(app.ctx, s);
    const again = await ingest(app.ctx, s);
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, signalId: first.signalId });
    const other = await ingest(app.ctx, { ...s, channel: 'whatsapp' });
    expect(other.duplicate).toBe(false);
    const rows = await app.ctx.db
      .selectFrom('signals')
      .select('id')
      .where('external_id', '=', 'dup-1')
      .execute();
    expect(rows).toHaveLength(2);
  });

  it('keeps contact details apart, behind a pseudonymous author reference', async () => {
    const r = await ingest(app.ctx, base({ author: { externalUserId: '918273645', phone: '+77770001122' } }));
    const signal = await app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('id', '=', r.signalId)
      .executeTakeFirstOrThrow();
    const author = await app.ctx.db
      .selectFrom('authors')
      .selectAll()
      .where('id', '=', signal.author_id)
      .executeTakeFirstOrThrow();
    expect(author.ref).toBe(authorRef(app.ctx.pseudonymKey, 'telegram', '918273645'));
    expect(author.ref).not.toContain('918273645');
    const contact = await app.ctx.db
      .selectFrom('author_contacts')
      .selectAll()
      .where('author_id', '=', author.id)
      .executeTakeFirstOrThrow();
    expect(contact.phone).toBe('+77770001122');
  });

  it('joins messages of one conversation within the window into one thread', async () => {
    const a = await ingest(app.ctx, base({ conversation: 'chat-42' }));
    clock += 10 * 60_000;
    const b = await ingest(app.ctx, base({ conversation: 'chat-42', text: 'адрес: ул. Абая 12' }));
    clock += 31 * 60_000;
    const c = await ingest(app.ctx, base({ conversation: 'chat-42', text: 'опять нет воды' }));
    expect(a.threadId).not.toBeNull();
    expect(b.threadId).toBe(a.threadId);
    expect(c.threadId).not.toBe(a.threadId);
  });

  it('records ignored items as acknowledged and labelled', async () => {
    const r = await ingest(app.ctx, base({ status: 'ignored', text: '' }));
    const row = await app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('id', '=', r.signalId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('ignored');
    expect(row.thread_id).toBeNull();
  });
});
