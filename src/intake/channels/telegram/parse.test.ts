import type { Update } from '@grammyjs/types';
import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../test-support.js';
import { parseTelegramUpdate } from './parse.js';

const from = { id: 42, is_bot: false, first_name: 'Ерлан' };
const chat = { id: -100200300, type: 'supergroup' as const, title: 'Тараз 109' };

function one(update: unknown) {
  const r = parseTelegramUpdate(update);
  if (!r.ok) throw new Error(r.reason);
  expect(r.signals).toHaveLength(1);
  return r.signals[0]!;
}

describe('Telegram Update parser', () => {
  it('maps the official text update', () => {
    const s = one(fixtureJson('tg_text_official.json'));
    expect(s).toMatchObject({
      channel: 'telegram',
      externalId: '1111111:1365',
      conversation: 'tg:1111111',
      sentAt: 1441645532000,
      text: '/start',
      status: 'received',
      author: {
        externalUserId: '1111111',
        displayName: 'Test Firstname Test Lastname',
        username: 'Testusername',
      },
    });
    expect(s.raw).toEqual(fixtureJson('tg_text_official.json'));
  });

  it('takes the largest PhotoSize whatever the order, with the caption as text', () => {
    const update = fixtureJson('tg_photo_constructed.json') as { message: { photo: unknown[] } };
    update.message.photo.reverse();
    const s = one(update);
    expect(s.attachments).toEqual([
      { kind: 'image', mediaId: 'AgAC-large', mimeType: 'image/jpeg', caption: 'Яма на дороге, ул. Толе би' },
    ]);
    expect(s.text).toBe('Яма на дороге, ул. Толе би');
  });

  it('reads a location as a geo point and a venue with its address', () => {
    expect(one(fixtureJson('tg_location_constructed.json')).geo).toEqual({ lat: 42.9, lon: 71.3667 });
    const venue: Update = {
      update_id: 1,
      message: {
        message_id: 9,
        from,
        chat,
        date: 1,
        venue: {
          location: { latitude: 42.89, longitude: 71.37 },
          title: 'Рынок Шахристан',
          address: 'ул. Сулейменова 1',
        },
        location: { latitude: 42.89, longitude: 71.37 },
      },
    } as Update;
    expect(one(venue)).toMatchObject({
      geo: { lat: 42.89, lon: 71.37 },
      text: 'Рынок Шахристан',
      address: 'ул. Сулейменова 1',
      conversation: 'tg:-100200300',
      externalId: '-100200300:9',
    });
  });

  it("takes the phone from the person's own contact only", () => {
    const own = one(fixtureJson('tg_contact_constructed.json'));
    expect(own.author?.phone).toBe('+77011234567');
    expect(own.text).toBe('');
    expect(own.attachments).toEqual([{ kind: 'contact' }]);
    expect(JSON.stringify(own.attachments)).not.toContain('7701');
    const someoneElse = one({
      update_id: 2,
      message: {
        message_id: 10,
        from,
        chat,
        date: 1,
        contact: { phone_number: '87771112233', first_name: 'Сосед', user_id: 7 },
      },
    });
    expect(someoneElse.author?.phone).toBeNull();
  });

  it('normalises a phone sent without the plus to E.164', () => {
    const s = one({
      update_id: 3,
      message: {
        message_id: 11,
        from,
        chat,
        date: 1,
        contact: { phone_number: '77011234567', first_name: 'Ерлан', user_id: 42 },
      },
    });
    expect(s.author?.phone).toBe('+77011234567');
  });

  it('stores an edit as its own signal pointing at the original', () => {
    const s = one(fixtureJson('tg_edited_constructed.json'));
    expect(s).toMatchObject({
      externalId: '1111111:1365:edit:1441645590',
      replyTo: '1111111:1365',
      sentAt: 1441645590000,
      text: 'Нет света на ул. Абая 12 с утра',
      status: 'received',
    });
  });

  it('links a reply to the message it answers', () => {
    const s = one({
      update_id: 4,
      message: {
        message_id: 12,
        from,
        chat,
        date: 1,
        text: 'да',
        reply_to_message: { message_id: 5, chat, date: 0 },
      },
    });
    expect(s.replyTo).toBe('-100200300:5');
  });

  it('records other update kinds and service messages as ignored', () => {
    const cb = one(fixtureJson('tg_callback_query_constructed.json'));
    expect(cb.status).toBe('ignored');
    expect(cb.externalId).toMatch(/^callback_query:10005:[0-9a-f]{24}$/);
    const joined = one({
      update_id: 5,
      message: { message_id: 13, from, chat, date: 1, new_chat_members: [from] },
    });
    expect(joined.status).toBe('ignored');
  });

  it('refuses what is not a Telegram Update', () => {
    for (const bad of [
      [],
      'hello',
      { message: { message_id: 1 } },
      { update_id: '10000' },
      { update_id: 1, message: { message_id: 1, date: 1 } },
      { update_id: 1, message: { message_id: 1, chat: { id: 'x', type: 'private' }, date: 1 } },
      { update_id: 1, message: { message_id: 1, chat, date: 1, location: { latitude: 123, longitude: 0 } } },
    ]) {
      const r = parseTelegramUpdate(bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
    }
  });
});
