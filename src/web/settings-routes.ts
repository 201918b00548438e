import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import type { Config } from '../config/config.js';
import { ruleSchema } from '../settings/schemas.js';
import * as repo from './repository.js';

const set = (v: string | undefined) => v !== undefined && v !== '';

/** Which secrets and endpoints of each channel are configured: booleans only, never a value. */
export function channelSettings(config: Config) {
  return [
    {
      channel: 'telegram',
      secrets: { webhookSecret: set(config.telegram.secret), botToken: set(config.telegram.botToken) },
    },
    {
      channel: 'whatsapp',
      secrets: {
        verifyToken: set(config.whatsapp.verifyToken),
        appSecret: set(config.whatsapp.appSecret),
        accessToken: set(config.whatsapp.token),
        phoneNumberId: set(config.whatsapp.phoneNumberId),
      },
    },
    {
      channel: 'instagram',
      secrets: {
        verifyToken: set(config.meta.verifyToken),
        appSecret: set(config.meta.appSecret),
        pageToken: set(config.meta.pageToken),
      },
    },
    {
      channel: 'facebook',
      secrets: {
        verifyToken: set(config.meta.verifyToken),
        appSecret: set(config.meta.appSecret),
        pageToken: set(config.meta.pageToken),
      },
    },
    {
      channel: 'vk',
      secrets: {
        confirmation: set(config.vk.confirmation),
        secret: set(config.vk.secret),
        accessToken: set(config.vk.token),
      },
    },
    { channel: 'call_center', secrets: { smsGateway: set(config.gateways.sms) } },
    { channel: 'email', secrets: { emailGateway: set(config.gateways.email) } },
    { channel: 'web', secrets: { publicUrl: set(config.publicUrl) } },
  ].map((c) => ({ ...c, ready: Object.values(c.secrets).every(Boolean) }));
}

/** Read-only views of the region's settings for the admin screen. */
export function settingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/settings/channels',
    {
      config: { access: 'settings:read' },
      schema: {
        tags: ['settings'],
        summary: 'Which channel secrets are set (true/false); the values are never returned',
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    channel: { type: 'string' },
                    ready: { type: 'boolean' },
                    secrets: { type: 'object', additionalProperties: { type: 'boolean' } },
                  },
                },
              },
            },
          },
        },
      },
    },
    async () => ({ items: channelSettings(ctx.config) }),
  );

  app.get(
    '/api/settings/routing',
    {
      config: { access: 'settings:read' },
      schema: {
        tags: ['settings'],
        summary: 'Routing rules in priority order: conditions → organisation (and executor)',
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: ruleSchema,
              },
            },
          },
        },
      },
    },
    async () => ({
      items: (await repo.routingRules(ctx.db)).map((r) => ({
        id: r.id,
        priority: r.priority,
        name: r.name,
        conditions: JSON.parse(r.conditions) as Record<string, unknown>,
        organisationId: r.organisation_id,
        executorId: r.executor_id,
        strategy: r.strategy,
        active: r.active === 1,
      })),
    }),
  );

  app.get(
    '/api/settings/calendar',
    {
      config: { access: 'settings:read' },
      schema: {
        tags: ['settings'],
        summary: 'The working-day calendar: public holidays and transferred days off',
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    date: { type: 'string', format: 'date' },
                    type: { type: 'string', enum: ['holiday', 'transfer'] },
                    name: { type: 'string' },
                    religious: { type: 'boolean' },
                    workingDate: { type: 'string', format: 'date', nullable: true },
                  },
                },
              },
            },
          },
        },
      },
    },
    async () => ({
      items: (await repo.calendar(ctx.db)).map((e) => ({
        date: e.date,
        type: e.type,
        name: e.name,
        religious: e.religious === 1,
        workingDate: e.working_date,
      })),
    }),
  );
}
