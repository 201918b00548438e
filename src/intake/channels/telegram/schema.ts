import { z } from 'zod';

/**
 * Runtime checks for the parts of a Telegram Update we read (shapes from the Bot API, as typed in
 * @grammyjs/types). Objects are loose: fields we do not read are kept, never rejected.
 */
const int = z.number().int();

const user = z.looseObject({
  id: int,
  is_bot: z.boolean().optional(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});

const chat = z.looseObject({ id: int, type: z.string() });

const photoSize = z.looseObject({
  file_id: z.string(),
  file_unique_id: z.string(),
  width: z.number(),
  height: z.number(),
  file_size: z.number().optional(),
});

const file = z.looseObject({
  file_id: z.string(),
  file_unique_id: z.string().optional(),
  mime_type: z.string().optional(),
});

const location = z.looseObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});

export const messageSchema = z.looseObject({
  message_id: int,
  from: user.optional(),
  chat,
  date: int,
  edit_date: int.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(photoSize).optional(),
  document: file.optional(),
  video: file.optional(),
  video_note: file.optional(),
  voice: file.optional(),
  audio: file.optional(),
  sticker: file.optional(),
  location: location.optional(),
  venue: z.looseObject({ location, title: z.string(), address: z.string() }).optional(),
  contact: z
    .looseObject({
      phone_number: z.string(),
      first_name: z.string(),
      last_name: z.string().optional(),
      user_id: int.optional(),
    })
    .optional(),
  reply_to_message: z.looseObject({ message_id: int }).optional(),
});

export const updateSchema = z.looseObject({
  update_id: int.nonnegative(),
  message: messageSchema.optional(),
  edited_message: messageSchema.optional(),
});

export type TelegramMessage = z.output<typeof messageSchema>;
export type TelegramUpdate = z.output<typeof updateSchema>;
