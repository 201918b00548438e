import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { badRequest } from '../shared/errors.js';
import { alertRoutes } from './alerts/routes.js';
import { listAnomalies } from './anomalies/repository.js';
import { forecastGroups } from './forecasts.js';
import { channelTable, type GroupBy, kindTable, kpis } from './kpis.js';
import { volume } from './queries.js';
import type { Dim } from './rollup/aggregate.js';
import * as s from './schemas.js';
import { listStories } from './stories/service.js';
import { DAY, HOUR, hourOf, regionDays } from './time.js';

type Q = Record<string, string | number | undefined>;
const iso = (ms: number) => new Date(ms).toISOString();
const MAX_HOURLY_DAYS = 31;
const MAX_DAILY_DAYS = 3660;

/** from/to of a query: defaults to the `days` days before now; 400 when the order is wrong. */
function range(q: Q, now: number, days: number): { from: number; to: number } {
  const to = typeof q.to === 'string' ? Date.parse(q.to) : now;
  const from = typeof q.from === 'string' ? Date.parse(q.from) : to - days * DAY;
  if (!(from < to)) throw badRequest('bad_range', '`from` must be before `to`');
  return { from, to };
}

export function analyticsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const tags = ['analytics'];

  app.get<{ Querystring: Q }>(
    '/api/analytics/kpis',
    {
      config: { access: 'analytics:read' },
      schema: {
        tags,
        summary: 'KPIs of a period, grouped (aggregates only)',
        querystring: s.kpiQuery,
        response: { 200: s.kpiResponse },
      },
    },
    async (request) => {
      const { from, to } = range(request.query, ctx.now(), 30);
      const r = await kpis(ctx, from, to, request.query.groupBy as GroupBy);
      return { ...r, from: iso(r.from), to: iso(r.to) };
    },
  );

  app.get<{ Querystring: Q }>(
    '/api/analytics/volume',
    {
      config: { access: 'analytics:read' },
      schema: {
        tags,
        summary: 'Signal volume as a time series per hour or day, grouped',
        querystring: s.volumeQuery,
        response: { 200: s.volumeResponse },
      },
    },
    async (request) => {
      const q = request.query;
      const hourly = q.bucket === 'hour';
      const r = range(q, ctx.now(), hourly ? 2 : 30);
      if (r.to - r.from > (hourly ? MAX_HOURLY_DAYS : MAX_DAILY_DAYS) * DAY) {
        throw badRequest(
          'range_too_long',
          `at most ${hourly ? MAX_HOURLY_DAYS : MAX_DAILY_DAYS} days per request`,
        );
      }
      const days = await regionDays(ctx.db);
      const from = hourly ? hourOf(r.from) : days.dayOf(r.from);
      const to = hourly ? hourOf(r.to - 1) + HOUR : days.dayOf(r.to - 1) + DAY;
      const rows = await volume(ctx.db, hourly ? 'hour' : 'day', q.groupBy as Dim, from, to);
      return {
        from: iso(from),
        to: iso(to),
        bucket: hourly ? 'hour' : 'day',
        groupBy: q.groupBy,
        points: rows.map((p) => ({
          t: iso(Number(p.bucket)),
          key: p.value === '' ? null : p.value,
          count: Number(p.n),
          mentions: Number(p.mentions),
          negative: Number(p.neg),
          reach: Number(p.reach),
        })),
      };
    },
  );

  // The study's two tables: one route each, the same period handling.
  for (const t of [
    {
      path: '/api/analytics/tables/channels',
      summary: 'Received, answered and unanswered by channel (the study’s Table 1)',
      response: s.channelTableResponse,
      table: channelTable,
    },
    {
      path: '/api/analytics/tables/kinds',
      summary: 'Cases by kind with shares (the study’s Table 2)',
      response: s.kindTableResponse,
      table: kindTable,
    },
  ] as const) {
    app.get<{ Querystring: Q }>(
      t.path,
      {
        config: { access: 'analytics:read' },
        schema: { tags, summary: t.summary, querystring: s.periodQuery, response: { 200: t.response } },
      },
      async (request) => {
        const { from, to } = range(request.query, ctx.now(), 365);
        const r = await t.table(ctx, from, to);
        return { ...r, from: iso(r.from), to: iso(r.to) };
      },
    );
  }

  app.get<{ Querystring: Q }>(
    '/api/analytics/forecast',
    {
      config: { access: 'analytics:read' },
      schema: {
        tags,
        summary: 'Daily volume forecast per group with prediction intervals',
        querystring: s.forecastQuery,
        response: { 200: s.forecastResponse },
      },
    },
    async (request) => {
      const q = request.query;
      return forecastGroups(ctx, q.groupBy as Dim, Number(q.horizon), Number(q.limit));
    },
  );

  app.get(
    '/api/analytics/anomalies',
    {
      config: { access: 'analytics:read' },
      schema: {
        tags,
        summary: 'Current spikes, sentiment shifts and high-reach posts, explained',
        response: { 200: s.anomaliesResponse },
      },
    },
    async () => {
      const rows = await listAnomalies(ctx.db);
      return {
        items: rows.map((a) => ({
          type: a.type,
          topic: a.topic,
          district: a.district,
          channel: a.channel,
          storyId: a.cluster_id,
          windowHours: a.window_hours,
          count: a.count,
          expected: a.expected,
          score: a.score,
          explanation: JSON.parse(a.explanation) as Record<string, string>,
          detectedAt: iso(a.detected_at),
        })),
      };
    },
  );

  app.get<{ Querystring: Q }>(
    '/api/analytics/stories',
    {
      config: { access: 'mentions:read' },
      schema: {
        tags,
        summary: 'Story clusters: signals about one event across channels',
        querystring: s.storiesQuery,
        response: { 200: s.storiesResponse },
      },
    },
    async (request) => {
      const q = request.query;
      const { from, to } = range(q, ctx.now(), 3);
      const items = await listStories(ctx, {
        from,
        to,
        minSize: Number(q.minSize),
        limit: Number(q.limit),
        ...(typeof q.topic === 'string' ? { topic: q.topic } : {}),
        ...(typeof q.district === 'string' ? { district: q.district } : {}),
      });
      return { items };
    },
  );

  alertRoutes(app, ctx);
}
