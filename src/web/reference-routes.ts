import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parseRoles } from '../accounts/service.js';
import type { AppContext } from '../app/context.js';
import { REPLY_CHANNELS } from '../cases/service.js';
import { organisationSchema } from '../settings/schemas.js';
import { AppError, notFound } from '../shared/errors.js';
import * as repo from './repository.js';

const names = {
  type: 'object',
  properties: { kk: { type: 'string' }, ru: { type: 'string' }, en: { type: 'string' } },
};
const list = (item: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  200: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: { type: 'object', ...item } }, ...extra },
  },
});

/**
 * Reference data the web app draws with: districts with population (for rates per 10,000 residents),
 * their shapes, organisations, executors and message templates.
 */
export function referenceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/reference/districts',
    {
      config: { access: 'public' },
      schema: {
        tags: ['reference'],
        summary: 'The region and its districts: codes, names in kk/ru/en and population',
        response: list(
          {
            properties: {
              code: { type: 'string' },
              name: names,
              population: { type: 'integer' },
              lat: { type: 'number', nullable: true },
              lon: { type: 'number', nullable: true },
            },
          },
          {
            region: {
              type: 'object',
              nullable: true,
              properties: { code: { type: 'string' }, name: names, utcOffsetMinutes: { type: 'integer' } },
            },
          },
        ),
      },
    },
    async () => {
      const [rows, r] = await Promise.all([repo.districts(ctx.db), repo.region(ctx.db)]);
      return {
        region: r
          ? {
              code: r.code,
              name: { kk: r.name_kk, ru: r.name_ru, en: r.name_en },
              utcOffsetMinutes: r.utc_offset_minutes,
            }
          : null,
        items: rows.map((d) => ({
          code: d.code,
          name: { kk: d.name_kk, ru: d.name_ru, en: d.name_en },
          population: d.population,
          lat: d.lat,
          lon: d.lon,
        })),
      };
    },
  );

  let shapes: string | null = null;
  app.get(
    '/api/reference/district-shapes',
    {
      config: { access: 'public' },
      schema: {
        tags: ['reference'],
        summary: "The districts' polygons as GeoJSON (the region's own local file; no tile server needed)",
        response: {
          200: {
            type: 'object',
            additionalProperties: true,
            properties: { type: { type: 'string' }, features: { type: 'array', items: {} } },
          },
          404: { $ref: 'Error#' },
        },
      },
    },
    async (_request, reply) => {
      if (shapes === null) {
        try {
          shapes = await readFile(join(ctx.config.regionDir, 'districts.geojson'), 'utf8');
        } catch {
          throw notFound('district shapes');
        }
      }
      return reply.header('cache-control', 'public, max-age=3600').type('application/json').send(shapes);
    },
  );

  app.get(
    '/api/reference/organisations',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['reference'],
        summary: 'Organisations cases are routed to (departments, utilities, district akimats)',
        response: list(organisationSchema),
      },
    },
    async () => ({
      items: (await repo.organisations(ctx.db)).map((o) => ({
        id: o.id,
        code: o.code,
        kind: o.kind,
        name: { kk: o.name_kk, ru: o.name_ru, en: o.name_en },
        district: o.district_code,
        requiresApproval: o.requires_approval === 1,
        active: o.active === 1,
      })),
    }),
  );

  app.get(
    '/api/reference/executors',
    {
      config: { access: 'cases:read' },
      schema: {
        tags: ['reference'],
        summary: 'Executor accounts and their organisations (for assignment)',
        response: list({
          properties: {
            id: { type: 'integer' },
            name: { type: 'string' },
            organisationIds: { type: 'array', items: { type: 'integer' } },
            disabled: { type: 'boolean' },
          },
        }),
      },
    },
    async () => {
      const { users, links } = await repo.staff(ctx.db);
      return {
        items: users
          .filter((u) => parseRoles(u.roles).includes('executor'))
          .map((u) => ({
            id: u.id,
            name: u.display_name || u.login,
            organisationIds: links.filter((l) => l.user_id === u.id).map((l) => l.organisation_id),
            disabled: u.disabled === 1,
          })),
      };
    },
  );

  app.get(
    '/api/templates',
    {
      config: { access: 'cases:read' },
      schema: {
        tags: ['reference'],
        summary: 'Message templates (kk/ru) and the channels that carry an answer back to the citizen',
        response: list(
          {
            properties: {
              id: { type: 'integer' },
              code: { type: 'string' },
              purpose: { type: 'string' },
              lang: { type: 'string' },
              body: { type: 'string' },
              organisationId: { type: 'integer', nullable: true },
              active: { type: 'boolean' },
            },
          },
          { replyChannels: { type: 'array', items: { type: 'string' } } },
        ),
      },
    },
    async () => ({
      items: (await repo.templates(ctx.db)).map((t) => ({
        id: t.id,
        code: t.code,
        purpose: t.purpose,
        lang: t.lang,
        body: t.body,
        organisationId: t.organisation_id,
        active: t.active === 1,
      })),
      replyChannels: [...REPLY_CHANNELS],
    }),
  );

  app.post<{ Body: { text: string } }>(
    '/api/understand/preview',
    {
      config: { access: 'signals:write' },
      schema: {
        tags: ['understand'],
        summary: 'Labels the machine would give a text (for the operator’s entry form); nothing is stored',
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: { text: { type: 'string', minLength: 1, maxLength: 20_000 } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              lang: { type: 'string', nullable: true },
              kind: { type: 'string', nullable: true },
              topic: { type: 'string', nullable: true },
              sentiment: { type: 'string', nullable: true },
              district: { type: 'string', nullable: true },
              urgency: { type: 'string', nullable: true },
              details: { type: 'object', additionalProperties: true },
            },
          },
          503: { $ref: 'Error#' },
        },
      },
    },
    async (request) => {
      if (!ctx.labeler) throw new AppError(503, 'no_labeler', 'text understanding is not loaded');
      const l = ctx.labeler(request.body.text);
      return {
        lang: l.lang,
        kind: l.kind,
        topic: l.topic,
        sentiment: l.sentiment,
        district: l.district,
        urgency: l.urgency,
        details: l.details,
      };
    },
  );
}
