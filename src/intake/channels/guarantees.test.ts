import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { type Auth, PROVIDERS, type ProviderCase } from './providers.test-support.js';
import {
  CHANNEL_ENV,
  countRows,
  failSignalInserts,
  quarantineRows,
  signalByExternalId,
} from './test-support.js';

/** DESIGN.md guarantee 1 on every messenger webhook, on every dialect. */
describe.each(DIALECTS)('messenger webhook guarantees on %s', (dialect) => {
  let app: TestApp;
  let base: string;
  beforeAll(async () => {
    app = await startTestApp(dialect, CHANNEL_ENV);
    base = await app.server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => app.stop());

  describe.each(PROVIDERS)('$name', (p: ProviderCase) => {
    let n = 0;
    const send = (event: Record<string, unknown> | Buffer, auth: Auth = 'good') => {
      const { body, headers } = p.request(event, auth);
      return app.server.inject({ method: 'POST', url: p.path, payload: body, headers });
    };
    const stored = async (id: string) => signalByExternalId(app, p.channel, id);
    const lastQuarantine = async () => (await quarantineRows(app)).at(-1);

    it('answers 2xx only after the signal is committed, and no 2xx when the commit fails', async () => {
      const good = ++n;
      const res = await send(p.event(good, 'Нет воды с утра'));
      expect(res.statusCode).toBe(200);
      expect(p.okBody(res.body)).toBe(true);
      expect(await stored(p.externalId(good))).toHaveLength(1);

      const failing = ++n;
      const restore = await failSignalInserts(app);
      try {
        const refused = await send(p.event(failing, 'Нет света'));
        expect(refused.statusCode).toBe(500);
        expect(refused.json().error.code).toBe('internal_error');
      } finally {
        await restore();
      }
      expect(await stored(p.externalId(failing))).toHaveLength(0);
      // The provider retries the delivery that got no 2xx: now it is stored, once.
      const retried = await send(p.event(failing, 'Нет света'));
      expect(retried.statusCode).toBe(200);
      expect(await stored(p.externalId(failing))).toHaveLength(1);
    });

    it('acknowledges a repeated delivery and stores nothing new', async () => {
      const id = ++n;
      const event = p.event(id, 'Яма на дороге');
      expect((await send(event)).statusCode).toBe(200);
      const before = await countRows(app, 'signals');
      for (let i = 0; i < 3; i++) {
        const again = await send(event);
        expect(again.statusCode).toBe(200);
        expect(p.okBody(again.body)).toBe(true);
      }
      expect(await countRows(app, 'signals')).toBe(before);
      expect(await stored(p.externalId(id))).toHaveLength(1);
    });

    it('quarantines malformed JSON byte for byte with 400 malformed_json', async () => {
      const bytes = Buffer.concat([
        Buffer.from('{"update_id": 7, "text": "обрыв', 'utf8'),
        Buffer.from([0xff, 0xfe, 0x00, 0x80]),
        Buffer.from(' трубы', 'utf8'),
      ]);
      const before = await countRows(app, 'signals');
      const res = await send(bytes);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('malformed_json');
      const q = await lastQuarantine();
      expect(q).toMatchObject({
        channel: p.source,
        reason_code: 'malformed_json',
        content_type: 'application/json',
      });
      expect(Buffer.from(q?.raw ?? []).equals(bytes)).toBe(true);
      expect(await countRows(app, 'signals')).toBe(before);
    });

    it('quarantines well-formed JSON of the wrong shape with 400 invalid_payload', async () => {
      const { body } = p.request(p.wrongTypesEvent(), 'good');
      const res = await send(p.wrongTypesEvent());
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_payload');
      const q = await lastQuarantine();
      expect(q).toMatchObject({ channel: p.source, reason_code: 'invalid_payload' });
      expect(Buffer.from(q?.raw ?? []).equals(body)).toBe(true);
    });

    it('quarantines an oversized body with 413 payload_too_large', async () => {
      const id = ++n;
      const event = p.event(id, 'много текста '.repeat(400));
      const { body } = p.request(event, 'good');
      expect(body.length).toBeGreaterThan(Number(CHANNEL_ENV.TYNDAU_BODY_LIMIT));
      const res = await send(event);
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('payload_too_large');
      const q = await lastQuarantine();
      expect(q).toMatchObject({ channel: p.source, reason_code: 'payload_too_large' });
      expect(Buffer.from(q?.raw ?? []).equals(body)).toBe(true);
      expect(await stored(p.externalId(id))).toHaveLength(0);
    });

    it('keeps serving over a real socket after refusing bad and huge bodies', async () => {
      const post = (event: Record<string, unknown> | Buffer) => {
        const { body, headers } = p.request(event, 'good');
        return fetch(`${base}${p.path}`, { method: 'POST', body: new Uint8Array(body), headers });
      };
      const malformed = await post(Buffer.from('{"oops": '));
      expect(malformed.status).toBe(400);
      // Beyond four times the limit the server refuses the body while reading it (not quarantined).
      const huge = await post(p.event(++n, 'x'.repeat(20 * Number(CHANNEL_ENV.TYNDAU_BODY_LIMIT))));
      expect(huge.status).toBe(413);
      expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
      const id = ++n;
      const good = await post(p.event(id, 'Снова нет газа'));
      expect(good.status).toBe(200);
      expect(p.okBody(await good.text())).toBe(true);
      expect(await stored(p.externalId(id))).toHaveLength(1);
    });

    it('acknowledges an unknown event type and records it as ignored', async () => {
      const id = ++n;
      const before = await countRows(app, 'signals');
      const res = await send(p.unknownEvent(id));
      expect(res.statusCode).toBe(200);
      expect(await countRows(app, 'signals')).toBe(before + 1);
      const newest = await app.ctx.db
        .selectFrom('signals')
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(newest).toMatchObject({ channel: p.channel, status: 'ignored', thread_id: null, text: '' });
      // A redelivery of the same event is acknowledged and stores nothing new.
      expect((await send(p.unknownEvent(id))).statusCode).toBe(200);
      expect(await countRows(app, 'signals')).toBe(before + 1);
    });

    it('checks the secret or signature before anything is stored or quarantined', async () => {
      const signals = await countRows(app, 'signals');
      const quarantined = await countRows(app, 'quarantine');
      for (const auth of ['bad', 'none'] as const) {
        const valid = await send(p.event(++n, 'Не убирают мусор'), auth);
        expect(valid.statusCode).toBe(401);
        const wrongTypes = await send(p.wrongTypesEvent(), auth);
        expect(wrongTypes.statusCode).toBe(401);
        const code = p.name === 'whatsapp' || p.name === 'meta' ? 'invalid_signature' : 'invalid_secret';
        expect(valid.json().error.code).toBe(code);
        if (p.name !== 'vk') {
          // The secret is a header or a signature: even a malformed or oversized body is refused first.
          expect((await send(Buffer.from('{"oops": '), auth)).statusCode).toBe(401);
          expect((await send(p.event(++n, 'длинный '.repeat(900)), auth)).statusCode).toBe(401);
        }
      }
      expect(await countRows(app, 'signals')).toBe(signals);
      expect(await countRows(app, 'quarantine')).toBe(quarantined);
    });

    it('never writes message texts or phone numbers to the logs', async () => {
      const marker = `Текст жалобы ${p.name} QZX-${++n}`;
      expect((await send(p.event(n, marker))).statusCode).toBe(200);
      if (p.phoneEvent) expect((await send(p.phoneEvent(++n))).statusCode).toBe(200);
      expect((await send(Buffer.from(`{"text": "${marker}"`))).statusCode).toBe(400);
      expect((await send(p.event(++n, marker), 'bad')).statusCode).toBe(401);
      const logs = app.logs.text();
      expect(logs).toContain(p.path);
      expect(logs).not.toContain(marker);
      expect(logs).not.toContain('QZX-');
      for (const phone of p.phones) {
        expect(logs).not.toContain(phone);
        expect(logs).not.toContain(phone.slice(1));
      }
    });
  });
});
