import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { parseW3Date, searchWindow, updateOpen311Status } from './service.js';
import {
  expectValid,
  FORM,
  form,
  newApiKey,
  parseXml,
  schemaValidators,
  startOpen311App,
} from './test-support.js';

const schemas = schemaValidators();
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-20T12:00:00Z');
const day = (n: number) => new Date(NOW - n * DAY).toISOString().replace(/\.000Z$/, 'Z');

describe('date handling', () => {
  it('needs a timezone, repairs an unencoded +, and applies the 90-day rules', () => {
    expect(parseW3Date('start_date', '2026-12-01T00:00:00+05:00')).toBe(Date.parse('2026-11-30T19:00:00Z'));
    expect(parseW3Date('start_date', '2026-12-01T00:00:00 05:00')).toBe(Date.parse('2026-11-30T19:00:00Z'));
    expect(() => parseW3Date('start_date', '2026-12-01T00:00:00')).toThrow(/with a timezone/);
    expect(() => parseW3Date('start_date', '2026-12-01')).toThrow(/with a timezone/);
    expect(searchWindow({}, NOW)).toEqual({ from: NOW - 90 * DAY, to: NOW });
    expect(searchWindow({ start_date: '2026-01-01T00:00:00Z' }, NOW)).toEqual({
      from: Date.parse('2026-01-01T00:00:00Z'),
      to: Date.parse('2026-01-01T00:00:00Z') + 90 * DAY,
    });
    expect(searchWindow({ end_date: '2026-06-01T00:00:00Z' }, NOW).from).toBe(
      Date.parse('2026-06-01T00:00:00Z') - 90 * DAY,
    );
    expect(() =>
      searchWindow({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-02T00:00:00Z' }, NOW),
    ).toThrow(/more than 90 days/);
    expect(() =>
      searchWindow({ start_date: '2026-02-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }, NOW),
    ).toThrow(/before start_date/);
  });
});

describe.each(DIALECTS)('GET requests filters on %s', (dialect) => {
  let app: TestApp;
  let clock = NOW;
  const ids: Record<string, string> = {};
  const list = async (query: string) => {
    const res = await app.server.inject(`/open311/v2/requests.json${query}`);
    expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
    return (expectValid(schemas.requests!, res.json()) as Array<{ service_request_id: string }>).map(
      (r) => Object.entries(ids).find(([, id]) => id === r.service_request_id)?.[0],
    );
  };

  beforeAll(async () => {
    app = await startOpen311App(dialect, { now: () => clock });
    const key = await newApiKey(app);
    // name → [days ago, service]
    const plan: Array<[string, number, string]> = [
      ['old', 120, 'pothole'],
      ['water40', 40, 'water_outage'],
      ['pothole20', 20, 'pothole'],
      ['lift10', 10, 'lift_out_of_order'],
      ['water1', 1, 'water_outage'],
    ];
    for (const [name, ago, service] of plan) {
      clock = NOW - ago * DAY;
      const res = await app.server.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: FORM,
        payload: form({
          api_key: key,
          service_code: service,
          address_string: 'мкр Астана',
          'attribute[since]': 'today',
          'attribute[people_trapped]': 'no',
        }),
      });
      expect(res.statusCode, res.body).toBe(200);
      ids[name] = res.json()[0].service_request_id;
    }
    clock = NOW;
    const signal = await app.ctx.db
      .selectFrom('open311_requests')
      .select('signal_id')
      .where('id', '=', Number(ids.pothole20))
      .executeTakeFirstOrThrow();
    await updateOpen311Status(app.ctx, signal.signal_id, { status: 'closed', statusNotes: 'Яма заделана' });
  });
  afterAll(async () => app.stop());

  it('defaults to the last 90 days, newest first', async () => {
    expect(await list('')).toEqual(['water1', 'lift10', 'pothole20', 'water40']);
  });

  it('filters by status and by comma lists of service codes', async () => {
    expect(await list('?status=closed')).toEqual(['pothole20']);
    expect(await list('?status=open')).toEqual(['water1', 'lift10', 'water40']);
    expect(await list('?status=open,closed')).toEqual(['water1', 'lift10', 'pothole20', 'water40']);
    expect(await list('?service_code=water_outage')).toEqual(['water1', 'water40']);
    expect(await list('?service_code=pothole,lift_out_of_order')).toEqual(['lift10', 'pothole20']);
    expect(await list('?service_code=water_outage&status=closed')).toEqual([]);
  });

  it('filters by start_date and end_date', async () => {
    expect(await list(`?start_date=${day(30)}&end_date=${day(5)}`)).toEqual(['lift10', 'pothole20']);
    expect(await list(`?start_date=${day(15)}`)).toEqual(['water1', 'lift10']);
    expect(await list(`?end_date=${day(15)}`)).toEqual(['pothole20', 'water40']);
    expect(await list(`?start_date=${day(130)}&end_date=${day(100)}`)).toEqual(['old']);
    const offset = encodeURIComponent(new Date(NOW - 15 * DAY + 5 * 3_600_000).toISOString().slice(0, 19));
    expect(await list(`?start_date=${offset}%2B05:00`)).toEqual(['water1', 'lift10']);
  });

  it('lets service_request_id override every other filter', async () => {
    expect(
      await list(`?service_request_id=${ids.old},${ids.water1}&status=closed&service_code=lift_out_of_order`),
    ).toEqual(['water1', 'old']);
    expect(await list('?service_request_id=999999,abc')).toEqual([]);
  });

  it('refuses a span over 90 days, a date without timezone and an unknown status, in the spec shape', async () => {
    for (const q of [
      `?start_date=${day(120)}&end_date=${day(1)}`,
      '?start_date=2026-12-01T00:00:00',
      '?end_date=yesterday',
      '?status=pending',
    ]) {
      const res = await app.server.inject(`/open311/v2/requests.json${q}`);
      expect(res.statusCode, q).toBe(400);
      expectValid(schemas.errors!, res.json());
      const xml = await app.server.inject(`/open311/v2/requests.xml${q}`);
      expect(xml.statusCode).toBe(400);
      expect(parseXml(xml.body)).toMatchObject({ errors: { error: [{ code: '400' }] } });
    }
  });

  it('renders the listing as XML with the spec element names', async () => {
    const doc = parseXml((await app.server.inject('/open311/v2/requests.xml?status=closed')).body) as {
      service_requests: { request: Array<Record<string, string>> };
    };
    expect(doc.service_requests.request).toHaveLength(1);
    expect(doc.service_requests.request[0]).toMatchObject({
      service_request_id: ids.pothole20,
      status: 'closed',
      status_notes: 'Яма заделана',
      service_code: 'pothole',
      address: 'мкр Астана',
    });
    expect(
      parseXml((await app.server.inject('/open311/v2/requests.xml?service_code=none')).body),
    ).toMatchObject({
      service_requests: '',
    });
  });

  it('caps a listing at 1000 rows', async () => {
    const now = NOW;
    const base = await app.ctx.db
      .selectFrom('open311_requests')
      .selectAll()
      .where('id', '=', Number(ids.water1))
      .executeTakeFirstOrThrow();
    const { id: _id, ...row } = base;
    const rows = Array.from({ length: 1005 }, (_, i) => ({
      ...row,
      token: null,
      requested_at: now - i * 1000,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await app.ctx.db
        .insertInto('open311_requests')
        .values(rows.slice(i, i + 200))
        .execute();
    }
    expect(await list('')).toHaveLength(1000);
  });
});
