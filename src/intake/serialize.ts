import type { Selectable } from 'kysely';
import type { Principal } from '../auth/access.js';
import type { SignalsTable } from '../db/schema.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function parseJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The API shape of a signal. The original text (with personal data) only goes to callers holding
 * `signals:pii`; everyone else gets the redacted copy.
 */
export function signalDto(
  row: Selectable<SignalsTable>,
  principal: Principal,
  pii = principal.permissions.has('signals:pii'),
) {
  const redacted = row.text_redacted ?? (row.labelled_at ? row.text : null);
  return {
    id: row.id,
    channel: row.channel,
    externalId: row.external_id,
    receivedAt: iso(row.received_at),
    sentAt: iso(row.sent_at),
    status: row.status,
    threadId: row.thread_id,
    caseId: row.case_id,
    clusterId: row.cluster_id,
    text: pii ? row.text : (redacted ?? '[not yet redacted]'),
    textRedacted: redacted,
    lang: row.lang,
    kind: row.kind,
    topic: row.topic,
    sentiment: row.sentiment,
    district: row.district,
    urgency: row.urgency,
    labels: parseJson(row.labels),
    geo: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
    address: pii ? row.address : null,
    attachments: parseJson(row.attachments) ?? [],
    reach: parseJson(row.reach),
    isDemo: row.is_demo === 1,
  };
}

export const signalSchema = {
  $id: 'Signal',
  type: 'object',
  properties: {
    id: { type: 'integer' },
    channel: { type: 'string' },
    externalId: { type: 'string' },
    receivedAt: { type: 'string', format: 'date-time' },
    sentAt: { type: 'string', format: 'date-time', nullable: true },
    status: { type: 'string', enum: ['received', 'mention', 'ignored'] },
    threadId: { type: 'integer', nullable: true },
    caseId: { type: 'integer', nullable: true },
    clusterId: { type: 'integer', nullable: true },
    text: { type: 'string' },
    textRedacted: { type: 'string', nullable: true },
    lang: { type: 'string', nullable: true },
    kind: { type: 'string', nullable: true },
    topic: { type: 'string', nullable: true },
    sentiment: { type: 'string', nullable: true },
    district: { type: 'string', nullable: true },
    urgency: { type: 'string', nullable: true },
    labels: { type: 'object', nullable: true, additionalProperties: true },
    geo: {
      type: 'object',
      nullable: true,
      properties: { lat: { type: 'number' }, lon: { type: 'number' } },
    },
    address: { type: 'string', nullable: true },
    attachments: { type: 'array', items: { type: 'object', additionalProperties: true } },
    reach: { type: 'object', nullable: true, additionalProperties: true },
    isDemo: { type: 'boolean' },
  },
} as const;
