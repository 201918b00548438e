import type { Attachment, InboundAuthor, InboundSignal } from '../../types.js';
import { contentId, describeIssues, type ParseOutcome } from '../kit.js';
import { toE164 } from '../phone.js';
import { type TelegramMessage, updateSchema } from './schema.js';

/**
 * External ids. A message is `<chat.id>:<message_id>`, not the update_id: message ids are unique
 * within a chat for good, while update_id restarts at a random number after a week without updates
 * and is not tied to the message (re-registering the bot or a redelivery through getUpdates would
 * give one message two update ids). An edit is its own signal, `<chat>:<message_id>:edit:<edit_date>`,
 * pointing back at the original through replyTo.
 */
const messageId = (m: TelegramMessage) => `${m.chat.id}:${m.message_id}`;

function author(m: TelegramMessage): InboundAuthor | null {
  if (!m.from) return null;
  const name = [m.from.first_name, m.from.last_name].filter(Boolean).join(' ') || null;
  // A contact the person shares about themselves (the "share my number" button) gives us their phone;
  // someone else's card is not theirs and stays in the raw payload only.
  const own = m.contact && (m.contact.user_id === undefined || m.contact.user_id === m.from.id);
  return {
    externalUserId: String(m.from.id),
    displayName: name,
    username: m.from.username ?? null,
    phone: own && m.contact ? toE164(m.contact.phone_number) : null,
  };
}

function largest<T extends { width: number; height: number; file_size?: number | undefined }>(
  sizes: readonly T[],
): T | undefined {
  return [...sizes]
    .sort((a, b) => a.width * a.height - b.width * b.height || (a.file_size ?? 0) - (b.file_size ?? 0))
    .at(-1);
}

function attachments(m: TelegramMessage): Attachment[] {
  const out: Attachment[] = [];
  const photo = m.photo ? largest(m.photo) : undefined;
  if (photo)
    out.push({
      kind: 'image',
      mediaId: photo.file_id,
      mimeType: 'image/jpeg',
      ...(m.caption ? { caption: m.caption } : {}),
    });
  const files: Array<[Attachment['kind'], { file_id: string; mime_type?: string | undefined } | undefined]> =
    [
      ['document', m.document],
      ['video', m.video ?? m.video_note],
      ['audio', m.voice ?? m.audio],
      ['other', m.sticker],
    ];
  for (const [kind, f] of files) {
    if (f) out.push({ kind, mediaId: f.file_id, ...(f.mime_type ? { mimeType: f.mime_type } : {}) });
  }
  if (m.contact) out.push({ kind: 'contact' });
  return out;
}

function messageSignal(raw: unknown, m: TelegramMessage, edited: boolean): InboundSignal {
  const files = attachments(m);
  const point = m.location ?? m.venue?.location;
  const text = m.text ?? m.caption ?? m.venue?.title ?? '';
  const id = messageId(m);
  // Service messages (members joining, pins, chat photo changes) carry nothing to read.
  const empty = !text && files.length === 0 && !point;
  return {
    channel: 'telegram',
    externalId: edited ? `${id}:edit:${m.edit_date ?? contentId(m)}` : id,
    sentAt: (m.edit_date && edited ? m.edit_date : m.date) * 1000,
    author: author(m),
    conversation: `tg:${m.chat.id}`,
    replyTo: edited ? id : m.reply_to_message ? `${m.chat.id}:${m.reply_to_message.message_id}` : null,
    text,
    attachments: files,
    geo: point ? { lat: point.latitude, lon: point.longitude } : null,
    address: m.venue?.address ?? null,
    raw,
    status: empty ? 'ignored' : 'received',
  };
}

/** One Telegram Update → one signal: a message, an edit, or an acknowledged update of another kind. */
export function parseTelegramUpdate(value: unknown): ParseOutcome {
  const parsed = updateSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `not a Telegram Update: ${describeIssues(parsed.error)}` };
  const update = parsed.data;
  if (update.message) return { ok: true, signals: [messageSignal(value, update.message, false)] };
  if (update.edited_message)
    return { ok: true, signals: [messageSignal(value, update.edited_message, true)] };
  // callback_query, my_chat_member, channel_post…: acknowledged and recorded, not an appeal. update_id
  // alone may repeat after a quiet week, so the content hash keeps two such updates apart.
  const kind = Object.keys(update).find((k) => k !== 'update_id') ?? 'empty';
  return {
    ok: true,
    signals: [
      {
        channel: 'telegram',
        externalId: `${kind}:${update.update_id}:${contentId(value)}`,
        text: '',
        raw: value,
        status: 'ignored',
      },
    ],
  };
}
