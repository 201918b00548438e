import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { main } from '../../cli/main.js';
import { databaseUrl } from './fixtures/database-url.js';
import { MappingError, parseMapping, parseMappingText } from './mapping.js';
import { ImportFileError } from './read.js';
import { runImport } from './service.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const mappingJson = () =>
  JSON.parse(readFileSync(join(FIXTURES, 'mapping.json'), 'utf8')) as Record<string, unknown>;
const mapping = () => parseMappingText(readFileSync(join(FIXTURES, 'mapping.json'), 'utf8'));
const local = (iso: string) => Date.parse(`${iso}+05:00`);

describe('import mapping', () => {
  it('explains every problem of a bad mapping', () => {
    const bad = {
      columns: { externalId: 'Номер', colour: 'Цвет' },
      valueMaps: { kind: { Вопрос: 'question' } },
    };
    try {
      parseMapping(bad);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MappingError);
      const text = (err as Error).message;
      expect(text).toMatch(/columns\.text/);
      expect(text).toMatch(/colour/);
      expect(text).toMatch(/valueMaps\.kind\.Вопрос/);
    }
    expect(() => parseMapping({ ...mappingJson(), dateFormats: ['DD.MM.YY'] })).toThrow(/dateFormats\.0/);
    expect(() => parseMappingText('{"columns": ')).toThrow(/not valid JSON/);
  });
});

describe.each(DIALECTS)('import on %s', (dialect) => {
  let app: TestApp;
  let dir: string;
  const signal = (externalId: string) =>
    app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow();
  const count = async () =>
    Number(
      (
        await app.ctx.db
          .selectFrom('signals')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    app = await startTestApp(dialect);
    dir = mkdtempSync(join(tmpdir(), 'tyndau-import-'));
  });
  afterAll(async () => {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a semicolon CSV with Russian headers and rejects bad rows with their reason', async () => {
    const file = { kind: 'csv' as const, path: join(FIXTURES, 'history.csv') };
    const report = await runImport(app.ctx, { source: 'history.csv', file, mapping: mapping() });
    expect(report).toMatchObject({ status: 'done', total: 10, imported: 7, duplicates: 0, rejected: 3 });
    const rejects = await app.ctx.db
      .selectFrom('import_rejects')
      .selectAll()
      .where('run_id', '=', report.runId)
      .orderBy('row_number')
      .execute();
    expect(rejects.map((r) => [r.row_number, r.reason])).toEqual([
      [3, 'bad date "31.02.2020" (expected DD.MM.YYYY HH:mm, DD.MM.YYYY, YYYY-MM-DD or ISO 8601)'],
      [4, 'missing text'],
      [5, 'unknown kind value "Вопрос"'],
    ]);
    expect(JSON.parse(rejects[2]!.raw)).toMatchObject({ Номер: '109-2020-0005', Вид: 'Вопрос' });

    const first = await signal('109-2020-0001');
    expect(first).toMatchObject({
      channel: 'call_center',
      received_at: local('2020-03-05T14:30:00'),
      kind: 'incident',
      topic: 'water',
      district: 'taraz',
      address: 'г. Тараз, ул. Абая 12',
      text: 'Нет холодной воды с утра во всём доме',
    });
    expect(first.raw).not.toMatch(/Иванова|7011234567/);
    const contact = await app.ctx.db
      .selectFrom('author_contacts')
      .selectAll()
      .where('author_id', '=', first.author_id)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ phone: '+77011234567', display_name: 'Иванова Мария Петровна' });

    const quoted = await signal('109-2020-0002');
    expect(quoted).toMatchObject({ channel: 'whatsapp', district: 'baizak', kind: 'consultation' });
    expect(quoted.text).toBe('Как оформить пособие\nна ребёнка до года?');
    expect(quoted.address).toBe('с. Сарыкемер; ул. Жибек жолы 5');
    expect((await signal('109-2020-0009')).text).toBe('Запах газа в подъезде, "срочно" проверьте');
    expect((await signal('109-2020-0010')).received_at).toBe(local('2020-03-13T00:00:00'));
    const hash = (
      await app.ctx.db
        .selectFrom('import_runs')
        .select('file_hash')
        .where('id', '=', report.runId)
        .executeTakeFirstOrThrow()
    ).file_hash;
    expect((await signal(`import:${hash}:7`)).kind).toBe('gratitude');
  });

  it('stores nothing new when the same file is imported again', async () => {
    const before = await count();
    const file = { kind: 'csv' as const, path: join(FIXTURES, 'history.csv') };
    const report = await runImport(app.ctx, { source: 'history.csv', file, mapping: mapping() });
    expect(report).toMatchObject({ status: 'done', imported: 0, duplicates: 7, rejected: 3, resumedFrom: 0 });
    expect(await count()).toBe(before);
  });

  it('refuses a mapping naming a column the file does not have, before importing anything', async () => {
    const m = parseMapping({ ...mappingJson(), columns: { text: 'Текст', externalId: 'Номер' } });
    const file = { kind: 'csv' as const, path: join(FIXTURES, 'history.csv') };
    const err = await runImport(app.ctx, { source: 'x', file, mapping: m }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as ImportFileError).code).toBe('unknown_column');
    expect((err as Error).message).toContain('"Текст"');
  });

  it('imports an XLSX workbook: date cells, text dates and numeric phones', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([
      ['Номер', 'Дата', 'Телефон', 'Текст обращения', 'Вид'],
      ['X-1', null, 87012345678, 'Не работает лифт в доме 14', 'Инцидент'],
      ['X-2', '02.04.2021 08:05', null, 'Прошу установить лежачий полицейский', 'proposal'],
      ['X-3', '30.04.2021 25:00', null, 'Неверная дата в строке', 'Инцидент'],
    ]);
    // A real date cell: serial number with a date format, as Excel stores it.
    sheet.B2 = { t: 'n', v: 44256.5, z: 'dd.mm.yyyy hh:mm' };
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Обращения');
    const path = join(dir, 'history.xlsx');
    writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const m = parseMapping({
      columns: {
        text: 'Текст обращения',
        externalId: 'Номер',
        receivedAt: 'Дата',
        phone: 'Телефон',
        kind: 'Вид',
      },
      dateFormats: ['DD.MM.YYYY HH:mm'],
      valueMaps: { kind: { Инцидент: 'incident' } },
    });
    const report = await runImport(app.ctx, {
      source: 'history.xlsx',
      file: { kind: 'xlsx', path },
      mapping: m,
    });
    expect(report).toMatchObject({ status: 'done', total: 3, imported: 2, rejected: 1 });
    const x1 = await signal('X-1');
    expect(x1).toMatchObject({
      channel: 'import',
      kind: 'incident',
      received_at: local('2021-03-01T12:00:00'),
    });
    const contact = await app.ctx.db
      .selectFrom('author_contacts')
      .select('phone')
      .where('author_id', '=', x1.author_id)
      .executeTakeFirstOrThrow();
    expect(contact.phone).toBe('+77012345678');
    expect(await signal('X-2')).toMatchObject({
      kind: 'proposal',
      received_at: local('2021-04-02T08:05:00'),
    });
  });

  it('runs from the command line and writes the rejects next to the input', async () => {
    const input = join(dir, 'журнал.csv');
    copyFileSync(join(FIXTURES, 'history.csv'), input);
    const out: string[] = [];
    const err: string[] = [];
    const sink = (into: string[]) =>
      ({ write: (s: string) => into.push(s) > 0, isTTY: false }) as unknown as NodeJS.WritableStream;
    const code = await main(
      ['import', input, '--mapping', join(FIXTURES, 'mapping.json'), '--channel', 'egov'],
      {
        stdin: process.stdin,
        stdout: sink(out),
        stderr: sink(err),
        env: { DATABASE_URL: databaseUrl(app.database.config), TYNDAU_DEMO: '0', LOG_LEVEL: 'warn' },
      },
    );
    expect(code, err.join('')).toBe(0);
    const report = out.join('');
    expect(report).toMatch(/imported\s+0/);
    expect(report).toMatch(/duplicates\s+7/);
    expect(report).toMatch(/rejected\s+3/);
    expect(readFileSync(join(dir, 'журнал.rejects.csv'), 'utf8')).toBe(
      'row,reason\n3,"bad date ""31.02.2020"" (expected DD.MM.YYYY HH:mm, DD.MM.YYYY, YYYY-MM-DD or ISO 8601)"\n4,missing text\n5,"unknown kind value ""Вопрос"""\n',
    );
    expect(err.join('')).toMatch(/import: 10\/10 rows \(100%\)/);
  });
});
