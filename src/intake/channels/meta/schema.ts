import { z } from 'zod';

/**
 * Runtime checks for Meta webhooks of Instagram (object "instagram") and Facebook Pages (object "page"):
 * Messenger / Instagram Direct events in entry[].messaging[], comments and feed changes in
 * entry[].changes[]. Loose objects: unknown fields are kept.
 */
const id = z.union([z.string().min(1), z.number().int().transform(String)]);
const time = z.union([z.number(), z.string()]);

export const attachmentSchema = z.looseObject({
  type: z.string(),
  payload: z
    .looseObject({
      url: z.string().optional(),
      coordinates: z.looseObject({ lat: z.number(), long: z.number() }).optional(),
    })
    .nullish(),
});

export const messagingSchema = z.looseObject({
  sender: z.looseObject({ id }),
  recipient: z.looseObject({ id }).optional(),
  timestamp: z.number().optional(),
  message: z
    .looseObject({
      mid: z.string().min(1),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      attachments: z.array(attachmentSchema).optional(),
      reply_to: z.looseObject({ mid: z.string().optional() }).optional(),
    })
    .optional(),
});

const change = z.looseObject({ field: z.string(), value: z.unknown() });

export const envelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id,
      time: time.optional(),
      messaging: z.array(messagingSchema).optional(),
      changes: z.array(change).optional(),
      // Some Instagram examples put one change straight on the entry.
      field: z.string().optional(),
      value: z.unknown().optional(),
    }),
  ),
});

/** Instagram `comments` / `live_comments` change value. */
export const igCommentSchema = z.looseObject({
  id,
  from: z.looseObject({ id, username: z.string().optional() }).optional(),
  text: z.string().optional(),
  media: z.looseObject({ id, media_product_type: z.string().optional() }).optional(),
  parent_id: id.optional(),
});

/** Facebook Page `feed` change value (posts, comments, reactions…). */
export const feedSchema = z.looseObject({
  item: z.string(),
  verb: z.string(),
  post_id: id.optional(),
  comment_id: id.optional(),
  parent_id: id.optional(),
  message: z.string().optional(),
  from: z.looseObject({ id, name: z.string().optional() }).optional(),
  created_time: time.optional(),
  photo: z.string().optional(),
  link: z.string().optional(),
});

export type MetaEntry = z.output<typeof envelopeSchema>['entry'][number];
export type MetaMessaging = z.output<typeof messagingSchema>;
export type MetaAttachment = z.output<typeof attachmentSchema>;
