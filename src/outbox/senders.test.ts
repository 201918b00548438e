import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { DIALECTS } from '../../test/helpers/db.js';
import { answerCase } from '../cases/answers.js';
import { createCaseFromSignal } from '../cases/service.js';
import { triageSignal } from '../cases/sweeps.js';
import { CHANNEL_ENV, hubSignature } from '../intake/channels/test-support.js';
import { ingest } from '../intake/service.js';
import type { InboundSignal } from '../intake/types.js';
import { vkRandomId } from './senders/vk.js';
import { providerEnv, providersStandIn, TEST_TOKENS } from './stand-in.test-support.js';
import { deliverDue } from './worker.js';

/** Each channel's sender, asserted on the exact requests a stand-in provider received. */
const local = (iso: string) => Date.parse(`${iso}+05:00`);
const WATER = { kind: 'incident', topic: 'water', district: 'taraz', urgency: 'normal' } as const;

describe.each(DIALECTS)('outbox senders on %s', (dialect) => {
  let clock = local('2026-12-22T10:00:00');
  const api = providersStandIn({ instagram: ['17890001'], facebook: ['111_222_333'] });
  let app: TestApp;
  let seq = 0;
  beforeAll(async () => {
    await api.start();
    app = await startTestApp(dialect, { ...providerEnv(api.url), ...CHANNEL_ENV }, { now: () => clock });
  });
  afterAll(async () => {
    await app?.stop();
    await api.stop();
    expect(api.unknown).toEqual([]);
  });

  async function appeal(over: Partial<InboundSignal>, byHand = false) {
    seq++;
    const r = await ingest(app.ctx, {
      channel: 'telegram',
      externalId: `senders-${seq}`,
      text: 'Нет воды с утра',
      raw: {},
      given: WATER,
      ...over,
    });
    if (byHand) await createCaseFromSignal(app.ctx, r.signalId);
    else await triageSignal(app.ctx, r.signalId);
    const s = await app.ctx.db
      .selectFrom('signals')
      .select('case_id')
      .where('id', '=', r.signalId)
      .executeTakeFirstOrThrow();
    return s.case_id as number;
  }
  const outbox = (caseId: number) =>
    app.ctx.db.selectFrom('outbox').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  const numberOf = async (caseId: number) =>
    (await app.ctx.db.selectFrom('cases').select('number').where('id', '=', caseId).executeTakeFirstOrThrow())
      .number;
  const newRequests = async (run: () => Promise<unknown>) => {
    const before = api.requests.length;
    await run();
    return api.requests.slice(before);
  };

  it('WhatsApp: text inside the 24-hour window, the approved template outside it; status callbacks match', async () => {
    const id = await appeal({
      channel: 'whatsapp',
      conversation: 'wa:77015550101',
      author: { externalUserId: '77015550101' },
    });
    const [ack] = await outbox(id);
    const sent = await newRequests(() => deliverDue(app.ctx));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe(`/graph/${TEST_TOKENS.phoneNumberId}/messages`);
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${TEST_TOKENS.whatsapp}`);
    expect(sent[0]?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '77015550101',
      type: 'text',
      text: { body: ack?.text },
    });
    const [row] = await outbox(id);
    expect(row?.provider_message_id).toMatch(/^wamid\.TEST\d+$/);
    // The provider's status callback finds the row by that id.
    const callback = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '122951744235903',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '77262000109', phone_number_id: TEST_TOKENS.phoneNumberId },
                statuses: [
                  {
                    id: row?.provider_message_id,
                    status: 'delivered',
                    timestamp: String(Math.floor(clock / 1000) + 5),
                    recipient_id: '77015550101',
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const res = await app.server.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': hubSignature(callback, CHANNEL_ENV.TYNDAU_WHATSAPP_APP_SECRET),
      },
      payload: callback,
    });
    expect(res.json()).toMatchObject({ statuses: 1 });
    expect((await outbox(id))[0]).toMatchObject({
      status: 'delivered',
      delivered_at: Math.floor(clock / 1000) * 1000 + 5000,
    });

    clock += 25 * 3600_000; // the window has closed
    await answerCase(app.ctx, id, { text: 'Вода подана.\nПриносим извинения.' }, 'test', true);
    const later = await newRequests(() => deliverDue(app.ctx));
    const number = await numberOf(id);
    expect(later.map((r) => r.body)).toEqual(
      (await outbox(id)).slice(1).map((m) => ({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '77015550101',
        type: 'template',
        template: {
          name: 'case_update',
          language: { code: 'ru' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: number },
                { type: 'text', text: m.text.replace(/\s+/g, ' ') },
              ],
            },
          ],
        },
      })),
    );
    expect(later).toHaveLength(2);
  });

  it('Instagram and Facebook: direct messages to /me/messages, comments answered under the comment', async () => {
    const dm = await appeal({
      channel: 'instagram',
      conversation: 'ig:5566',
      author: { externalUserId: '5566' },
    });
    const comment = await appeal(
      { channel: 'instagram', externalId: '17890001', conversation: 'igmedia:9001', status: 'mention' },
      true,
    );
    const fb = await appeal(
      { channel: 'facebook', externalId: '111_222_333', conversation: 'fbpost:111_222', status: 'mention' },
      true,
    );
    const sent = await newRequests(() => deliverDue(app.ctx));
    const text = async (id: number) => (await outbox(id))[0]?.text;
    const byPath = new Map(sent.map((r) => [r.path, r]));
    expect(byPath.get('/graph/me/messages')?.body).toEqual({
      recipient: { id: '5566' },
      messaging_type: 'RESPONSE',
      message: { text: await text(dm) },
    });
    expect(byPath.get('/graph/17890001/replies')?.body).toEqual({ message: await text(comment) });
    expect(byPath.get('/graph/111_222_333/comments')?.body).toEqual({ message: await text(fb) });
    for (const r of sent) expect(r.headers.authorization).toBe(`Bearer ${TEST_TOKENS.page}`);
    expect((await outbox(comment))[0]).toMatchObject({
      status: 'sent',
      provider_message_id: expect.any(String),
    });
    expect(sent).toHaveLength(3);
  });

  it('VK: messages.send with a random_id that stays the same on a retry; wall replies by wall.createComment', async () => {
    const id = await appeal({
      channel: 'vk',
      conversation: 'vk:2000001',
      author: { externalUserId: '2000001' },
    });
    const wall = await appeal(
      {
        channel: 'vk',
        externalId: 'ev-wall-1',
        conversation: 'vkwall:-555_12',
        status: 'mention',
        raw: {
          type: 'wall_reply_new',
          group_id: 555,
          event_id: 'ev-wall-1',
          object: { id: 77, post_id: 12, post_owner_id: -555, from_id: 31, date: 1, text: 'x' },
        },
      },
      true,
    );
    let failOnce = true;
    api.on('POST', '/vk/messages.send', (_r, n) => {
      if (failOnce) {
        failOnce = false;
        return { status: 200, json: { error: { error_code: 10, error_msg: 'Internal server error' } } };
      }
      return { status: 200, json: { response: 9000 + n } };
    });
    const first = await newRequests(() => deliverDue(app.ctx));
    expect((await outbox(id))[0]).toMatchObject({
      status: 'failed-retryable',
      last_error: 'vk_10: Internal server error',
    });
    clock += 10_000;
    const second = await newRequests(() => deliverDue(app.ctx));
    const sends = [...first, ...second].filter((r) => r.path === '/vk/messages.send');
    const [ack] = await outbox(id);
    const expected = {
      peer_id: '2000001',
      message: ack?.text,
      random_id: String(vkRandomId({ id: ack?.id ?? 0, dedupeKey: ack?.dedupe_key ?? null })),
      access_token: TEST_TOKENS.vk,
      v: '5.199',
    };
    expect(sends.map((r) => r.body)).toEqual([expected, expected]);
    expect(ack).toMatchObject({ status: 'sent', provider_message_id: expect.stringMatching(/^9\d+$/) });
    const [wallAck] = await outbox(wall);
    const comment = [...first, ...second].find((r) => r.path === '/vk/wall.createComment');
    expect(comment?.body).toEqual({
      owner_id: '-555',
      post_id: '12',
      message: wallAck?.text,
      reply_to_comment: '77',
      from_group: '555',
      guid: String(vkRandomId({ id: wallAck?.id ?? 0, dedupeKey: wallAck?.dedupe_key ?? null })),
      access_token: TEST_TOKENS.vk,
      v: '5.199',
    });
    expect(api.unknown).toEqual([]);
  });
});
