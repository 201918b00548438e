import type { Channel } from '../../../shared/taxonomy.js';
import type { Attachment, InboundSignal } from '../../types.js';
import { contentId, describeIssues, epochMs, type ParseOutcome, reachOf } from '../kit.js';
import {
  envelopeSchema,
  feedSchema,
  igCommentSchema,
  type MetaAttachment,
  type MetaEntry,
  type MetaMessaging,
} from './schema.js';

type Outcome = { ok: true; signal: InboundSignal } | { ok: false; reason: string };

const KINDS: Record<string, Attachment['kind']> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  file: 'document',
  location: 'location',
};

const ignored = (channel: Channel, what: string, raw: unknown): InboundSignal => ({
  channel,
  externalId: `${what}:${contentId(raw)}`,
  text: '',
  raw,
  status: 'ignored',
});

function attachmentOf(a: MetaAttachment): Attachment {
  return { kind: KINDS[a.type] ?? 'other', ...(a.payload?.url ? { url: a.payload.url } : {}) };
}

/** A direct message (Instagram Direct or Messenger): an appeal in a one-to-one conversation. */
function directMessage(channel: Channel, prefix: string, event: MetaMessaging): InboundSignal {
  const m = event.message;
  // Our own replies come back as echoes; reads, reactions and postbacks are not appeals either.
  if (!m || m.is_echo || m.is_deleted) return ignored(channel, 'messaging', event);
  const point = m.attachments?.find((a) => a.payload?.coordinates)?.payload?.coordinates;
  return {
    channel,
    externalId: m.mid,
    sentAt: epochMs(event.timestamp),
    author: { externalUserId: event.sender.id },
    conversation: `${prefix}:${event.sender.id}`,
    replyTo: m.reply_to?.mid ?? null,
    text: m.text ?? '',
    attachments: (m.attachments ?? []).map(attachmentOf),
    geo: point ? { lat: point.lat, lon: point.long } : null,
    raw: event,
  };
}

/** A public Instagram comment on one of our media: a mention the desk can turn into a case. */
function instagramComment(entry: MetaEntry, field: string, value: unknown): Outcome {
  const parsed = igCommentSchema.safeParse(value);
  if (!parsed.success)
    return { ok: false, reason: `Instagram ${field} value: ${describeIssues(parsed.error)}` };
  const c = parsed.data;
  const own = c.from?.id === entry.id;
  return {
    ok: true,
    signal: {
      channel: 'instagram',
      externalId: c.id,
      sentAt: epochMs(entry.time),
      author: c.from ? { externalUserId: c.from.id, username: c.from.username ?? null } : null,
      conversation: c.media ? `igmedia:${c.media.id}` : null,
      replyTo: c.parent_id ?? null,
      text: c.text ?? '',
      reach: reachOf(c),
      raw: { field, value },
      // Our own account answering in the comments is not a citizen speaking.
      status: own ? 'ignored' : 'mention',
    },
  };
}

const POSTS = new Set(['post', 'status', 'photo', 'video', 'share']);

/** A post or comment on our Facebook Page: a mention; reactions, removals and our own posts are ignored. */
function pageFeed(entry: MetaEntry, value: unknown): Outcome {
  const parsed = feedSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `Page feed value: ${describeIssues(parsed.error)}` };
  const v = parsed.data;
  const id = v.item === 'comment' ? v.comment_id : POSTS.has(v.item) ? v.post_id : undefined;
  const relevant = (v.verb === 'add' || v.verb === 'edited') && id !== undefined;
  if (!relevant || id === undefined)
    return { ok: true, signal: ignored('facebook', `feed:${v.item}:${v.verb}`, value) };
  return {
    ok: true,
    signal: {
      channel: 'facebook',
      // An edit is stored beside the original, once per distinct new text.
      externalId: v.verb === 'edited' ? `${id}:edit:${contentId(v.message ?? '')}` : id,
      sentAt: epochMs(v.created_time) ?? epochMs(entry.time),
      author: v.from ? { externalUserId: v.from.id, displayName: v.from.name ?? null } : null,
      conversation: v.post_id ? `fbpost:${v.post_id}` : null,
      replyTo: v.verb === 'edited' ? id : v.item === 'comment' ? (v.parent_id ?? v.post_id ?? null) : null,
      text: v.message ?? '',
      attachments: v.photo ? [{ kind: 'image', url: v.photo }] : [],
      reach: reachOf(v),
      raw: { field: 'feed', value },
      status: v.from?.id === entry.id ? 'ignored' : 'mention',
    },
  };
}

function entryChanges(entry: MetaEntry): Array<{ field: string; value: unknown }> {
  const changes = [...(entry.changes ?? [])];
  if (entry.field !== undefined) changes.push({ field: entry.field, value: entry.value });
  return changes;
}

/**
 * A Meta webhook delivery for Instagram (object "instagram") or a Facebook Page (object "page") →
 * signals. Anything else Meta may send here (other objects and fields) is recorded as ignored.
 */
export function parseMeta(json: unknown): ParseOutcome {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success)
    return { ok: false, reason: `not a Meta webhook: ${describeIssues(envelope.error)}` };
  const { object } = envelope.data;
  const channel: Channel = object === 'instagram' ? 'instagram' : 'facebook';
  const known = object === 'instagram' || object === 'page';
  const signals: InboundSignal[] = [];
  for (const entry of envelope.data.entry) {
    if (!known) {
      signals.push(ignored(channel, `object:${object}`, entry));
      continue;
    }
    for (const event of entry.messaging ?? []) {
      signals.push(directMessage(channel, object === 'instagram' ? 'ig' : 'fb', event));
    }
    for (const { field, value } of entryChanges(entry)) {
      let outcome: Outcome;
      if (object === 'instagram' && (field === 'comments' || field === 'live_comments')) {
        outcome = instagramComment(entry, field, value);
      } else if (object === 'page' && field === 'feed') {
        outcome = pageFeed(entry, value);
      } else {
        outcome = { ok: true, signal: ignored(channel, `change:${field}`, { field, value }) };
      }
      if (!outcome.ok) return outcome;
      signals.push(outcome.signal);
    }
  }
  return { ok: true, signals };
}
