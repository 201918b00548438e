import { TOPICS } from '../shared/taxonomy.js';
import { GROUP_BY } from './kpis.js';
import { DIMS } from './rollup/aggregate.js';

/** JSON schemas of the analytics and alerting API (they also document it in /openapi.json). */

export const num = { type: 'number' } as const;
export const int = { type: 'integer' } as const;
export const nNum = { type: 'number', nullable: true } as const;
export const nStr = { type: 'string', nullable: true } as const;
export const time = { type: 'string', format: 'date-time' } as const;
export const texts = {
  type: 'object',
  properties: { ru: { type: 'string' }, kk: { type: 'string' }, en: { type: 'string' } },
} as const;

export const period = {
  from: { ...time, description: 'start (rounded down to the local day, or hour for hourly series)' },
  to: { ...time, description: 'end, exclusive (rounded up)' },
} as const;

export const kpiQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...period, groupBy: { type: 'string', enum: GROUP_BY, default: 'none' } },
} as const;

const median90 = { type: 'object', properties: { median: nNum, p90: nNum } } as const;

const kpiRow = {
  type: 'object',
  properties: {
    key: {
      ...nStr,
      description: 'group value (organisation code, district, topic, channel or kind); null = unknown',
    },
    received: int,
    answered: int,
    answeredOnTime: int,
    onTimeRate: nNum,
    overdue: int,
    firstResponseHours: median90,
    answerHours: median90,
    repeatRate: nNum,
    satisfaction: {
      type: 'object',
      properties: { responses: int, solvedShare: nNum, meanRating: nNum },
    },
    signals: { type: 'integer', nullable: true },
    mentions: { type: 'integer', nullable: true },
    sentimentIndex: nNum,
    socialPosts: { type: 'integer', nullable: true },
    socialResponseRate: nNum,
  },
} as const;

export const kpiResponse = {
  type: 'object',
  properties: {
    from: time,
    to: time,
    groupBy: { type: 'string' },
    rows: { type: 'array', items: kpiRow },
    total: kpiRow,
  },
} as const;

export const volumeQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...period,
    bucket: { type: 'string', enum: ['hour', 'day'], default: 'day' },
    groupBy: { type: 'string', enum: DIMS, default: 'none' },
  },
} as const;

export const volumeResponse = {
  type: 'object',
  properties: {
    from: time,
    to: time,
    bucket: { type: 'string' },
    groupBy: { type: 'string' },
    points: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          t: time,
          key: nStr,
          count: int,
          mentions: int,
          negative: int,
          reach: int,
        },
      },
    },
  },
} as const;

export const periodQuery = { type: 'object', additionalProperties: false, properties: period } as const;

export const channelTableResponse = {
  type: 'object',
  properties: {
    from: time,
    to: time,
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          channel: { type: 'string' },
          cases: int,
          mentionsWithoutCase: int,
          received: int,
          answered: int,
          unanswered: int,
        },
      },
    },
  },
} as const;

export const kindTableResponse = {
  type: 'object',
  properties: {
    from: time,
    to: time,
    total: int,
    rows: {
      type: 'array',
      items: { type: 'object', properties: { kind: nStr, received: int, share: num, answered: int } },
    },
  },
} as const;

export const forecastQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    horizon: { type: 'integer', minimum: 1, maximum: 90, default: 7 },
    groupBy: {
      type: 'string',
      enum: ['none', 'topic', 'district', 'topic_district', 'channel', 'kind'],
      default: 'topic',
    },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  },
} as const;

export const forecastResponse = {
  type: 'object',
  properties: {
    interval: { ...num, description: 'central coverage of lo..hi' },
    groups: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          points: {
            type: 'array',
            items: {
              type: 'object',
              properties: { t: { type: 'string', format: 'date' }, forecast: num, lo: num, hi: num },
            },
          },
        },
      },
    },
  },
} as const;

export const anomaliesResponse = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          type: { type: 'string', enum: ['spike', 'sentiment_shift', 'high_reach'] },
          topic: nStr,
          district: nStr,
          channel: nStr,
          storyId: { type: 'integer', nullable: true },
          windowHours: int,
          count: num,
          expected: num,
          score: num,
          explanation: texts,
          detectedAt: time,
        },
      },
    },
  },
} as const;

export const storiesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...period,
    minSize: { type: 'integer', minimum: 1, default: 2 },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    topic: { type: 'string', enum: TOPICS },
    district: { type: 'string', maxLength: 40 },
  },
} as const;

export const storiesResponse = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: int,
          title: { type: 'string', description: 'the most representative message, personal data redacted' },
          topic: nStr,
          district: nStr,
          place: nStr,
          firstSeen: time,
          lastSeen: time,
          size: int,
          channels: { type: 'object', additionalProperties: { type: 'integer' } },
          keywords: { type: 'array', items: { type: 'string' } },
          growth: {
            type: 'object',
            properties: { last3h: int, previous3h: int, ratio: nNum },
          },
        },
      },
    },
  },
} as const;
