import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';

const form = (over: Record<string, unknown> = {}) => ({
  text: 'Во дворе дома по ул. Толе би 45 третий день не вывозят мусор',
  name: 'Айгуль Сейтказиева',
  phone: '8 701 123 45 67',
  email: 'Aigul@Example.kz',
  address: 'Тараз, ул. Толе би 45',
  district: 'taraz',
  lat: 42.9,
  lon: 71.37,
  consent: true,
  lang: 'ru',
  ...over,
});

let ipCounter = 0;
const nextIp = () => `10.1.0.${++ipCounter}`;

describe.each(DIALECTS)('web form on %s', (dialect) => {
  let app: TestApp;
  const post = (body: unknown, headers: Record<string, string> = {}, ip = nextIp()) =>
    app.server.inject({
      method: 'POST',
      url: '/api/public/appeals',
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
      remoteAddress: ip,
    });
  const countSignals = async () =>
    Number(
      (
        await app.ctx.db
          .selectFrom('signals')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    app = await startTestApp(dialect, { TYNDAU_PUBLIC_RATE_LIMIT: '3' });
  });
  afterAll(async () => app.stop());

  it('stores an appeal, keeps contacts apart and never echoes personal data', async () => {
    const res = await post(form());
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['id', 'receivedAt']);
    expect(res.body).not.toMatch(/Айгуль|701|example|Толе/i);
    const signal = await app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(signal).toMatchObject({
      channel: 'web',
      district: 'taraz',
      lat: 42.9,
      lon: 71.37,
      status: 'received',
    });
    expect(signal.external_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(signal.raw).not.toMatch(/Айгуль|701|example/i);
    expect(new Date(body.receivedAt).getTime()).toBe(signal.received_at);
    const contact = await app.ctx.db
      .selectFrom('author_contacts')
      .selectAll()
      .where('author_id', '=', signal.author_id)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({
      external_user_id: '+77011234567',
      phone: '+77011234567',
      email: 'aigul@example.kz',
      display_name: 'Айгуль Сейтказиева',
    });
    expect(app.logs.text()).not.toMatch(/Айгуль|7011234567|мусор/);
  });

  it('answers a filled honeypot like a success, stores nothing and counts it', async () => {
    const before = await countSignals();
    const res = await post(form({ website: 'http://spam.example' }));
    expect(res.statusCode).toBe(202);
    expect(await countSignals()).toBe(before);
    // Even a bot's otherwise invalid body learns nothing.
    expect((await post({ website: 'x', text: 1 })).statusCode).toBe(202);
    const metrics = (await app.server.inject('/metrics')).body;
    expect(metrics).toMatch(/tyndau_web_form_honeypot_total 2/);
    const quarantined = await app.ctx.db
      .selectFrom('quarantine')
      .select('id')
      .where('channel', '=', 'web')
      .execute();
    expect(quarantined).toHaveLength(0);
  });

  it('stores a double submit with one Idempotency-Key once', async () => {
    const key = '6f1c2a52-0d7e-4b7a-9d0e-1f2a3b4c5d6e';
    const a = await post(form(), { 'idempotency-key': key });
    const b = await post(form(), { 'idempotency-key': key });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json()).toEqual(a.json());
    const rows = await app.ctx.db
      .selectFrom('signals')
      .select('id')
      .where('external_id', '=', `web:${key}`)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a bad phone, a missing consent and a too short text', async () => {
    const before = await countSignals();
    const phone = await post(form({ phone: '12345' }));
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.code).toBe('invalid_phone');
    const consent = await post(form({ consent: false }));
    expect(consent.json().error.code).toBe('consent_required');
    const short = await post(form({ text: '   ок   ' }));
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('validation_failed');
    expect(await countSignals()).toBe(before);
  });

  it('quarantines malformed and mistyped bodies with their raw bytes', async () => {
    const bad = '{"text": "нет света", "consent": tru';
    const res = await post(bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('malformed_json');
    const typed = await post(form({ lat: 'north' }));
    expect(typed.statusCode).toBe(400);
    expect(typed.json().error.code).toBe('validation_failed');
    const huge = JSON.stringify(form({ address: 'x'.repeat(app.config.bodyLimit) }));
    const big = await post(huge);
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('payload_too_large');
    const rows = await app.ctx.db
      .selectFrom('quarantine')
      .selectAll()
      .where('channel', '=', 'web')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.reason_code)).toEqual([
      'malformed_json',
      'invalid_payload',
      'payload_too_large',
    ]);
    expect(rows[2]?.raw.length).toBe(Buffer.byteLength(huge));
    expect(Buffer.from(rows[0]!.raw).toString('utf8')).toBe(bad);
    expect(Buffer.from(rows[1]!.raw).toString('utf8')).toContain('"north"');
  });

  it('limits submissions per IP with 429 rate_limited and Retry-After', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < 3; i++) expect((await post(form(), {}, ip)).statusCode).toBe(201);
    const limited = await post(form(), {}, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post(form(), {}, '10.9.9.10')).statusCode).toBe(201);
  });
});
