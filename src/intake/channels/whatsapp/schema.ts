import { z } from 'zod';

/**
 * Runtime checks for WhatsApp Cloud API webhooks (developers.facebook.com, business-messaging
 * webhooks reference: messages, image, location, interactive, status). Loose objects: unknown fields
 * are kept.
 */
const digits = z.string().regex(/^\d+$/, 'expected a string of digits');

const media = z.looseObject({
  id: z.string(),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  sha256: z.string().optional(),
  filename: z.string().optional(),
});

const reply = z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() });

export const messageSchema = z.looseObject({
  from: digits,
  id: z.string().min(1),
  timestamp: digits,
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: media.optional(),
  video: media.optional(),
  audio: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  location: z
    .looseObject({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  interactive: z
    .looseObject({ type: z.string(), button_reply: reply.optional(), list_reply: reply.optional() })
    .optional(),
  button: z.looseObject({ text: z.string(), payload: z.string().optional() }).optional(),
  context: z.looseObject({ from: z.string().optional(), id: z.string().optional() }).optional(),
});

export const statusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  timestamp: digits,
  recipient_id: z.string().optional(),
  errors: z
    .array(
      z.looseObject({
        code: z.number().optional(),
        title: z.string().optional(),
        message: z.string().optional(),
        error_data: z.looseObject({ details: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});

export const valueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: z.looseObject({ display_phone_number: z.string(), phone_number_id: z.string() }).optional(),
  contacts: z
    .array(
      z.looseObject({
        wa_id: z.string(),
        profile: z.looseObject({ name: z.string().optional() }).optional(),
      }),
    )
    .optional(),
  messages: z.array(messageSchema).optional(),
  statuses: z.array(statusSchema).optional(),
});

export const envelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.string(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })),
    }),
  ),
});

export type WaMessage = z.output<typeof messageSchema>;
export type WaStatus = z.output<typeof statusSchema>;
export type WaValue = z.output<typeof valueSchema>;
