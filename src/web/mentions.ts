import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { badRequest } from '../shared/errors.js';
import { listMentions } from './mentions-repository.js';

interface MentionsQuery {
  channel?: string;
  topic?: string;
  sentiment?: string;
  district?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

const csv = (v: string | undefined) =>
  v
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function time(name: string, v: string | undefined): number | undefined {
  if (!v) return undefined;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw badRequest('invalid_date', `${name} must be an ISO 8601 date or date-time`);
  return ms;
}

function reachOf(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const filter = (description: string) => ({
  type: 'string',
  maxLength: 500,
  description: `${description} (comma-separated)`,
});
const nullable = { type: 'string', nullable: true } as const;

export const mentionSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    channel: { type: 'string' },
    receivedAt: { type: 'string', format: 'date-time' },
    text: { type: 'string', nullable: true, description: 'personal data redacted; null until labelled' },
    lang: nullable,
    kind: nullable,
    topic: nullable,
    sentiment: nullable,
    district: nullable,
    reach: { type: 'object', nullable: true, additionalProperties: true },
    storyId: { type: 'integer', nullable: true },
    caseId: { type: 'integer', nullable: true },
    isDemo: { type: 'boolean' },
  },
} as const;

/** The monitoring stream: mentions and news without personal data (analysts may read it). */
export function mentionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: MentionsQuery }>(
    '/api/mentions',
    {
      config: { access: 'mentions:read' },
      schema: {
        tags: ['monitoring'],
        summary:
          'Social-media mentions and news, newest first: redacted text, reach, sentiment, topic, story',
        description:
          'Never the original text, the author or the address. Keyset-paginated: pass `next` as `cursor`.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            channel: filter('channels'),
            topic: filter('topics'),
            sentiment: filter('sentiments'),
            district: filter('district codes'),
            from: { type: 'string', format: 'date-time', description: 'received at or after' },
            to: { type: 'string', format: 'date-time', description: 'received before' },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            cursor: { type: 'string', maxLength: 100 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'total', 'next'],
            properties: {
              items: { type: 'array', items: mentionSchema },
              total: { type: 'integer' },
              next: { type: 'string', nullable: true },
            },
          },
          400: { $ref: 'Error#' },
        },
      },
    },
    async (request) => {
      const q = request.query;
      const { items, total, next } = await listMentions(ctx.db, {
        channel: csv(q.channel),
        topic: csv(q.topic),
        sentiment: csv(q.sentiment),
        district: csv(q.district),
        from: time('from', q.from),
        to: time('to', q.to),
        limit: q.limit,
        cursor: q.cursor,
      });
      return {
        items: items.map((r) => ({
          id: r.id,
          channel: r.channel,
          receivedAt: new Date(r.received_at).toISOString(),
          text: r.text_redacted,
          lang: r.lang,
          kind: r.kind,
          topic: r.topic,
          sentiment: r.sentiment,
          district: r.district,
          reach: reachOf(r.reach),
          storyId: r.cluster_id,
          caseId: r.case_id,
          isDemo: r.is_demo === 1,
        })),
        total,
        next,
      };
    },
  );
}
