import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { DIALECTS } from '../../test/helpers/db.js';
import { tokensForRoles } from '../../test/helpers/users.js';
import type { Role } from '../auth/permissions.js';
import { ingest } from '../intake/service.js';
import { csvField } from '../shared/csv.js';
import { triageSignal } from './sweeps.js';

describe.each(DIALECTS)('case list export (CSV) on %s', (dialect) => {
  let app: TestApp;
  let tokens: Record<Role, string>;
  beforeAll(async () => {
    app = await startTestApp(dialect, {}, { understanding: true });
    tokens = await tokensForRoles(app.ctx);
    for (const [i, text] of [
      'Нет воды третий день, звоните 87011234567, Айгерим Сапарова, ул. Абая 12 кв 5',
      '=HYPERLINK("http://evil.example","нажмите") нет света',
    ].entries()) {
      const r = await ingest(app.ctx, {
        channel: 'telegram',
        externalId: `export:${i}`,
        text,
        raw: {},
        author: { externalUserId: `77${i}`, displayName: 'Айгерим Сапарова', phone: '+77011234567' },
        conversation: `tg:77${i}`,
        given: { kind: 'incident', topic: i ? 'electricity' : 'water', district: 'taraz' },
      });
      await triageSignal(app.ctx, r.signalId);
    }
  });
  afterAll(async () => app.stop());

  const get = (url: string, token?: string) =>
    app.server.inject({ url, headers: app.auth(token ?? tokens.supervisor) });

  it('gives the filtered list as CSV without personal data, and audits the export', async () => {
    const res = await get('/api/cases/export.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['x-export-rows']).toBe('2');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'number,status,channel,kind,topic,district,urgency,organisation,registered_at,due_at,answered_at,overdue,satisfaction,rating',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^ZHA-\d{4}-\d{6},\w+,telegram,incident,electricity,taraz,/);
    for (const needle of ['87011234567', '7011234567', 'Сапарова', 'Айгерим', 'Абая', 'воды'])
      expect(res.body).not.toContain(needle);
    const water = await get('/api/cases/export.csv?topic=water');
    expect(water.body.trim().split('\r\n')).toHaveLength(2);
    const audit = await app.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', 'like', 'cases.export%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['cases.export', 'cases.export']);
    expect(JSON.parse(audit[1]!.data!)).toMatchObject({ rows: 1, truncated: false, summary: false });
  });

  it('adds the redacted summaries only for holders of cases:pii, audited as a personal-data read', async () => {
    const res = await get('/api/cases/export.csv?summary=true');
    expect(res.statusCode).toBe(200);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]?.endsWith(',summary')).toBe(true);
    expect(lines).toHaveLength(3);
    for (const needle of ['87011234567', '7011234567']) expect(res.body).not.toContain(needle);
    expect(res.body).toContain('Нет воды');
    // A formula a citizen typed stays text in the spreadsheet.
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example""`);
    const audit = await app.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', '=', 'cases.export_pii')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.data!)).toMatchObject({ rows: 2, summary: true });
    // A token scoped to cases:read alone is refused the summaries.
    const made = await app.server.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: app.auth(tokens.admin),
      payload: { name: 'spreadsheet', scopes: ['cases:read'] },
    });
    expect(made.statusCode).toBe(201);
    const refused = await get('/api/cases/export.csv?summary=true', made.json().token);
    expect(refused.statusCode).toBe(403);
    expect((await get('/api/cases/export.csv', made.json().token)).statusCode).toBe(200);
  });

  it('keeps executors to their organisations and analysts out', async () => {
    const executor = await get('/api/cases/export.csv', tokens.executor);
    expect(executor.statusCode).toBe(200);
    expect(executor.body.trim().split('\r\n')).toHaveLength(1); // the header: neither case is theirs
    expect((await get('/api/cases/export.csv', tokens.analyst)).statusCode).toBe(403);
  });

  it('quotes separators and neutralises formulas in any field', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('+7 701')).toBe("'+7 701");
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
  });
});
