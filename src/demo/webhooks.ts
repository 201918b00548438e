import { createHmac } from 'node:crypto';
import type { Config } from '../config/config.js';
import type { Channel } from '../shared/taxonomy.js';

/** Where a simulated message enters: a direct message (an appeal) or a public comment (a mention). */
export type Route =
  | 'telegram'
  | 'whatsapp'
  | 'instagram_dm'
  | 'instagram_comment'
  | 'facebook_comment'
  | 'vk_message'
  | 'vk_comment';

export const ROUTE_CHANNEL: Readonly<Record<Route, Channel>> = {
  telegram: 'telegram',
  whatsapp: 'whatsapp',
  instagram_dm: 'instagram',
  instagram_comment: 'instagram',
  facebook_comment: 'facebook',
  vk_message: 'vk',
  vk_comment: 'vk',
};

/** A person the simulator speaks as (first name only; ids in ranges no real account uses). */
export interface Sender {
  readonly n: number;
  readonly name: string;
  readonly latin: string;
  readonly phone: string;
}

/** One signed HTTP request exactly as the provider would send it, and the external id it will get. */
export interface SignedRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly channel: Channel;
  readonly externalId: string;
}

const hub = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** The page and accounts of the akimat the simulated comments are written under. */
const PAGE = { instagram: '17841400000000109', facebook: '109000000000109', vkGroup: 109_109 };

/** Builds the provider's request for `text`; null when the channel's secret is not configured. */
export function signedRequest(
  config: Config,
  route: Route,
  text: string,
  from: Sender,
  seq: number,
  now: number,
): SignedRequest | null {
  const seconds = Math.floor(now / 1000);
  const json = (v: unknown) => JSON.stringify(v);
  switch (route) {
    case 'telegram': {
      const secret = config.telegram.secret;
      if (!secret) return null;
      const chat = 6_200_000_000 + from.n;
      const body = json({
        update_id: 500_000_000 + seq,
        message: {
          message_id: seq,
          from: { id: chat, is_bot: false, first_name: from.name, language_code: 'ru' },
          chat: { id: chat, first_name: from.name, type: 'private' },
          date: seconds,
          text,
        },
      });
      return {
        path: '/webhooks/telegram',
        headers: { 'x-telegram-bot-api-secret-token': secret },
        body,
        channel: 'telegram',
        externalId: `${chat}:${seq}`,
      };
    }
    case 'whatsapp': {
      const secret = config.whatsapp.appSecret;
      if (!secret) return null;
      const waId = from.phone.slice(1);
      const id = `wamid.SIM${Buffer.from(`${waId}:${seq}:${now}`).toString('base64url').toUpperCase()}`;
      const body = json({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '109000000000001',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: {
                    display_phone_number: '77780000109',
                    phone_number_id: config.whatsapp.phoneNumberId ?? '109000000000',
                  },
                  contacts: [{ profile: { name: from.name }, wa_id: waId }],
                  messages: [
                    { from: waId, id, timestamp: String(seconds), type: 'text', text: { body: text } },
                  ],
                },
              },
            ],
          },
        ],
      });
      return {
        path: '/webhooks/whatsapp',
        headers: { 'x-hub-signature-256': hub(secret, body) },
        body,
        channel: 'whatsapp',
        externalId: id,
      };
    }
    case 'instagram_dm':
    case 'instagram_comment':
    case 'facebook_comment': {
      const secret = config.meta.appSecret;
      if (!secret) return null;
      const user = String(17_841_500_000_000 + from.n);
      let entry: Record<string, unknown>;
      let externalId: string;
      let channel: Channel = 'instagram';
      if (route === 'instagram_dm') {
        externalId = `aWdfZAG1faW0ZD${seq}${now}`;
        entry = {
          id: PAGE.instagram,
          time: now,
          messaging: [
            {
              sender: { id: user },
              recipient: { id: PAGE.instagram },
              timestamp: now,
              message: { mid: externalId, text },
            },
          ],
        };
      } else if (route === 'instagram_comment') {
        externalId = String(18_000_000_000_000 + seq * 7 + (now % 7));
        entry = {
          id: PAGE.instagram,
          time: seconds,
          changes: [
            {
              field: 'comments',
              value: {
                from: { id: user, username: `${from.latin}.${from.n % 100}` },
                media: { id: `1790000000${Math.floor(now / 3_600_000) % 1000}`, media_product_type: 'FEED' },
                id: externalId,
                text,
              },
            },
          ],
        };
      } else {
        channel = 'facebook';
        const post = `${PAGE.facebook}_${Math.floor(now / 3_600_000) % 100_000}`;
        externalId = `${post}_${seq}${now % 1000}`;
        entry = {
          id: PAGE.facebook,
          time: seconds,
          changes: [
            {
              field: 'feed',
              value: {
                item: 'comment',
                verb: 'add',
                post_id: post,
                comment_id: externalId,
                parent_id: post,
                message: text,
                from: { id: String(100_000_000_000_000 + from.n), name: from.name },
                created_time: seconds,
              },
            },
          ],
        };
      }
      const body = json({ object: channel === 'facebook' ? 'page' : 'instagram', entry: [entry] });
      return {
        path: '/webhooks/meta',
        headers: { 'x-hub-signature-256': hub(secret, body) },
        body,
        channel,
        externalId,
      };
    }
    case 'vk_message':
    case 'vk_comment': {
      const secret = config.vk.secret;
      if (!secret) return null;
      const eventId = `sim${seq.toString(16)}${now.toString(16)}`;
      const user = 800_000_000 + from.n;
      const object =
        route === 'vk_message'
          ? {
              message: {
                id: seq,
                date: seconds,
                from_id: user,
                peer_id: user,
                out: 0,
                text,
                conversation_message_id: seq,
                attachments: [],
              },
              client_info: {},
            }
          : {
              id: seq,
              from_id: user,
              date: seconds,
              text,
              post_id: Math.floor(now / 3_600_000) % 10_000,
              post_owner_id: -PAGE.vkGroup,
            };
      const body = json({
        type: route === 'vk_message' ? 'message_new' : 'wall_reply_new',
        event_id: eventId,
        v: '5.199',
        object,
        group_id: PAGE.vkGroup,
        secret,
      });
      return { path: '/webhooks/vk', headers: {}, body, channel: 'vk', externalId: eventId };
    }
  }
}
