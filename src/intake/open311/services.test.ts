import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import type { AppContext } from '../../app/context.js';
import { KINDS, TOPICS } from '../../shared/taxonomy.js';
import { renderXml } from './format.js';
import { countServices } from './repository.js';
import { discovery, serviceList } from './service.js';
import { loadServicesFile, seedOpen311Services, servicesFilePath } from './services-data.js';
import { expectValid, parseXml, schemaValidators, startOpen311App } from './test-support.js';

const schemas = schemaValidators();

describe('the Zhambyl service list (data)', () => {
  it('is valid, maps every service to the taxonomy and covers every datatype', async () => {
    const data = await loadServicesFile(join(process.cwd(), 'data/regions/zhambyl/open311-services.json'));
    expect(data.services.length).toBeGreaterThanOrEqual(17);
    for (const s of data.services) {
      if (s.topic !== null) expect(TOPICS).toContain(s.topic);
      if (s.kind !== null) expect(KINDS).toContain(s.kind);
      expect(s.description).toMatch(/Қазақша:/);
    }
    const datatypes = new Set(data.services.flatMap((s) => s.attributes.map((a) => a.datatype)));
    expect([...datatypes].sort()).toEqual(
      ['datetime', 'multivaluelist', 'number', 'singlevaluelist', 'string', 'text'].sort(),
    );
    const gas = data.services.find((s) => s.service_code === 'gas_smell');
    expect(gas?.service_notice).toContain('104');
    expect(data.services.some((s) => s.type === 'batch')).toBe(true);
  });
});

describe.each(DIALECTS)('Open311 discovery and services on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startOpen311App(dialect);
  });
  afterAll(async () => app.stop());

  it('seeds the table once, lazily, from the region file', async () => {
    expect(await countServices(app.ctx.db)).toBe(0);
    await app.server.inject('/open311/v2/services.json');
    const n = await countServices(app.ctx.db);
    expect(n).toBeGreaterThanOrEqual(17);
    // A second seeding of a non-empty table changes nothing.
    expect(await seedOpen311Services(app.ctx, servicesFilePath(app.ctx))).toBe(0);
    expect(await countServices(app.ctx.db)).toBe(n);
  });

  it('serves discovery in JSON and XML', async () => {
    const res = await app.server.inject({
      url: '/open311/v2/discovery.json',
      headers: { host: 'tyndau.example.kz' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const doc = expectValid(schemas.discovery!, res.json());
    expect(doc.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'http://tyndau.example.kz/open311/v2',
      type: 'production',
      formats: ['text/xml', 'application/json'],
    });
    const xml = await app.server.inject('/open311/v2/discovery.xml');
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(xml.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const parsed = parseXml(xml.body) as {
      discovery: { endpoints: { endpoint: Array<Record<string, unknown>> } };
    };
    expect(parsed.discovery).toHaveProperty('changeset');
    expect(parsed.discovery).toHaveProperty('key_service');
    expect(parsed.discovery.endpoints.endpoint[0]?.formats).toEqual({
      format: ['text/xml', 'application/json'],
    });
  });

  it('builds the endpoint URL from TYNDAU_PUBLIC_URL when it is set', async () => {
    const other = await startOpen311App(dialect, {
      env: { TYNDAU_PUBLIC_URL: 'https://appeals.zhambyl.example/' },
    });
    try {
      const doc = (await other.server.inject('/open311/v2/discovery.json')).json();
      expect(doc.endpoints[0].url).toBe('https://appeals.zhambyl.example/open311/v2');
    } finally {
      await other.stop();
    }
  });

  it('lists services in both formats, valid against the schema', async () => {
    const res = await app.server.inject('/open311/v2/services.json');
    const list = expectValid(schemas.services!, res.json()) as Array<Record<string, unknown>>;
    const water = list.find((s) => s.service_code === 'water_outage');
    expect(water).toMatchObject({ service_name: 'Нет воды', metadata: true, type: 'realtime' });
    expect(list.find((s) => s.service_code === 'roof_leak')).toMatchObject({ metadata: false });
    expect(list.find((s) => s.service_code === 'bus_route_complaint')).toMatchObject({ type: 'batch' });
    const xml = parseXml((await app.server.inject('/open311/v2/services.xml')).body) as {
      services: { service: Array<Record<string, string>> };
    };
    expect(xml.services.service).toHaveLength(list.length);
    const first = xml.services.service[0]!;
    expect(Object.keys(first).sort()).toEqual(
      ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type'].sort(),
    );
    expect(xml.services.service.find((s) => s.service_code === 'water_outage')?.metadata).toBe('true');
  });

  it('gives service definitions with every datatype, in both formats', async () => {
    const seen = new Set<string>();
    for (const s of (await app.server.inject('/open311/v2/services.json')).json() as Array<{
      service_code: string;
    }>) {
      const def = expectValid(
        schemas['service-definition']!,
        (await app.server.inject(`/open311/v2/services/${s.service_code}.json`)).json(),
      ) as { attributes: Array<{ datatype: string; order: number }> };
      for (const a of def.attributes) seen.add(a.datatype);
      const orders = def.attributes.map((a) => a.order);
      expect(orders).toEqual([...orders].sort((x, y) => x - y));
    }
    expect(seen.size).toBe(6);
    const def = (await app.server.inject('/open311/v2/services/water_outage.json')).json();
    expect(def.service_code).toBe('water_outage');
    expect(def.attributes[0]).toMatchObject({
      variable: true,
      code: 'since',
      datatype: 'singlevaluelist',
      required: true,
      order: 1,
      values: [{ key: 'today' }, { key: 'yesterday' }, { key: 'longer' }],
    });
    const xml = parseXml((await app.server.inject('/open311/v2/services/water_outage.xml')).body) as {
      service_definition: { service_code: string; attributes: { attribute: Array<Record<string, unknown>> } };
    };
    expect(xml.service_definition.service_code).toBe('water_outage');
    const since = xml.service_definition.attributes.attribute[0]!;
    expect(since).toMatchObject({
      variable: 'true',
      code: 'since',
      datatype: 'singlevaluelist',
      required: 'true',
    });
    expect(since.values).toEqual({
      value: [
        { key: 'today', name: 'Сегодня / Бүгін' },
        { key: 'yesterday', name: 'Со вчерашнего дня / Кешеден бері' },
        { key: 'longer', name: 'Дольше / Одан да ұзақ' },
      ],
    });
    // The gas service carries the "call 104" information as a non-input attribute.
    const gas = (await app.server.inject('/open311/v2/services/gas_smell.json')).json();
    expect(gas.attributes[0]).toMatchObject({ variable: false, required: false });
    expect(gas.attributes[0].description).toContain('104');
  });

  it('answers an unknown service code, an unknown path and a wrong format in the spec shape', async () => {
    const json = await app.server.inject('/open311/v2/services/no_such.json');
    expect(json.statusCode).toBe(404);
    expect(expectValid(schemas.errors!, json.json())[0]).toMatchObject({ code: 404 });
    const xml = await app.server.inject('/open311/v2/services/no_such.xml');
    expect(xml.statusCode).toBe(404);
    expect(parseXml(xml.body)).toMatchObject({ errors: { error: [{ code: '404' }] } });

    const path = await app.server.inject('/open311/v2/nothing-here.json');
    expect(path.statusCode).toBe(404);
    expect(expectValid(schemas.errors!, path.json())[0]?.description).toContain(
      '/open311/v2/nothing-here.json',
    );
    const noSuffix = await app.server.inject('/open311/v2/services');
    expect(noSuffix.statusCode).toBe(404);
    expect(parseXml(noSuffix.body)).toHaveProperty('errors');

    const html = await app.server.inject('/open311/v2/services.html');
    expect(html.statusCode).toBe(400);
    expect(html.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(parseXml(html.body)).toMatchObject({
      errors: { error: [{ code: '400', description: 'the format must be .json or .xml' }] },
    });
  });
});

describe.each(DIALECTS)('a region without a service file on %s', (dialect) => {
  let app: TestApp;
  let ctx: AppContext;
  beforeAll(async () => {
    app = await startOpen311App(dialect);
    const dir = mkdtempSync(join(tmpdir(), 'tyndau-region-'));
    writeFileSync(join(dir, 'README.md'), 'no services here');
    ctx = { ...app.ctx, config: { ...app.ctx.config, regionDir: dir } };
  });
  afterAll(async () => app.stop());

  it('gives an empty, valid service list, default discovery texts, and logs the problem once', async () => {
    for (let i = 0; i < 3; i++) expect(expectValid(schemas.services!, await serviceList(ctx))).toEqual([]);
    expect(await countServices(ctx.db)).toBe(0);
    const errors = app.logs.lines.filter((l) => l.includes('open311 services could not be loaded'));
    expect(errors).toHaveLength(1);
    expectValid(schemas.discovery!, await discovery(ctx, 'https://example.kz'));
    expect(renderXml({ kind: 'services', body: [] })).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<services/>',
    );
  });
});
