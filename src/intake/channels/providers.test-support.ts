import type { Channel } from '../../shared/taxonomy.js';
import { CHANNEL_ENV, hubSignature } from './test-support.js';

/**
 * Each messenger webhook described the same way, so the delivery guarantees can be tested on all of
 * them with one set of tests: a valid event (one signal), an unknown one, one with wrong types, and how
 * a request is authenticated (a header, a signature over the bytes, or a secret inside the body).
 */
export type Auth = 'good' | 'bad' | 'none';

export interface ProviderCase {
  readonly name: string;
  readonly path: string;
  readonly channel: Channel;
  /** The channel name refused payloads are quarantined under. */
  readonly source: string;
  readonly okBody: (body: string) => boolean;
  /** A valid event carrying one message, distinct for each n, with this text and phone. */
  event(n: number, text: string): Record<string, unknown>;
  externalId(n: number): string;
  unknownEvent(n: number): Record<string, unknown>;
  wrongTypesEvent(): Record<string, unknown>;
  /** The bytes and headers of a request for this event. */
  request(
    event: Record<string, unknown> | Buffer,
    auth: Auth,
  ): { body: Buffer; headers: Record<string, string> };
  /** Phone numbers (digits) that event() or phoneEvent() carry: they must never reach the logs. */
  readonly phones: readonly string[];
  /** An event that carries a phone number, where the valid event does not. */
  phoneEvent?(n: number): Record<string, unknown>;
}

const json = { 'content-type': 'application/json' };
const encode = (event: Record<string, unknown> | Buffer) =>
  Buffer.isBuffer(event) ? event : Buffer.from(JSON.stringify(event), 'utf8');

function hubRequest(secret: string) {
  return (event: Record<string, unknown> | Buffer, auth: Auth) => {
    const body = encode(event);
    const headers: Record<string, string> = { ...json };
    if (auth === 'good') headers['x-hub-signature-256'] = hubSignature(body, secret);
    if (auth === 'bad') headers['x-hub-signature-256'] = hubSignature(body, `${secret}-not`);
    return { body, headers };
  };
}

const ok = (body: string) => (JSON.parse(body) as { ok?: unknown }).ok === true;

export const PROVIDERS: readonly ProviderCase[] = [
  {
    name: 'telegram',
    path: '/webhooks/telegram',
    channel: 'telegram',
    source: 'telegram',
    okBody: ok,
    phones: ['77011234567'],
    event: (n, text) => ({
      update_id: 500_000 + n,
      message: {
        message_id: n,
        from: { id: 1111111, is_bot: false, first_name: 'Айгуль', last_name: 'Серикова' },
        chat: { id: 1111111, type: 'private', first_name: 'Айгуль' },
        date: 1_749_416_000 + n,
        text,
      },
    }),
    phoneEvent: (n) => ({
      update_id: 700_000 + n,
      message: {
        message_id: 700_000 + n,
        from: { id: 1111111, is_bot: false, first_name: 'Айгуль' },
        chat: { id: 1111111, type: 'private', first_name: 'Айгуль' },
        date: 1_749_416_000 + n,
        contact: { phone_number: '+77011234567', first_name: 'Айгуль', user_id: 1111111 },
      },
    }),
    externalId: (n) => `1111111:${n}`,
    unknownEvent: (n) => ({
      update_id: 600_000 + n,
      my_chat_member: {
        chat: { id: 1111111, type: 'private' },
        from: { id: 1111111, is_bot: false, first_name: 'A' },
        date: 1_749_416_000 + n,
        old_chat_member: { status: 'member', user: { id: 42, is_bot: true, first_name: 'bot' } },
        new_chat_member: {
          status: 'kicked',
          user: { id: 42, is_bot: true, first_name: 'bot' },
          until_date: 0,
        },
      },
    }),
    wrongTypesEvent: () => ({
      update_id: '10000',
      message: { message_id: 1, chat: { id: 1, type: 'private' }, date: 1 },
    }),
    request: (event, auth) => {
      const headers: Record<string, string> = { ...json };
      if (auth === 'good') headers['x-telegram-bot-api-secret-token'] = CHANNEL_ENV.TYNDAU_TELEGRAM_SECRET;
      if (auth === 'bad')
        headers['x-telegram-bot-api-secret-token'] = `${CHANNEL_ENV.TYNDAU_TELEGRAM_SECRET}x`;
      return { body: encode(event), headers };
    },
  },
  {
    name: 'whatsapp',
    path: '/webhooks/whatsapp',
    channel: 'whatsapp',
    source: 'whatsapp',
    okBody: ok,
    phones: ['77017654321'],
    event: (n, text) => ({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '77262000109', phone_number_id: '106540352242922' },
                contacts: [{ profile: { name: 'Айгерим' }, wa_id: '77017654321' }],
                messages: [
                  {
                    from: '77017654321',
                    id: `wamid.test-${n}`,
                    timestamp: String(1_749_416_000 + n),
                    type: 'text',
                    text: { body: text },
                  },
                ],
              },
            },
          ],
        },
      ],
    }),
    externalId: (n) => `wamid.test-${n}`,
    unknownEvent: (n) => ({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'message_template_status_update',
              value: {
                event: 'APPROVED',
                message_template_id: 9000 + n,
                message_template_name: 'case_update',
              },
            },
          ],
        },
      ],
    }),
    wrongTypesEvent: () => ({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [{ field: 'messages', value: { messages: [{ from: 77, id: 5, type: 'text' }] } }],
        },
      ],
    }),
    request: hubRequest(CHANNEL_ENV.TYNDAU_WHATSAPP_APP_SECRET),
  },
  {
    name: 'meta',
    path: '/webhooks/meta',
    channel: 'instagram',
    source: 'meta',
    okBody: ok,
    phones: [],
    event: (n, text) => ({
      object: 'instagram',
      entry: [
        {
          id: '17841400000000001',
          time: 1_749_416_000_000 + n,
          messaging: [
            {
              sender: { id: '6754000000000001' },
              recipient: { id: '17841400000000001' },
              timestamp: 1_749_416_000_000 + n,
              message: { mid: `aWdfZAG1-test-${n}`, text },
            },
          ],
        },
      ],
    }),
    externalId: (n) => `aWdfZAG1-test-${n}`,
    unknownEvent: (n) => ({
      object: 'instagram',
      entry: [
        {
          id: '17841400000000001',
          time: 1_749_416_000 + n,
          changes: [
            { field: 'story_insights', value: { media_id: `1790000${n}`, impressions: n, reach: n } },
          ],
        },
      ],
    }),
    wrongTypesEvent: () => ({ object: 'instagram', entry: [{ id: '1', messaging: [{ sender: 'me' }] }] }),
    request: hubRequest(CHANNEL_ENV.TYNDAU_META_APP_SECRET),
  },
  {
    name: 'vk',
    path: '/webhooks/vk',
    channel: 'vk',
    source: 'vk',
    okBody: (body) => body === 'ok',
    phones: [],
    event: (n, text) => ({
      type: 'message_new',
      event_id: `ev-test-${n}`,
      v: '5.199',
      group_id: 1,
      object: {
        message: { id: n, date: 1_700_000_000 + n, from_id: 501, peer_id: 501, text, attachments: [] },
        client_info: {},
      },
    }),
    externalId: (n) => `ev-test-${n}`,
    unknownEvent: (n) => ({
      type: 'group_join',
      event_id: `ev-join-${n}`,
      v: '5.199',
      group_id: 1,
      object: { user_id: 501, join_type: 'join' },
    }),
    wrongTypesEvent: () => ({
      type: 'message_new',
      event_id: 'ev-wrong',
      group_id: 1,
      object: { message: { id: 'x', text: 5 } },
    }),
    request: (event, auth) => {
      if (Buffer.isBuffer(event)) return { body: event, headers: { ...json } };
      const secret =
        auth === 'good'
          ? { secret: CHANNEL_ENV.TYNDAU_VK_SECRET }
          : auth === 'bad'
            ? { secret: `${CHANNEL_ENV.TYNDAU_VK_SECRET}x` }
            : {};
      return { body: encode({ ...event, ...secret }), headers: { ...json } };
    },
  },
];
