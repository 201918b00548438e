import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { insertServices } from './repository.js';
import { updateOpen311Status } from './service.js';
import {
  expectValid,
  FORM,
  form,
  newApiKey,
  parseXml,
  redactingLabeler,
  schemaValidators,
  specExampleForm,
  startOpen311App,
} from './test-support.js';

const schemas = schemaValidators();
const T0 = Date.parse('2026-12-01T06:00:00Z');
const DAY = 86_400_000;

describe.each(DIALECTS)('Open311 requests on %s', (dialect) => {
  let app: TestApp;
  let key: string;
  let clock = T0;
  const post = (body: string, format = 'json', headers: Record<string, string> = {}) =>
    app.server.inject({
      method: 'POST',
      url: `/open311/v2/requests.${format}`,
      headers: { ...FORM, ...headers },
      payload: body,
    });
  const get = (url: string) => app.server.inject(url);
  const water = (over: Record<string, string | readonly string[]> = {}) =>
    form({
      api_key: key,
      service_code: 'water_outage',
      lat: '42.9012345',
      long: '71.3789012',
      description: 'Нет воды второй день',
      'attribute[since]': 'yesterday',
      ...over,
    });

  beforeAll(async () => {
    app = await startOpen311App(dialect, { now: () => clock, labeler: redactingLabeler() });
    key = await newApiKey(app);
  });
  afterAll(async () => app.stop());

  it('accepts the spec example POST (form-encoded, brackets unencoded) in XML and JSON', async () => {
    const xml = await post(specExampleForm(key), 'xml');
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    const doc = parseXml(xml.body) as { service_requests: { request: Array<Record<string, string>> } };
    const created = doc.service_requests.request[0]!;
    expect(created.service_request_id).toMatch(/^\d+$/);
    expect(created.account_id).toBe('123456');
    expect(created.service_notice).toContain('автомобильных дорог');

    const json = await post(specExampleForm(key));
    const body = expectValid(schemas['request-created']!, json.json());
    expect(body[0].service_request_id).not.toBe(created.service_request_id);

    const stored = await app.ctx.db
      .selectFrom('open311_requests')
      .selectAll()
      .where('id', '=', Number(created.service_request_id))
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ service_code: 'pothole', status: 'open', address: '1234 5th street' });
    expect(JSON.parse(stored.attributes ?? '{}')).toEqual({ size: 'large' });
    const signal = await app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('id', '=', stored.signal_id)
      .executeTakeFirstOrThrow();
    expect(signal).toMatchObject({
      channel: 'open311',
      text: 'A large sinkhole is destroying the street',
      topic: 'roads',
      kind: 'incident',
      address: '1234 5th street',
    });
    // PostgreSQL's real is a 4-byte float: about a metre, not the 8 decimals sent.
    expect(signal.lat).toBeCloseTo(37.76524078, 4);
    expect(signal.lon).toBeCloseTo(-122.4212043, 4);
    expect(signal.external_id).toMatch(/^open311:\d+:[0-9a-f-]{36}$/);
    expect(JSON.parse(signal.attachments)).toEqual([
      { kind: 'image', url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg' },
    ]);
  });

  it('parses attribute[CODE][]= and repeated attribute[CODE]= as one multivaluelist', async () => {
    const body = `${form({ api_key: key, service_code: 'snow_not_cleared', address_string: 'мкр Жайлау' })}&attribute[where][]=road&attribute%5Bwhere%5D%5B%5D=yard&attribute[where]=bus_stop`;
    const res = await post(body);
    expect(res.statusCode).toBe(200);
    const row = await app.ctx.db
      .selectFrom('open311_requests')
      .select('attributes')
      .where('id', '=', Number(res.json()[0].service_request_id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.attributes ?? '{}')).toEqual({ where: ['road', 'yard', 'bus_stop'] });
  });

  it('refuses a missing or invalid api_key with 403 in the spec shape, storing nothing', async () => {
    const before = await app.ctx.db.selectFrom('signals').select('id').execute();
    const missing = await post(form({ service_code: 'water_outage', lat: '1', long: '1' }));
    expect(missing.statusCode).toBe(403);
    expect(expectValid(schemas.errors!, missing.json())[0]).toMatchObject({ code: 403 });
    expect(missing.headers['x-error-code']).toBe('api_key_missing');
    const invalid = await post(water({ api_key: 'o311_not-a-key' }), 'xml');
    expect(invalid.statusCode).toBe(403);
    expect(parseXml(invalid.body)).toMatchObject({
      errors: {
        error: [
          { code: '403', description: "Invalid api_key received -- can't proceed with create_request." },
        ],
      },
    });
    expect(await app.ctx.db.selectFrom('signals').select('id').execute()).toHaveLength(before.length);
  });

  it('refuses bad service codes, locations, attributes and datatypes with 400/404 in the spec shape', async () => {
    const cases: Array<[string, number, RegExp]> = [
      [form({ api_key: key, lat: '1', long: '1' }), 400, /service_code is required/],
      [water({ service_code: 'no_such_service' }), 404, /no_such_service was not found/],
      [water({ lat: '', long: '' }), 400, /a location is required/],
      [water({ long: '' }), 400, /lat and long must be sent together/],
      [water({ lat: '95' }), 400, /lat must be a number between -90 and 90/],
      [water({ 'attribute[since]': '' }), 400, /attribute\[since\] is required/],
      [water({ 'attribute[since]': 'last_year' }), 400, /last_year is not one of today, yesterday, longer/],
      [
        water({ 'attribute[households_affected]': 'many' }),
        400,
        /attribute\[households_affected\] must be a number/,
      ],
      [
        water({ 'attribute[noticed_at]': 'вчера' }),
        400,
        /attribute\[noticed_at\] must be an ISO 8601 date-time/,
      ],
      [water({ description: 'x'.repeat(4001) }), 400, /description must be at most 4000 characters/],
      [water({ media_url: 'javascript:alert(1)' }), 400, /media_url must be an http or https URL/],
      [water({ email: 'not-an-email' }), 400, /email is not a valid e-mail address/],
      [
        form({
          api_key: key,
          service_code: 'snow_not_cleared',
          lat: '1',
          long: '1',
          'attribute[where][]': ['road', 'roof'],
        }),
        400,
        /roof is not one of/,
      ],
    ];
    const quarantined = async () => (await app.ctx.db.selectFrom('quarantine').select('id').execute()).length;
    const q0 = await quarantined();
    for (const [body, status, message] of cases) {
      const res = await post(body);
      expect(res.statusCode, body).toBe(status);
      const errors = expectValid(schemas.errors!, res.json());
      expect(errors.map((e: { description: string }) => e.description).join('\n'), body).toMatch(message);
      const xml = await post(body, 'xml');
      expect(xml.statusCode).toBe(status);
      expect(parseXml(xml.body)).toHaveProperty('errors.error');
    }
    // Several problems come back together, one error each.
    const many = await post(water({ lat: '', long: '', 'attribute[since]': '', email: 'x' }));
    expect(many.json()).toHaveLength(3);
    // Refused requests are kept for inspection, with the API key masked.
    const rows = await app.ctx.db
      .selectFrom('quarantine')
      .selectAll()
      .where('channel', '=', 'open311')
      .execute();
    expect(rows.length - q0).toBe(cases.length * 2 + 1);
    for (const r of rows) expect(Buffer.from(r.raw).toString('utf8')).not.toContain(key);
    // A body that is not a form is a 400 too, in the format asked for.
    const json = await app.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ api_key: key }),
    });
    expect(json.statusCode).toBe(400);
    expect(expectValid(schemas.errors!, json.json())[0].description).toMatch(/x-www-form-urlencoded/);
  });

  it('answers batch services with a token that resolves to the request id', async () => {
    const res = await post(
      form({
        api_key: key,
        service_code: 'bus_route_complaint',
        address_string: 'остановка Рынок',
        'attribute[route_number]': '37А',
      }),
    );
    const [created] = expectValid(schemas['request-created']!, res.json());
    expect(created).not.toHaveProperty('service_request_id');
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const t = await get(`/open311/v2/tokens/${created.token}.json`);
    const [resolved] = expectValid(schemas.tokens!, t.json());
    expect(resolved).toEqual({ token: created.token, service_request_id: expect.stringMatching(/^\d+$/) });
    const one = expectValid(
      schemas.requests!,
      (await get(`/open311/v2/requests/${resolved.service_request_id}.json`)).json(),
    );
    expect(one[0].service_code).toBe('bus_route_complaint');
    const xml = parseXml((await get(`/open311/v2/tokens/${created.token}.xml`)).body);
    expect(xml).toMatchObject({
      service_requests: {
        request: [{ token: created.token, service_request_id: resolved.service_request_id }],
      },
    });
    const unknown = await get('/open311/v2/tokens/nope.json');
    expect(unknown.statusCode).toBe(404);
    expectValid(schemas.errors!, unknown.json());
  });

  it('with an Idempotency-Key, a retried POST returns the same request and stores one signal', async () => {
    const body = water({ description: 'Повтор после обрыва связи' });
    const a = (await post(body, 'json', { 'idempotency-key': 'app-42-req-7' })).json();
    const b = (await post(body, 'json', { 'idempotency-key': 'app-42-req-7' })).json();
    expect(b[0].service_request_id).toBe(a[0].service_request_id);
    const signals = await app.ctx.db
      .selectFrom('signals')
      .select('id')
      .where('text', '=', 'Повтор после обрыва связи')
      .execute();
    expect(signals).toHaveLength(1);
    const bad = await post(body, 'json', { 'idempotency-key': 'ключ с пробелами' });
    expect(bad.statusCode).toBe(400);
    expectValid(schemas.errors!, bad.json());
  });

  it('answers a blackbox service with neither id nor token', async () => {
    await insertServices(app.ctx.db, [
      {
        code: 'anonymous_tip',
        name: 'Анонимное сообщение',
        description: 'Сообщение без ответа',
        type: 'blackbox',
        keywords: '',
        group: 'Другое',
        topic: null,
        kind: null,
        attributes: [],
      },
    ]);
    const res = await post(form({ api_key: key, service_code: 'anonymous_tip', address_string: 'г. Тараз' }));
    expect(res.statusCode).toBe(200);
    expect(expectValid(schemas['request-created']!, res.json())).toEqual([
      { service_notice: null, account_id: null },
    ]);
    expect(
      parseXml(
        (await post(form({ api_key: key, service_code: 'anonymous_tip', address_id: 'A-1' }), 'xml')).body,
      ),
    ).toMatchObject({
      service_requests: { request: [{ service_notice: '', account_id: '' }] },
    });
  });

  it('gets one request, and 404s in the spec shape for an unknown one', async () => {
    const created = (await post(water())).json();
    const id = created[0].service_request_id as string;
    const res = await get(`/open311/v2/requests/${id}.json`);
    const [one] = expectValid(schemas.requests!, res.json());
    expect(one).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'water_outage',
      service_name: 'Нет воды',
      description: 'Нет воды второй день',
      requested_datetime: '2026-12-01T06:00:00Z',
      lat: 42.901,
      long: 71.379,
    });
    const xml = parseXml((await get(`/open311/v2/requests/${id}.xml`)).body) as {
      service_requests: { request: Array<Record<string, string>> };
    };
    expect(Object.keys(xml.service_requests.request[0]!).sort()).toEqual(
      [
        'address',
        'address_id',
        'agency_responsible',
        'description',
        'expected_datetime',
        'lat',
        'long',
        'media_url',
        'requested_datetime',
        'service_code',
        'service_name',
        'service_notice',
        'service_request_id',
        'status',
        'status_notes',
        'updated_datetime',
        'zipcode',
      ].sort(),
    );
    for (const missing of ['/open311/v2/requests/99999999.json', '/open311/v2/requests/abc.json']) {
      const r = await get(missing);
      expect(r.statusCode).toBe(404);
      expectValid(schemas.errors!, r.json());
    }
    expect((await get('/open311/v2/requests/99999999.xml')).body).toContain(
      '<errors><error><code>404</code>',
    );
  });

  it('mirrors the case desk: status, notes, agency and expected time', async () => {
    const id = (await post(water())).json()[0].service_request_id as string;
    const row = await app.ctx.db
      .selectFrom('open311_requests')
      .select('signal_id')
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    clock += 3_600_000;
    const expectedAt = T0 + 2 * DAY;
    expect(
      await updateOpen311Status(app.ctx, row.signal_id, {
        status: 'closed',
        statusNotes: 'Водоснабжение восстановлено',
        agencyResponsible: 'Отдел ЖКХ акимата г. Тараз',
        expectedAt,
      }),
    ).toBe(true);
    const [one] = expectValid(schemas.requests!, (await get(`/open311/v2/requests/${id}.json`)).json());
    expect(one).toMatchObject({
      status: 'closed',
      status_notes: 'Водоснабжение восстановлено',
      agency_responsible: 'Отдел ЖКХ акимата г. Тараз',
      updated_datetime: '2026-12-01T07:00:00Z',
      expected_datetime: '2026-12-03T06:00:00Z',
    });
    expect(await updateOpen311Status(app.ctx, 987654321, { status: 'closed' })).toBe(false);
  });
});
