import type { Insertable } from 'kysely';
import type {
  AuthorContactsTable,
  AuthorsTable,
  CaseEventsTable,
  CasesTable,
  OutboxTable,
  SignalsTable,
} from '../db/schema.js';
import { authorRef } from '../intake/service.js';
import type { Channel } from '../shared/taxonomy.js';
import { findPii, redact } from '../understand/pii/detect.js';
import type { AppealPlan, MentionPlan } from './history.js';
import type { CaseStory } from './lifecycle.js';
import { type ReplyTexts, sentMessages } from './outbox.js';
import { type DemoAuthor, demoAuthor } from './people.js';
import type { Place } from './places.js';
import type { Rng } from './rng.js';

/** Rows of one chunk, ready for multi-row inserts. */
export interface Chunk {
  authors: Insertable<AuthorsTable>[];
  contacts: Insertable<AuthorContactsTable>[];
  signals: Insertable<SignalsTable>[];
  cases: Insertable<CasesTable>[];
  events: Insertable<CaseEventsTable>[];
  outbox: Insertable<OutboxTable>[];
}

export const emptyChunk = (): Chunk => ({
  authors: [],
  contacts: [],
  signals: [],
  cases: [],
  events: [],
  outbox: [],
});

interface Person {
  readonly id: number;
  readonly who: DemoAuthor;
}

/**
 * Demo people per channel: most write once, some come back (a quarter of messages are from someone who
 * wrote before on the same channel).
 */
export class People {
  private readonly byChannel = new Map<string, Person[]>();
  private readonly counters = new Map<string, number>();

  constructor(
    private nextId: number,
    private readonly pseudonymKey: string,
    private readonly rng: Rng,
  ) {}

  author(channel: Channel, at: number, chunk: Chunk): Person {
    const known = this.byChannel.get(channel) ?? [];
    if (known.length > 20 && this.rng.chance(0.25)) return this.rng.pick(known);
    const n = this.counters.get(channel) ?? 0;
    this.counters.set(channel, n + 1);
    const who = demoAuthor(channel, n, this.rng);
    const person = { id: this.nextId++, who };
    chunk.authors.push({
      id: person.id,
      channel,
      ref: authorRef(this.pseudonymKey, channel, who.externalUserId),
      created_at: at,
    });
    chunk.contacts.push({
      author_id: person.id,
      external_user_id: who.externalUserId,
      display_name: who.displayName,
      username: who.username,
      phone: who.phone,
      email: who.email,
      updated_at: at,
    });
    known.push(person);
    this.byChannel.set(channel, known);
    return person;
  }
}

const CONVERSATION: Partial<Record<Channel, string>> = {
  telegram: 'tg',
  whatsapp: 'wa',
  instagram: 'ig',
  facebook: 'fb',
  vk: 'vk',
};

const MENTION_THREAD: Partial<Record<Channel, string>> = {
  instagram: 'igmedia',
  facebook: 'fbpost',
  vk: 'vkwall',
};

function externalId(channel: Channel, id: number, person: Person | null): string {
  switch (channel) {
    case 'telegram':
      return `${person?.who.externalUserId ?? 0}:${1000 + id}`;
    case 'whatsapp':
      return `wamid.DEMO${id.toString(36).toUpperCase().padStart(10, '0')}`;
    case 'call_center':
      return `call-${id}`;
    default:
      return `demo-${channel}-${id}`;
  }
}

function coordinates(place: Place | undefined, rng: Rng) {
  if (!place || place.lat === null || place.lon === null) return { lat: null, lon: null };
  return { lat: place.lat + rng.between(-0.01, 0.01), lon: place.lon + rng.between(-0.01, 0.01) };
}

function redacted(text: string): string {
  const spans = findPii(text);
  return spans.length ? redact(text, spans) : text;
}

function signalRow(
  id: number,
  p: AppealPlan | MentionPlan,
  person: Person | null,
  rng: Rng,
  extra: Partial<
    Pick<
      Insertable<SignalsTable>,
      'status' | 'conversation' | 'reach' | 'raw' | 'external_id' | 'address' | 'case_id'
    >
  >,
): Insertable<SignalsTable> {
  return {
    id,
    channel: p.channel,
    external_id: externalId(p.channel, id, person),
    received_at: p.receivedAt,
    sent_at: p.channel === 'call_center' || p.channel === 'news' ? null : p.receivedAt - rng.int(500, 20_000),
    author_id: person?.id ?? null,
    thread_id: null,
    conversation: null,
    reply_to: null,
    text: p.text,
    text_redacted: redacted(p.text),
    lang: p.lang,
    ...coordinates(p.placed[0], rng),
    address: null,
    attachments: '[]',
    reach: null,
    raw: JSON.stringify({ demo: 'seed', origin: p.origin }),
    status: 'received',
    kind: p.kind,
    topic: p.topic,
    sentiment: p.sentiment,
    district: p.district,
    urgency: p.urgency,
    labels: JSON.stringify({ source: 'demo', origin: p.origin }),
    labelled_at: p.receivedAt,
    cluster_id: null,
    case_id: null,
    is_demo: 1,
    ...extra,
  };
}

/** An appeal: its author, signal, case and the case's events. */
export function appealRows(
  chunk: Chunk,
  ids: { signal: number; case: number },
  p: AppealPlan,
  person: Person,
  story: CaseStory,
  prefix: string,
  rng: Rng,
  replies: ReplyTexts,
): void {
  const conv = CONVERSATION[p.channel];
  const signal = signalRow(ids.signal, p, person, rng, {
    conversation: conv ? `${conv}:${person.who.externalUserId}` : null,
    address: p.address,
    case_id: ids.case,
  });
  chunk.signals.push(signal);
  const year = new Date(story.registeredAt).getUTCFullYear();
  chunk.cases.push({
    id: ids.case,
    number: `${prefix}-${year}-${String(ids.case).padStart(6, '0')}`,
    status: story.status,
    kind: p.kind,
    topic: p.topic,
    district: p.district,
    urgency: p.urgency,
    channel: p.channel,
    lang: p.lang,
    author_id: person.id,
    organisation_id: story.organisationId,
    executor_id: story.executorId,
    summary: (signal.text_redacted ?? '').slice(0, 500),
    registered_at: story.registeredAt,
    due_at: story.dueAt,
    operational_due_at: story.operationalDueAt,
    redirect_due_at: story.redirectDueAt,
    extended_at: null,
    first_response_at: story.firstResponseAt,
    answered_at: story.answeredAt,
    closed_at: story.closedAt,
    merged_into: null,
    repeat_of: null,
    satisfaction: story.satisfaction,
    rating: story.rating,
    escalated: story.escalated,
    created_at: story.createdAt,
    updated_at: story.updatedAt,
    is_demo: 1,
  });
  for (const e of story.events) chunk.events.push({ case_id: ids.case, ...e });
  const kase = chunk.cases[chunk.cases.length - 1]!;
  chunk.outbox.push(
    ...sentMessages(
      { id: ids.case, number: kase.number, channel: p.channel, lang: p.lang, due_at: story.dueAt },
      signal,
      story,
      replies,
      rng,
    ),
  );
}

/** A comment on a page (with its author) or a news item (no author): a mention, never a case. */
export function mentionRow(chunk: Chunk, id: number, p: MentionPlan, person: Person | null, rng: Rng): void {
  const thread = MENTION_THREAD[p.channel];
  chunk.signals.push(
    signalRow(id, p, person, rng, {
      status: 'mention',
      conversation: thread ? `${thread}:${p.post}` : null,
      reach: JSON.stringify(p.reach),
      raw: JSON.stringify({
        demo: 'seed',
        origin: p.origin,
        ...(p.outlet ? { outlet: p.outlet, url: `https://news.example/${p.post}` } : {}),
      }),
      external_id:
        p.channel === 'news' ? `https://news.example/${p.post}` : `demo-${p.channel}-comment-${id}`,
    }),
  );
}
