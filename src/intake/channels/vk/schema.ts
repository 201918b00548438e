import { z } from 'zod';

/**
 * Runtime checks for VK Callback API events (dev.vk.com community events JSON schema; message_new as
 * of API 5.103+). Loose objects: unknown fields are kept.
 */
const int = z.number().int();

export const envelopeSchema = z.looseObject({
  type: z.string().min(1),
  group_id: int.optional(),
  event_id: z.string().min(1).optional(),
  v: z.string().optional(),
  secret: z.string().optional(),
  object: z.unknown().optional(),
});

const photoSize = z.looseObject({
  url: z.string(),
  width: z.number().optional(),
  height: z.number().optional(),
});

export const attachmentSchema = z.looseObject({
  type: z.string(),
  photo: z
    .looseObject({
      id: int,
      owner_id: int,
      sizes: z.array(photoSize).optional(),
      access_key: z.string().optional(),
    })
    .optional(),
  doc: z
    .looseObject({ id: int, owner_id: int, url: z.string().optional(), ext: z.string().optional() })
    .optional(),
  video: z.looseObject({ id: int, owner_id: int }).optional(),
  audio_message: z.looseObject({ id: int, owner_id: int, link_mp3: z.string().optional() }).optional(),
});

const attachments = z.array(attachmentSchema).optional();

export const messageNewSchema = z.looseObject({
  message: z.looseObject({
    id: int,
    date: int,
    from_id: int,
    peer_id: int,
    text: z.string(),
    conversation_message_id: int.optional(),
    attachments,
    geo: z
      .looseObject({ coordinates: z.looseObject({ latitude: z.number(), longitude: z.number() }) })
      .optional(),
    reply_message: z.looseObject({ id: int.optional(), conversation_message_id: int.optional() }).optional(),
  }),
});

export const wallPostSchema = z.looseObject({
  id: int,
  owner_id: int,
  from_id: int,
  date: int,
  text: z.string(),
  attachments,
});

export const wallReplySchema = z.looseObject({
  id: int,
  from_id: int,
  date: int,
  text: z.string(),
  post_id: int,
  post_owner_id: int,
  reply_to_comment: int.optional(),
  attachments,
});

export type VkAttachment = z.output<typeof attachmentSchema>;
