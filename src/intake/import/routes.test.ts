import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { tokensForRoles } from '../../../test/helpers/users.js';
import type { Role } from '../../auth/permissions.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const csv = readFileSync(join(FIXTURES, 'history.csv'));
const mappingText = readFileSync(join(FIXTURES, 'mapping.json'), 'utf8');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(DIALECTS)('import API on %s', (dialect) => {
  let app: TestApp;
  let tokens: Record<Role, string>;
  const upload = (body: Buffer, headers: Record<string, string>, query = '', role: Role = 'admin') =>
    app.server.inject({
      method: 'POST',
      url: `/api/imports${query}`,
      headers: { ...app.auth(tokens[role]), ...headers },
      payload: body,
    });

  beforeAll(async () => {
    app = await startTestApp(dialect);
    tokens = await tokensForRoles(app.ctx);
  });
  afterAll(async () => app.stop());

  it('imports a CSV body with the mapping in the query and reports the run and its rejects', async () => {
    const res = await upload(
      csv,
      { 'content-type': 'text/csv; charset=utf-8' },
      `?filename=history.csv&mapping=${encodeURIComponent(mappingText)}`,
    );
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    expect(report).toMatchObject({ status: 'done', total: 10, imported: 7, duplicates: 0, rejected: 3 });

    const run = await app.server.inject({
      url: `/api/imports/${report.runId}`,
      headers: app.auth(tokens.admin),
    });
    expect(run.json()).toMatchObject({
      id: report.runId,
      source: 'history.csv',
      status: 'done',
      total: 10,
      done: 10,
      imported: 7,
      rejected: 3,
    });
    expect(run.json().fileHash).toMatch(/^[0-9a-f]{64}$/);

    const rejects = await app.server.inject({
      url: `/api/imports/${report.runId}/rejects?limit=2`,
      headers: app.auth(tokens.admin),
    });
    expect(rejects.json().total).toBe(3);
    expect(rejects.json().items).toEqual([
      expect.objectContaining({ row: 3, reason: expect.stringMatching(/^bad date "31\.02\.2020"/) }),
      expect.objectContaining({
        row: 4,
        reason: 'missing text',
        raw: expect.objectContaining({ Номер: '109-2020-0004' }),
      }),
    ]);
  });

  it('takes the mapping from a base64 or percent-encoded header and an XLSX body', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([
      ['Номер', 'Текст обращения'],
      ['API-1', 'Нет отопления в школе №3'],
      ['API-2', 'Сломана скамейка в парке'],
    ]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Лист1');
    const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const mapping = JSON.stringify({ columns: { text: 'Текст обращения', externalId: 'Номер' } });
    const b64 = await upload(bytes, {
      'content-type': XLSX_TYPE,
      'x-import-mapping': Buffer.from(mapping).toString('base64'),
    });
    expect(b64.statusCode, b64.body).toBe(201);
    expect(b64.json()).toMatchObject({ imported: 2, rejected: 0 });
    const again = await upload(bytes, {
      'content-type': XLSX_TYPE,
      'x-import-mapping': encodeURIComponent(mapping),
    });
    expect(again.json()).toMatchObject({ imported: 0, duplicates: 2 });
    const signal = await app.ctx.db
      .selectFrom('signals')
      .select(['channel', 'text'])
      .where('external_id', '=', 'API-1')
      .executeTakeFirstOrThrow();
    expect(signal).toEqual({ channel: 'import', text: 'Нет отопления в школе №3' });
  });

  it('refuses bad mappings, unknown columns, other body types and callers without import:write', async () => {
    const bad = await upload(
      csv,
      { 'content-type': 'text/csv' },
      `?mapping=${encodeURIComponent('{"columns":{}}')}`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_mapping');
    expect(bad.json().error.details.issues[0]).toMatch(/columns\.text/);
    const noMapping = await upload(csv, { 'content-type': 'text/csv' });
    expect(noMapping.json().error.code).toBe('invalid_mapping');
    const column = await upload(
      csv,
      { 'content-type': 'text/csv' },
      `?mapping=${encodeURIComponent('{"columns":{"text":"Обращение"}}')}`,
    );
    expect(column.statusCode).toBe(400);
    expect(column.json().error.code).toBe('unknown_column');
    const json = await app.server.inject({
      method: 'POST',
      url: `/api/imports?mapping=${encodeURIComponent(mappingText)}`,
      headers: { ...app.auth(tokens.admin), 'content-type': 'application/json' },
      payload: { rows: [] },
    });
    expect(json.statusCode).toBe(415);
    for (const role of ['operator', 'supervisor', 'analyst'] as const) {
      const res = await upload(
        csv,
        { 'content-type': 'text/csv' },
        `?mapping=${encodeURIComponent(mappingText)}`,
        role,
      );
      expect(res.statusCode, role).toBe(403);
    }
    expect(
      (await app.server.inject({ url: '/api/imports/999', headers: app.auth(tokens.admin) })).statusCode,
    ).toBe(404);
  });
});
