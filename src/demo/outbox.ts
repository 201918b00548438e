import type { Insertable } from 'kysely';
import { localDate, render, replyLang } from '../cases/messages.js';
import { REPLY_CHANNELS } from '../cases/service.js';
import type { OutboxTable, SignalsTable } from '../db/schema.js';
import type { CaseStory } from './lifecycle.js';
import type { Rng } from './rng.js';

/** The region's acknowledgement and answer templates by language, and organisation names. */
export interface ReplyTexts {
  readonly ack: Readonly<Record<string, string>>;
  readonly answer: Readonly<Record<string, string>>;
  readonly organisation: ReadonlyMap<number, { readonly ru: string; readonly kk: string }>;
  readonly utcOffsetMinutes: number;
}

/** Gateway channels never copy the conversation into the outbox (src/outbox/enqueue.ts does the same). */
const GATEWAY = new Set(['web', 'call_center', 'email']);

/**
 * What a seeded case sent its citizen, as the live desk would have: the acknowledgement right after
 * registration and each answer, delivered (and, on messengers, mostly read) a little later.
 */
export function sentMessages(
  caseRow: { id: number; number: string; channel: string; lang: string | null; due_at: number },
  signal: Pick<Insertable<SignalsTable>, 'id' | 'conversation' | 'external_id' | 'author_id'>,
  story: CaseStory,
  texts: ReplyTexts,
  rng: Rng,
): Insertable<OutboxTable>[] {
  if (!REPLY_CHANNELS.has(caseRow.channel)) return [];
  const lang = replyLang(caseRow.lang);
  const recipient = JSON.stringify({
    conversation: GATEWAY.has(caseRow.channel) ? null : (signal.conversation ?? null),
    replyTo: signal.external_id,
    authorId: signal.author_id ?? null,
    signalId: signal.id,
  });
  const org = story.organisationId === null ? undefined : texts.organisation.get(story.organisationId);
  const vars = {
    number: caseRow.number,
    due: localDate(caseRow.due_at, texts.utcOffsetMinutes),
    organisation: org ? (lang === 'kk' ? org.kk : org.ru) : '',
  };
  const row = (purpose: string, text: string, at: number, key: string): Insertable<OutboxTable> => {
    const sent = at + rng.int(1_000, 20_000);
    const delivered = sent + rng.int(500, 10_000);
    return {
      case_id: caseRow.id,
      channel: caseRow.channel,
      recipient,
      purpose,
      text,
      payload: null,
      status: 'sent',
      provider_message_id: `demo-${key}`,
      attempts: 1,
      next_attempt_at: at,
      locked_until: null,
      last_error: null,
      created_at: at,
      sent_at: sent,
      delivered_at: caseRow.channel === 'open311' ? null : delivered,
      read_at: rng.chance(0.7) ? delivered + rng.int(60_000, 6 * 3_600_000) : null,
      failed_at: null,
      dedupe_key: key,
    };
  };
  const out: Insertable<OutboxTable>[] = [];
  const ack = texts.ack[lang] ?? texts.ack.ru;
  if (ack) out.push(row('acknowledgement', render(ack, vars), story.registeredAt, `ack:${caseRow.id}`));
  let round = 0;
  for (const e of story.events) {
    if (e.type !== 'answer' || !e.data) continue;
    round++;
    const answer = texts.answer[lang] ?? texts.answer.ru;
    if (!answer) continue;
    const { text } = JSON.parse(e.data) as { text: string };
    out.push(row('answer', render(answer, { ...vars, answer: text }), e.at, `answer:${caseRow.id}:${round}`));
  }
  return out;
}
