import type { z } from 'zod';
import type { Attachment } from '../../types.js';
import { contentId, describeIssues, type ParseOutcome, reachOf } from '../kit.js';
import { messageNewSchema, type VkAttachment, wallPostSchema, wallReplySchema } from './schema.js';

interface Envelope {
  readonly type: string;
  readonly event_id?: string | undefined;
  readonly object?: unknown;
}

function attachmentOf(a: VkAttachment): Attachment {
  if (a.photo) {
    const best = [...(a.photo.sizes ?? [])]
      .sort((x, y) => (x.width ?? 0) * (x.height ?? 0) - (y.width ?? 0) * (y.height ?? 0))
      .at(-1);
    return {
      kind: 'image',
      mediaId: `photo${a.photo.owner_id}_${a.photo.id}`,
      ...(best ? { url: best.url } : {}),
    };
  }
  if (a.doc)
    return {
      kind: 'document',
      mediaId: `doc${a.doc.owner_id}_${a.doc.id}`,
      ...(a.doc.url ? { url: a.doc.url } : {}),
    };
  if (a.video) return { kind: 'video', mediaId: `video${a.video.owner_id}_${a.video.id}` };
  if (a.audio_message) {
    const m = a.audio_message;
    return {
      kind: 'audio',
      mediaId: `audio_message${m.owner_id}_${m.id}`,
      ...(m.link_mp3 ? { url: m.link_mp3 } : {}),
    };
  }
  return { kind: 'other' };
}

function object<T extends z.ZodType>(
  schema: T,
  e: Envelope,
): { ok: true; value: z.output<T> } | { ok: false; reason: string } {
  const parsed = schema.safeParse(e.object);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, reason: `VK ${e.type} object: ${describeIssues(parsed.error)}` };
}

/**
 * One Callback API event → one signal. The external id is VK's event_id (unique per event and repeated
 * on every retry); events without one fall back to type + the object's own id.
 */
export function parseVkEvent(e: Envelope, raw: unknown): ParseOutcome {
  const id = (fallback: string) => e.event_id ?? `${e.type}:${fallback}`;
  switch (e.type) {
    case 'message_new': {
      const r = object(messageNewSchema, e);
      if (!r.ok) return r;
      const m = r.value.message;
      const point = m.geo?.coordinates;
      return {
        ok: true,
        signals: [
          {
            channel: 'vk',
            externalId: id(`${m.peer_id}:${m.conversation_message_id ?? m.id}`),
            sentAt: m.date * 1000,
            author: { externalUserId: String(m.from_id) },
            conversation: `vk:${m.peer_id}`,
            replyTo:
              m.reply_message?.conversation_message_id !== undefined
                ? `${m.peer_id}:${m.reply_message.conversation_message_id}`
                : null,
            text: m.text,
            attachments: (m.attachments ?? []).map(attachmentOf),
            geo: point ? { lat: point.latitude, lon: point.longitude } : null,
            raw,
          },
        ],
      };
    }
    case 'wall_post_new': {
      const r = object(wallPostSchema, e);
      if (!r.ok) return r;
      const p = r.value;
      return {
        ok: true,
        signals: [
          {
            channel: 'vk',
            externalId: id(`${p.owner_id}_${p.id}`),
            sentAt: p.date * 1000,
            author: { externalUserId: String(p.from_id) },
            conversation: `vkwall:${p.owner_id}_${p.id}`,
            text: p.text,
            attachments: (p.attachments ?? []).map(attachmentOf),
            reach: reachOf(p),
            raw,
            status: 'mention',
          },
        ],
      };
    }
    case 'wall_reply_new': {
      const r = object(wallReplySchema, e);
      if (!r.ok) return r;
      const c = r.value;
      const post = `${c.post_owner_id}_${c.post_id}`;
      return {
        ok: true,
        signals: [
          {
            channel: 'vk',
            externalId: id(`${post}_${c.id}`),
            sentAt: c.date * 1000,
            author: { externalUserId: String(c.from_id) },
            conversation: `vkwall:${post}`,
            replyTo: c.reply_to_comment !== undefined ? `${post}_${c.reply_to_comment}` : post,
            text: c.text,
            attachments: (c.attachments ?? []).map(attachmentOf),
            raw,
            status: 'mention',
          },
        ],
      };
    }
    default:
      return {
        ok: true,
        signals: [
          { channel: 'vk', externalId: id(contentId(e.object ?? null)), text: '', raw, status: 'ignored' },
        ],
      };
  }
}
