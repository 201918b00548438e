import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { audit } from '../audit/audit.js';
import { signalDto } from '../intake/serialize.js';
import { forbidden, notFound } from '../shared/errors.js';
import { addNote, extendCase, mergeCase, relabel } from './actions.js';
import { answerCase, approveAnswer } from './answers.js';
import { EXPORT_MAX_ROWS, exportCases } from './export.js';
import { STATUSES } from './lifecycle.js';
import { type CaseFilter, caseDto, listCases, scopeOf, signalIdsOf } from './queries.js';
import * as repo from './repository.js';
import { caseSchema, eventSchema, idParams, listQuerySchema, ok204, outboxSchema } from './schemas.js';
import { createCaseFromSignal, transition } from './service.js';

type ListQuery = Record<string, string | number | boolean | undefined>;
const split = (v: unknown) =>
  typeof v === 'string' && v
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;
const splitNum = (v: unknown) => split(v)?.map(Number).filter(Number.isFinite);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The list filters of a querystring (shared by the list and its CSV export). */
function filterOf(q: ListQuery): Omit<CaseFilter, 'limit' | 'cursor'> {
  return {
    status: split(q.status),
    channel: split(q.channel),
    kind: split(q.kind),
    topic: split(q.topic),
    district: split(q.district),
    organisation: splitNum(q.organisation),
    executor: splitNum(q.executor),
    urgency: split(q.urgency),
    overdue: q.overdue as boolean | undefined,
    dueSoon: q.dueSoon as boolean | undefined,
    escalated: q.escalated as boolean | undefined,
    from: typeof q.from === 'string' ? Date.parse(q.from) : undefined,
    to: typeof q.to === 'string' ? Date.parse(q.to) : undefined,
    q: q.q as string | undefined,
    sort: q.sort as 'registered_desc',
  };
}
const json = (s: string | null) => (s ? (JSON.parse(s) as Record<string, unknown>) : null);

export function caseRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.addSchema(caseSchema);

  /** Loads a case the caller may see (executors: their organisations only). */
  async function visible(request: FastifyRequest, id: number) {
    const c = await repo.findCase(ctx.db, id);
    const scope = scopeOf(request.principal);
    if (!c || (scope && (c.organisation_id === null || !scope.includes(c.organisation_id))))
      throw notFound('case');
    return c;
  }

  app.get<{ Querystring: ListQuery }>(
    '/api/cases',
    {
      config: { access: 'cases:read' },
      schema: {
        tags: ['cases'],
        summary: 'Cases with filters, full-text search and cursor pagination',
        querystring: listQuerySchema,
        response: {
          200: {
            type: 'object',
            required: ['items', 'total', 'next'],
            properties: {
              items: { type: 'array', items: { $ref: 'Case#' } },
              total: { type: 'integer' },
              next: { type: 'string', nullable: true },
            },
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      const now = ctx.now();
      const result = await listCases(
        ctx.db,
        { ...filterOf(q), limit: q.limit as number, cursor: q.cursor as string | undefined },
        scopeOf(request.principal),
        now,
        ctx.dialect,
      );
      const signals = await signalIdsOf(
        ctx.db,
        result.items.map((c) => c.id),
      );
      return { ...result, items: result.items.map((c) => caseDto(c, signals.get(c.id) ?? [], now)) };
    },
  );

  app.get<{ Querystring: ListQuery }>(
    '/api/cases/export.csv',
    {
      config: { access: 'cases:read' },
      schema: {
        tags: ['cases'],
        summary: 'The filtered case list as CSV (same filters as /api/cases; redacted summaries only)',
        description:
          `Columns: number, status, channel, kind, topic, district, urgency, organisation (code), ` +
          'registered_at, due_at, answered_at, overdue, satisfaction, rating: no personal data. ' +
          '`summary=true` adds the redacted first message (phones, IINs, e-mails and cards masked; a name ' +
          'or address in the text may remain), for holders of cases:pii only (403 otherwise), audited ' +
          `as a read of personal data. At most ${EXPORT_MAX_ROWS} rows, newest first; header ` +
          '`X-Export-Truncated: true` when the selection was larger. Every export is audited.',
        querystring: {
          ...listQuerySchema,
          properties: { ...listQuerySchema.properties, summary: { type: 'boolean', default: false } },
        },
        response: { 200: { description: 'text/csv; charset=utf-8', type: 'string' } },
      },
    },
    async (request, reply) => {
      const { summary = false, ...query } = request.query;
      if (summary && !request.principal.permissions.has('cases:pii'))
        throw forbidden('the summary column needs permission cases:pii');
      const out = await exportCases(ctx, filterOf(query), {
        scope: scopeOf(request.principal),
        summary: summary === true,
        actor: request.principal.actor,
        ip: request.ip,
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="cases.csv"')
        .header('x-export-rows', String(out.rows))
        .header('x-export-truncated', String(out.truncated))
        .send(out.csv);
    },
  );

  app.post<{ Body: { signalId: number } }>(
    '/api/cases',
    {
      config: { access: 'cases:write' },
      schema: {
        tags: ['cases'],
        summary: 'Turn a signal (say, a social-media mention) into a case by hand',
        body: {
          type: 'object',
          required: ['signalId'],
          additionalProperties: false,
          properties: { signalId: { type: 'integer', minimum: 1 } },
        },
        response: { 201: { $ref: 'Case#' } },
      },
    },
    async (request, reply) => {
      const s = await repo.findSignal(ctx.db, request.body.signalId);
      if (!s) throw notFound('signal');
      if (s.case_id !== null)
        return reply
          .status(409)
          .send({ error: { code: 'already_a_case', message: `signal belongs to case ${s.case_id}` } });
      const id = await createCaseFromSignal(ctx, s.id, request.principal.actor);
      const c = id ? await repo.findCase(ctx.db, id) : undefined;
      if (!c) throw notFound('case');
      return reply.status(201).send(caseDto(c, [s.id], ctx.now()));
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/cases/:id',
    {
      config: { access: 'cases:read' },
      schema: {
        tags: ['cases'],
        summary: 'One case with its whole thread across channels, events, messages sent and linked cases',
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              case: { $ref: 'Case#' },
              thread: { type: 'array', items: { $ref: 'Signal#' } },
              events: { type: 'array', items: eventSchema },
              messages: { type: 'array', items: outboxSchema },
              related: { type: 'array', items: { $ref: 'Case#' } },
            },
          },
        },
      },
    },
    async (request) => {
      const c = await visible(request, request.params.id);
      const now = ctx.now();
      const pii = request.principal.permissions.has('cases:pii');
      const [thread, events, messages, related] = await Promise.all([
        repo.signalsOfCase(ctx.db, c.id),
        repo.eventsOf(ctx.db, c.id),
        ctx.db.selectFrom('outbox').selectAll().where('case_id', '=', c.id).orderBy('id').execute(),
        ctx.db
          .selectFrom('cases')
          .selectAll()
          .where((eb) =>
            eb.or([
              eb('repeat_of', '=', c.id),
              eb('merged_into', '=', c.id),
              eb('id', '=', c.repeat_of ?? -1),
              eb('id', '=', c.merged_into ?? -1),
            ]),
          )
          .limit(50)
          .execute(),
      ]);
      if (pii) {
        await audit(ctx.db, now, {
          actor: request.principal.actor,
          action: 'read_pii',
          entity: 'case',
          entityId: c.id,
          ip: request.ip,
        });
      }
      return {
        case: caseDto(
          c,
          thread.map((s) => s.id),
          now,
        ),
        thread: thread.map((s) => signalDto(s, request.principal, pii)),
        events: events.map((e) => ({
          id: e.id,
          at: iso(e.at),
          actor: e.actor,
          type: e.type,
          fromStatus: e.from_status,
          toStatus: e.to_status,
          reason: e.reason,
          data: json(e.data),
        })),
        messages: messages.map((m) => ({
          id: m.id,
          channel: m.channel,
          purpose: m.purpose,
          text: m.text,
          status: m.status,
          attempts: m.attempts,
          lastError: m.last_error,
          createdAt: iso(m.created_at),
          sentAt: iso(m.sent_at),
          deliveredAt: iso(m.delivered_at),
          readAt: iso(m.read_at),
        })),
        related: related.map((r) => caseDto(r, [], now)),
      };
    },
  );

  const write = (summary: string, body: Record<string, unknown>) => ({
    config: { access: 'cases:write' as const },
    schema: {
      tags: ['cases'],
      summary,
      params: idParams,
      body: { type: 'object', additionalProperties: false, ...body },
      response: ok204,
    },
  });

  app.post<{
    Params: { id: number };
    Body: { to: (typeof STATUSES)[number]; reason?: string; organisationId?: number; executorId?: number };
  }>(
    '/api/cases/:id/transitions',
    write('Move a case to another status (illegal moves: 409 illegal_transition)', {
      required: ['to'],
      properties: {
        to: { type: 'string', enum: [...STATUSES] },
        reason: { type: 'string', maxLength: 2000 },
        organisationId: { type: 'integer' },
        executorId: { type: 'integer' },
      },
    }),
    async (request, reply) => {
      await visible(request, request.params.id);
      await transition(ctx, request.params.id, request.body, request.principal.actor, request.ip);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: number }; Body: { text: string } }>(
    '/api/cases/:id/answer',
    {
      config: { access: 'cases:write' },
      schema: {
        tags: ['cases'],
        summary: 'Answer the citizen: delivered through the origin channel (or held for approval)',
        params: idParams,
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: { text: { type: 'string', minLength: 1, maxLength: 4000 } },
        },
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string', enum: ['answered', 'pending_approval'] } },
          },
        },
      },
    },
    async (request) => {
      await visible(request, request.params.id);
      const canApprove = request.principal.permissions.has('cases:approve');
      return answerCase(
        ctx,
        request.params.id,
        request.body,
        request.principal.actor,
        canApprove,
        request.ip,
      );
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/cases/:id/answer/approve',
    {
      config: { access: 'cases:approve' },
      schema: {
        tags: ['cases'],
        summary: 'Approve the pending answer (supervisors)',
        params: idParams,
        response: ok204,
      },
    },
    async (request, reply) => {
      await visible(request, request.params.id);
      await approveAnswer(ctx, request.params.id, request.principal.actor, request.ip);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: number }; Body: { text: string } }>(
    '/api/cases/:id/notes',
    write('Add an internal note (never sent to the citizen)', {
      required: ['text'],
      properties: { text: { type: 'string', minLength: 1, maxLength: 4000 } },
    }),
    async (request, reply) => {
      await visible(request, request.params.id);
      await addNote(ctx, request.params.id, request.body.text, request.principal.actor);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: number }; Body: { into: number } }>(
    '/api/cases/:id/merge',
    write('Merge this case into another; the other case’s answer reaches every citizen', {
      required: ['into'],
      properties: { into: { type: 'integer', minimum: 1 } },
    }),
    async (request, reply) => {
      await visible(request, request.params.id);
      await visible(request, request.body.into);
      await mergeCase(ctx, request.params.id, request.body.into, request.principal.actor, request.ip);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: number }; Body: { reason: string; until: string } }>(
    '/api/cases/:id/extension',
    write('Extend the term with a reason (at most two months from registration; the citizen is told)', {
      required: ['reason', 'until'],
      properties: {
        reason: { type: 'string', minLength: 3, maxLength: 2000 },
        until: { type: 'string', format: 'date' },
      },
    }),
    async (request, reply) => {
      await visible(request, request.params.id);
      await extendCase(
        ctx,
        request.params.id,
        { reason: request.body.reason, until: Date.parse(`${request.body.until}T12:00:00Z`) },
        request.principal.actor,
        request.ip,
      );
      return reply.status(204).send();
    },
  );

  app.post<{
    Params: { id: number };
    Body: Partial<Record<'kind' | 'topic' | 'sentiment' | 'urgency' | 'district', string>>;
  }>(
    '/api/cases/:id/labels',
    write('Correct the machine labels; each correction becomes training data', {
      minProperties: 1,
      properties: {
        kind: { type: 'string' },
        topic: { type: 'string' },
        sentiment: { type: 'string' },
        urgency: { type: 'string' },
        district: { type: 'string' },
      },
    }),
    async (request, reply) => {
      await visible(request, request.params.id);
      await relabel(ctx, request.params.id, request.body, request.principal.actor);
      return reply.status(204).send();
    },
  );
}
