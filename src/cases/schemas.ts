/** JSON schemas of the case desk API (they also document it in /openapi.json). */
const nullableString = { type: 'string', nullable: true } as const;
const nullableTime = { type: 'string', format: 'date-time', nullable: true } as const;

export const caseSchema = {
  $id: 'Case',
  type: 'object',
  properties: {
    id: { type: 'integer' },
    number: { type: 'string' },
    status: { type: 'string' },
    kind: nullableString,
    topic: nullableString,
    district: nullableString,
    urgency: nullableString,
    channel: { type: 'string' },
    lang: nullableString,
    organisationId: { type: 'integer', nullable: true },
    executorId: { type: 'integer', nullable: true },
    summary: { type: 'string', description: 'the first message, personal data redacted' },
    registeredAt: { type: 'string', format: 'date-time' },
    dueAt: { type: 'string', format: 'date-time' },
    operationalDueAt: nullableTime,
    redirectDueAt: nullableTime,
    extendedAt: nullableTime,
    answeredAt: nullableTime,
    closedAt: nullableTime,
    overdue: { type: 'boolean' },
    dueSoon: { type: 'boolean', description: 'due within 24 hours' },
    operationalOverdue: { type: 'boolean' },
    escalated: { type: 'boolean' },
    repeatOf: { type: 'integer', nullable: true },
    mergedInto: { type: 'integer', nullable: true },
    satisfaction: nullableString,
    rating: { type: 'integer', nullable: true },
    isDemo: { type: 'boolean' },
    signals: { type: 'array', items: { type: 'integer' } },
  },
} as const;

const csv = (description: string) => ({
  type: 'string',
  maxLength: 500,
  description: `${description} (comma-separated)`,
});

export const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: csv('statuses'),
    channel: csv('channels'),
    kind: csv('kinds'),
    topic: csv('topics'),
    district: csv('district codes'),
    organisation: csv('organisation ids'),
    executor: csv('executor user ids'),
    urgency: csv('urgencies'),
    overdue: { type: 'boolean' },
    dueSoon: { type: 'boolean' },
    escalated: { type: 'boolean' },
    from: { type: 'string', format: 'date-time', description: 'registered at or after' },
    to: { type: 'string', format: 'date-time', description: 'registered before' },
    q: {
      type: 'string',
      maxLength: 200,
      description: 'text search in the (redacted) summary, or a case number',
    },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    cursor: { type: 'string', maxLength: 100 },
    sort: {
      type: 'string',
      enum: ['registered_desc', 'registered_asc', 'due_asc'],
      default: 'registered_desc',
    },
  },
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

export const eventSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    at: { type: 'string', format: 'date-time' },
    actor: { type: 'string' },
    type: { type: 'string' },
    fromStatus: nullableString,
    toStatus: nullableString,
    reason: nullableString,
    data: { type: 'object', nullable: true, additionalProperties: true },
  },
} as const;

export const outboxSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    channel: { type: 'string' },
    purpose: { type: 'string' },
    text: { type: 'string' },
    status: { type: 'string' },
    attempts: { type: 'integer' },
    lastError: nullableString,
    createdAt: { type: 'string', format: 'date-time' },
    sentAt: nullableTime,
    deliveredAt: nullableTime,
    readAt: nullableTime,
  },
} as const;

export const ok204 = { 204: { type: 'null' } } as const;
