import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { DIALECTS } from '../../test/helpers/db.js';
import { tokensForRoles } from '../../test/helpers/users.js';
import { ANONYMOUS, type Principal } from '../auth/access.js';
import { permissionsOf, type Role } from '../auth/permissions.js';
import { triageSignal } from '../cases/sweeps.js';
import { ingest } from '../intake/service.js';
import { type LiveEvent, LiveHub, mayReceive } from './live.js';

interface Stream {
  readonly events: Array<{ event: string; data: Record<string, unknown> }>;
  readonly raw: () => string;
  close(): void;
}

/** Opens GET /api/events as a browser's EventSource would and collects the events. */
function listen(base: string, token: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}/api/events`,
      { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` } },
      (res: IncomingMessage) => {
        if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
        let buf = '';
        let raw = '';
        const events: Stream['events'] = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          raw += chunk;
          buf += chunk;
          const blocks = buf.split('\n\n');
          buf = blocks.pop() ?? '';
          for (const block of blocks) {
            const event = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
          }
        });
        resolve({ events, raw: () => raw, close: () => req.destroy() });
      },
    );
    req.on('error', () => undefined);
    req.end();
  });
}

const until = async (fn: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.each(DIALECTS)('live feed GET /api/events on %s', (dialect) => {
  let app: TestApp;
  let tokens: Record<Role, string>;
  let base: string;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    tokens = await tokensForRoles(app.ctx);
    base = await app.server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => app.stop());

  it('streams new signals and case changes, filtered by role, without personal data', async () => {
    const supervisor = await listen(base, tokens.supervisor);
    const analyst = await listen(base, tokens.analyst);
    const executor = await listen(base, tokens.executor);
    await until(() => supervisor.events.some((e) => e.event === 'hello'));
    const appeal = await ingest(app.ctx, {
      channel: 'telegram',
      externalId: 'live:1',
      text: 'Нет воды, Абая 5, звоните +77015551234',
      raw: {},
      author: { externalUserId: '42', displayName: 'Айгерим Сапарова', phone: '+77015551234' },
      conversation: 'tg:42',
      given: { kind: 'incident', topic: 'water', district: 'taraz' },
    });
    await triageSignal(app.ctx, appeal.signalId);
    await ingest(app.ctx, {
      channel: 'instagram',
      externalId: 'live:2',
      text: 'Опять нет воды в Таразе',
      raw: {},
      status: 'mention',
      reach: { followers: 1200 },
    });
    await until(() => supervisor.events.filter((e) => e.event === 'signal').length === 2);
    await until(() => supervisor.events.some((e) => e.event === 'case'));
    await until(() => analyst.events.some((e) => e.event === 'signal'));
    const kase = supervisor.events.find((e) => e.event === 'case')?.data;
    expect(kase).toMatchObject({
      type: 'case',
      change: 'created',
      status: expect.any(String),
      topic: 'water',
    });
    expect(supervisor.events.find((e) => e.event === 'signal')?.data).toMatchObject({
      id: appeal.signalId,
      channel: 'telegram',
    });
    // The analyst reads mentions only: no appeal, no case.
    await new Promise((r) => setTimeout(r, 200));
    expect(analyst.events.filter((e) => e.event === 'signal').map((e) => e.data.channel)).toEqual([
      'instagram',
    ]);
    expect(analyst.events.some((e) => e.event === 'case')).toBe(false);
    // The executor's organisation is not the water utility: nothing about this case, no signals.
    expect(executor.events.filter((e) => e.event !== 'hello')).toEqual([]);
    for (const s of [supervisor, analyst]) {
      for (const needle of ['Абая', '+7701', 'Айгерим', 'Нет воды', 'Опять'])
        expect(s.raw()).not.toContain(needle);
    }
    for (const s of [supervisor, analyst, executor]) s.close();
  });

  it('sends events of an executor’s own organisation to that executor', async () => {
    const executor = await listen(base, tokens.executor);
    const org = await app.ctx.db
      .selectFrom('organisations')
      .select('id')
      .where('name_en', '=', 'Water utility')
      .executeTakeFirstOrThrow();
    const c = await app.ctx.db.selectFrom('cases').select('id').executeTakeFirstOrThrow();
    await app.server.inject({
      method: 'POST',
      url: `/api/cases/${c.id}/transitions`,
      headers: app.auth(),
      payload: { to: 'assigned', organisationId: org.id },
    });
    await until(() => executor.events.some((e) => e.event === 'case'));
    expect(executor.events.find((e) => e.event === 'case')?.data).toMatchObject({
      id: c.id,
      organisationId: org.id,
    });
    executor.close();
  });

  it('tells holders of analytics:read about alerts as they are raised and acknowledged', async () => {
    const analyst = await listen(base, tokens.analyst);
    const operator = await listen(base, tokens.operator);
    await until(() => analyst.events.some((e) => e.event === 'hello'));
    await until(() => operator.events.some((e) => e.event === 'hello'));
    app.ctx.bus.emit('alert.changed', { alertId: 7, change: 'raised', severity: 'high' });
    await until(() => analyst.events.some((e) => e.event === 'alert'));
    expect(analyst.events.find((e) => e.event === 'alert')?.data).toEqual({
      type: 'alert',
      id: 7,
      change: 'raised',
      severity: 'high',
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(operator.events.some((e) => e.event === 'alert')).toBe(false); // operators lack analytics:read
    for (const s of [analyst, operator]) s.close();
  });

  it('answers 406 without Accept: text/event-stream, 403 to a token without cases, mentions or analytics, 401 anonymous', async () => {
    const plain = await app.server.inject({ url: '/api/events', headers: app.auth(tokens.supervisor) });
    expect(plain.statusCode).toBe(406);
    const sse = { accept: 'text/event-stream' };
    const made = await app.server.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: app.auth(tokens.admin),
      payload: { name: 'audit export', scopes: ['audit:read'] },
    });
    expect(made.statusCode).toBe(201);
    const auditOnly = await app.server.inject({
      url: '/api/events',
      headers: { ...sse, ...app.auth(made.json().token) },
    });
    expect(auditOnly.statusCode).toBe(403);
    expect((await app.server.inject({ url: '/api/events', headers: sse })).statusCode).toBe(401);
  });

  it('lets the server close while streams are open', async () => {
    const s = await listen(base, tokens.operator);
    await until(() => s.events.some((e) => e.event === 'hello'));
    const ended = new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (s.raw().length > 0) {
          clearInterval(t);
          resolve();
        }
      }, 10);
    });
    await ended;
    const t0 = Date.now();
    await app.server.close();
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe('LiveHub', () => {
  const principal = (roles: Role[], organisationIds: number[] = []): Principal => ({
    ...ANONYMOUS,
    kind: 'session',
    actor: 'user:1',
    userId: 1,
    roles,
    organisationIds,
    permissions: permissionsOf(roles),
  });
  const caseEvent = (organisationId: number | null): LiveEvent => ({
    type: 'case',
    change: 'transition',
    id: 1,
    number: 'ZHA-2026-000001',
    status: 'assigned',
    channel: 'telegram',
    kind: null,
    topic: null,
    district: null,
    urgency: null,
    organisationId,
    executorId: null,
    registeredAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    isDemo: false,
  });

  it('decides who receives what', () => {
    expect(mayReceive(principal(['operator']), caseEvent(null))).toBe(true);
    expect(mayReceive(principal(['executor'], [5]), caseEvent(5))).toBe(true);
    expect(mayReceive(principal(['executor'], [5]), caseEvent(6))).toBe(false);
    expect(mayReceive(principal(['executor'], [5]), caseEvent(null))).toBe(false);
    expect(mayReceive(principal(['analyst']), caseEvent(null))).toBe(false);
  });

  it('sends a heartbeat on schedule and ends streams at their lifetime', () => {
    vi.useFakeTimers();
    try {
      const hub = new LiveHub({ heartbeatMs: 15_000, maxLifetimeMs: 60_000, now: () => 0 });
      const chunks: string[] = [];
      let ended = false;
      hub.add(principal(['operator']), { write: (c: string) => chunks.push(c), end: () => (ended = true) });
      expect(chunks.join('')).toContain('event: hello');
      vi.advanceTimersByTime(45_000);
      expect(chunks.filter((c) => c.includes('event: heartbeat'))).toHaveLength(3);
      expect(ended).toBe(false);
      vi.advanceTimersByTime(15_000);
      expect(ended).toBe(true);
      expect(hub.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
