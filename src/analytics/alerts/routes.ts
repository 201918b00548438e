import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { notFound } from '../../shared/errors.js';
import * as alerts from './repository.js';
import { alertDto } from './rules.js';
import * as s from './schemas.js';
import { ackAlert, createRule, type RuleInput, removeRule, replaceRule, ruleDto } from './service.js';

type Q = Record<string, string | number | undefined>;

/** Alert rules (CRUD) and alerts (list, acknowledge). */
export function alertRoutes(app: FastifyInstance, ctx: AppContext): void {
  const tags = ['alerts'];
  const canWrite = (r: FastifyRequest) => r.principal.permissions.has('alerts:write');

  app.get(
    '/api/alert-rules',
    {
      config: { access: 'analytics:read' },
      schema: {
        tags,
        summary: 'Alert rules',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: s.ruleSchema } } } },
      },
    },
    async (request) => ({
      items: (await alerts.listRules(ctx.db)).map((r) => ruleDto(r, canWrite(request))),
    }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/alert-rules/:id',
    {
      config: { access: 'analytics:read' },
      schema: { tags, summary: 'One alert rule', params: s.idParams, response: { 200: s.ruleSchema } },
    },
    async (request) => {
      const r = await alerts.findRule(ctx.db, request.params.id);
      if (!r) throw notFound('alert rule');
      return ruleDto(r, canWrite(request));
    },
  );

  app.post<{ Body: RuleInput }>(
    '/api/alert-rules',
    {
      config: { access: 'alerts:write' },
      schema: { tags, summary: 'Create an alert rule', body: s.ruleBody, response: { 201: s.ruleSchema } },
    },
    async (request, reply) => {
      const id = await createRule(ctx, request.body, request.principal.actor, request.ip);
      const r = await alerts.findRule(ctx.db, id);
      if (!r) throw notFound('alert rule');
      return reply.status(201).send(ruleDto(r, true));
    },
  );

  app.put<{ Params: { id: number }; Body: RuleInput }>(
    '/api/alert-rules/:id',
    {
      config: { access: 'alerts:write' },
      schema: {
        tags,
        summary: 'Replace an alert rule',
        params: s.idParams,
        body: s.ruleBody,
        response: { 200: s.ruleSchema },
      },
    },
    async (request) => {
      await replaceRule(ctx, request.params.id, request.body, request.principal.actor, request.ip);
      const r = await alerts.findRule(ctx.db, request.params.id);
      if (!r) throw notFound('alert rule');
      return ruleDto(r, true);
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/alert-rules/:id',
    {
      config: { access: 'alerts:write' },
      schema: {
        tags,
        summary: 'Delete an alert rule and its alerts',
        params: s.idParams,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await removeRule(ctx, request.params.id, request.principal.actor, request.ip);
      return reply.status(204).send();
    },
  );

  app.get<{ Querystring: Q }>(
    '/api/alerts',
    {
      config: { access: 'analytics:read' },
      schema: {
        tags,
        summary: 'Alerts, newest first (one per story and rule, updated as it grows)',
        querystring: s.alertsQuery,
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: s.alertSchema } } } },
      },
    },
    async (request) => {
      const q = request.query;
      const since = typeof q.since === 'string' ? Date.parse(q.since) : 0;
      const rows = await alerts.listAlerts(ctx.db, {
        status: q.status as 'open' | 'unacked' | 'all',
        since,
        limit: Number(q.limit),
      });
      return { items: rows.map(alertDto) };
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/alerts/:id/ack',
    {
      config: { access: 'alerts:write' },
      schema: {
        tags,
        summary: 'Acknowledge an alert (who and when are recorded)',
        params: s.idParams,
        response: { 200: s.alertSchema },
      },
    },
    async (request) => ackAlert(ctx, request.params.id, request.principal.actor, request.ip),
  );
}
