import type { Attachment, InboundSignal } from '../../types.js';
import { contentId, describeIssues, epochMs, type ParseOutcome } from '../kit.js';
import { toE164 } from '../phone.js';
import { envelopeSchema, valueSchema, type WaMessage, type WaStatus, type WaValue } from './schema.js';

export type WhatsAppOutcome = ParseOutcome<{ readonly statuses: readonly WaStatus[] }>;

const MEDIA = ['image', 'video', 'audio', 'document', 'sticker'] as const;
const KIND: Record<(typeof MEDIA)[number], Attachment['kind']> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  document: 'document',
  sticker: 'other',
};

function attachments(m: WaMessage): Attachment[] {
  const out: Attachment[] = [];
  for (const type of MEDIA) {
    const media = m[type];
    if (!media) continue;
    out.push({
      kind: KIND[type],
      mediaId: media.id,
      ...(media.mime_type ? { mimeType: media.mime_type } : {}),
      ...(media.caption ? { caption: media.caption } : {}),
    });
  }
  return out;
}

/** The readable text of a message: its body, a caption, a place name, or the title of the reply tapped. */
function textOf(m: WaMessage): string {
  if (m.text) return m.text.body;
  const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
  if (reply) return reply.title;
  if (m.button) return m.button.text;
  if (m.location) return m.location.name ?? '';
  for (const type of MEDIA) {
    const caption = m[type]?.caption;
    if (caption) return caption;
  }
  return '';
}

const READABLE = new Set([
  'text',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'interactive',
  'button',
]);

function messageSignal(value: WaValue, m: WaMessage): InboundSignal {
  // The sender is `from`; contacts[] gives their profile name (only the entry with the same wa_id).
  const contact = value.contacts?.find((c) => c.wa_id === m.from);
  const waId = m.from;
  return {
    channel: 'whatsapp',
    externalId: m.id,
    sentAt: epochMs(m.timestamp),
    author: { externalUserId: waId, displayName: contact?.profile?.name ?? null, phone: toE164(waId) },
    conversation: `wa:${waId}`,
    replyTo: m.context?.id ?? null,
    text: textOf(m),
    attachments: attachments(m),
    geo: m.location ? { lat: m.location.latitude, lon: m.location.longitude } : null,
    address: m.location?.address ?? null,
    raw: { metadata: value.metadata, contacts: contact ? [contact] : [], message: m },
    // Reactions, system notices and "unsupported" messages are acknowledged, not appeals.
    status: READABLE.has(m.type) ? 'received' : 'ignored',
  };
}

/**
 * A WhatsApp Cloud API delivery → its messages as signals and its status callbacks (applied to the
 * outbox by the caller). Changes of other fields (template reviews, account updates) are recorded as
 * ignored under a content id.
 */
export function parseWhatsApp(json: unknown): WhatsAppOutcome {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success)
    return { ok: false, reason: `not a WhatsApp webhook: ${describeIssues(envelope.error)}` };
  const signals: InboundSignal[] = [];
  const statuses: WaStatus[] = [];
  for (const entry of envelope.data.entry) {
    for (const [i, change] of entry.changes.entries()) {
      if (envelope.data.object !== 'whatsapp_business_account' || change.field !== 'messages') {
        signals.push({
          channel: 'whatsapp',
          externalId: `${change.field}:${entry.id}:${contentId(change)}`,
          text: '',
          raw: change,
          status: 'ignored',
        });
        continue;
      }
      const value = valueSchema.safeParse(change.value);
      if (!value.success) {
        const where = `entry ${entry.id} change ${i}`;
        return {
          ok: false,
          reason: `not a WhatsApp messages value (${where}): ${describeIssues(value.error)}`,
        };
      }
      for (const m of value.data.messages ?? []) signals.push(messageSignal(value.data, m));
      statuses.push(...(value.data.statuses ?? []));
    }
  }
  return { ok: true, signals, statuses };
}
