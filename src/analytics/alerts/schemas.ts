import { CHANNELS, TOPICS } from '../../shared/taxonomy.js';
import { int, nNum, nStr, num, texts, time } from '../schemas.js';
import { RULE_TYPES, SEVERITIES } from './rules.js';

/** JSON schemas of alert rules and alerts. */

const scope = {
  type: 'object',
  additionalProperties: false,
  properties: {
    topic: { type: 'string', enum: TOPICS },
    district: { type: 'string', maxLength: 40 },
    channel: { type: 'string', enum: CHANNELS },
  },
} as const;

const recipients = {
  type: 'object',
  additionalProperties: false,
  properties: {
    web: { type: 'boolean' },
    telegram: {
      type: 'array',
      maxItems: 20,
      items: { type: 'string', pattern: '^(-?\\d{1,20}|@[A-Za-z0-9_]{4,64})$' },
      description: 'Telegram chat ids (or @channel names)',
    },
    email: { type: 'array', maxItems: 20, items: { type: 'string', format: 'email', maxLength: 200 } },
  },
} as const;

export const ruleBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    type: { type: 'string', enum: RULE_TYPES },
    scope,
    threshold: {
      type: 'number',
      minimum: 0,
      description:
        'spike, sentiment_shift: minimum score; keyword: matches that open the alert; overdue_count: overdue cases; high_reach_negative: minimum reach',
    },
    params: {
      type: 'object',
      additionalProperties: false,
      properties: {
        keywords: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 100 } },
      },
    },
    recipients,
    lang: { type: 'string', enum: ['ru', 'kk', 'en'] },
    active: { type: 'boolean' },
  },
} as const;

export const ruleSchema = {
  type: 'object',
  properties: {
    id: int,
    name: { type: 'string' },
    type: { type: 'string' },
    scope: { type: 'object', properties: scope.properties },
    threshold: num,
    params: { type: 'object', properties: { keywords: { type: 'array', items: { type: 'string' } } } },
    recipients: {
      type: 'object',
      properties: {
        web: { type: 'boolean' },
        telegram: { type: 'array', items: { type: 'string' } },
        email: { type: 'array', items: { type: 'string' } },
      },
    },
    lang: { type: 'string' },
    active: { type: 'boolean' },
    createdBy: { type: 'string' },
    createdAt: time,
    updatedAt: time,
  },
} as const;

export const alertSchema = {
  type: 'object',
  properties: {
    id: int,
    ruleId: int,
    type: { type: 'string' },
    title: { type: 'string' },
    explanation: texts,
    subject: { type: 'object', additionalProperties: true },
    severity: { type: 'string', enum: SEVERITIES },
    score: num,
    count: num,
    expected: nNum,
    firstSeen: time,
    lastSeen: time,
    open: { type: 'boolean', description: 'still absorbing updates (not quiet for 24 h)' },
    ackedAt: { ...time, nullable: true },
    ackedBy: nStr,
  },
} as const;

export const alertsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['open', 'unacked', 'all'], default: 'all' },
    since: time,
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;
