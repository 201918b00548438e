import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { AppError, forbidden } from '../shared/errors.js';
import { type LiveEvent, LiveHub, mayListen } from './live.js';
import * as repo from './repository.js';

const iso = (ms: number) => new Date(ms).toISOString();

async function signalEvent(ctx: AppContext, id: number): Promise<LiveEvent | null> {
  const s = await repo.signalMeta(ctx.db, id);
  if (!s) return null;
  return {
    type: 'signal',
    id: s.id,
    channel: s.channel,
    status: s.status,
    receivedAt: iso(s.received_at),
    kind: s.kind,
    topic: s.topic,
    district: s.district,
    sentiment: s.sentiment,
    urgency: s.urgency,
    caseId: s.case_id,
    isDemo: s.is_demo === 1,
  };
}

async function caseEvent(ctx: AppContext, id: number, change: string): Promise<LiveEvent | null> {
  const c = await repo.caseMeta(ctx.db, id);
  if (!c) return null;
  return {
    type: 'case',
    change,
    id: c.id,
    number: c.number,
    status: c.status,
    channel: c.channel,
    kind: c.kind,
    topic: c.topic,
    district: c.district,
    urgency: c.urgency,
    organisationId: c.organisation_id,
    executorId: c.executor_id,
    registeredAt: iso(c.registered_at),
    updatedAt: iso(c.updated_at),
    isDemo: c.is_demo === 1,
  };
}

export interface EventRouteOptions {
  readonly heartbeatMs?: number;
  readonly maxLifetimeMs?: number;
}

/**
 * GET /api/events: server-sent events for the web app — new signals and case changes as they are
 * committed (from ctx.bus), filtered by what the signed-in caller may see, with a heartbeat.
 */
export function eventRoutes(options: EventRouteOptions = {}) {
  return (app: FastifyInstance, ctx: AppContext): void => {
    const hub = new LiveHub({
      heartbeatMs: options.heartbeatMs ?? 15_000,
      maxLifetimeMs: options.maxLifetimeMs ?? 10 * 60_000,
      now: ctx.now,
    });
    // Events go out in commit order, one lookup at a time, and only while someone listens.
    let chain = Promise.resolve();
    const enqueue = (make: () => Promise<LiveEvent | null>) => {
      if (hub.size === 0) return;
      chain = chain
        .then(make)
        .then((e) => {
          if (e) hub.publish(e);
        })
        .catch((err: unknown) =>
          ctx.log.warn({ err: { message: (err as Error).message } }, 'live event failed'),
        );
    };
    const offSignal = ctx.bus.on('signal.ingested', ({ result }) => {
      if (!result.duplicate) enqueue(() => signalEvent(ctx, result.signalId));
    });
    const offCase = ctx.bus.on('case.changed', ({ caseId, type }) =>
      enqueue(() => caseEvent(ctx, caseId, type)),
    );
    const offAlert = ctx.bus.on('alert.changed', ({ alertId, change, severity }) =>
      enqueue(async () => ({ type: 'alert', id: alertId, change, severity })),
    );
    app.addHook('preClose', async () => {
      offSignal();
      offCase();
      offAlert();
      hub.closeAll();
    });

    app.get(
      '/api/events',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['web'],
          summary: 'Live feed (server-sent events): new signals and case changes, labels only',
          description:
            'Send `Accept: text/event-stream` (EventSource does). Events: `hello`, `heartbeat` (every 15 s), ' +
            '`signal` {id, channel, status, receivedAt, kind, topic, district, sentiment, urgency, caseId} for ' +
            'holders of signals:read (mentions only with mentions:read), and `case` {change, id, number, status, ' +
            'kind, topic, district, urgency, organisationId, executorId} for holders of cases:read (executors: ' +
            'their organisations only), and `alert` {id, change, severity} for holders of analytics:read. No text, ' +
            'name, phone or address is ever sent. Streams close after ' +
            '10 minutes; EventSource reconnects.',
          response: {
            200: { description: 'text/event-stream', type: 'string' },
            403: { $ref: 'Error#' },
            406: { $ref: 'Error#' },
          },
        },
      },
      async (request, reply) => {
        if (!String(request.headers.accept ?? '').includes('text/event-stream'))
          throw new AppError(406, 'not_acceptable', 'this endpoint sends text/event-stream only');
        if (!mayListen(request.principal))
          throw forbidden('requires permission cases:read, mentions:read or analytics:read');
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
          'x-request-id': request.id,
          'x-content-type-options': 'nosniff',
        });
        res.socket?.setNoDelay(true);
        const forget = hub.add(request.principal, res);
        request.raw.on('close', forget);
        res.on('close', forget);
      },
    );
  };
}
