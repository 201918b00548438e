import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type XLSX from 'xlsx';
import type { Mapping } from './mapping.js';

/** A file to import: on disk (CLI) or received in a request (API). */
export type ImportFile =
  | { readonly kind: 'csv' | 'xlsx'; readonly path: string }
  | { readonly kind: 'csv' | 'xlsx'; readonly bytes: Buffer };

/** One data row: its number (1 = the first row after the header) and its cells as text. */
export interface Row {
  readonly n: number;
  readonly cells: readonly string[];
}

export interface RowSource {
  /** sha256 of the file's bytes: the key of an import run (resume finds an unfinished run by it). */
  readonly hash: string;
  readonly header: readonly string[];
  readonly total: number;
  readonly delimiter: string | null;
  rows(): AsyncIterable<Row>;
}

/** A file that cannot be read as a table: answered 400 / exit 1 before anything is imported. */
export class ImportFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

const DELIMITERS = [';', ',', '\t', '|'] as const;

/** The delimiter used most often outside quotes on the header line. */
export function sniffDelimiter(head: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of head.replace(/^\uFEFF/, '')) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let max = 0;
  for (const [d, n] of counts) {
    if (n > max) {
      best = d;
      max = n;
    }
  }
  return best;
}

function decoder(encoding: Mapping['encoding']): Transform | null {
  if (encoding === 'utf-8') return null;
  const td = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, Buffer.from(td.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(td.decode(), 'utf8'));
    },
  });
}

async function head(file: ImportFile, size = 64 * 1024): Promise<Buffer> {
  if ('bytes' in file) return file.bytes.subarray(0, size);
  const fh = await open(file.path, 'r');
  try {
    const buf = Buffer.alloc(size);
    const { bytesRead } = await fh.read(buf, 0, size, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const bytesOf = (file: ImportFile) =>
  'bytes' in file ? Readable.from([file.bytes]) : createReadStream(file.path);

/** CSV records streamed through csv-parse (the file is never held in memory). */
async function* csvRecords(
  file: ImportFile,
  delimiter: string,
  mapping: Mapping,
  tap?: (chunk: Buffer) => void,
): AsyncGenerator<string[]> {
  const parser = parse({ delimiter, bom: true, skip_empty_lines: true, relax_column_count: true });
  const stages: Array<NodeJS.ReadableStream | NodeJS.WritableStream | NodeJS.ReadWriteStream> = [
    bytesOf(file),
  ];
  if (tap) {
    const hashing = new Transform({
      transform(chunk: Buffer, _enc, done) {
        tap(chunk);
        done(null, chunk);
      },
    });
    stages.push(hashing);
  }
  const dec = decoder(mapping.encoding);
  if (dec) stages.push(dec);
  // Errors reach the parser (pipeline destroys every stage), so the loop below throws them.
  pipeline([...stages, parser]).catch(() => undefined);
  for await (const record of parser as AsyncIterable<string[]>) yield record;
}

async function csvSource(file: ImportFile, mapping: Mapping): Promise<RowSource> {
  const first = await head(file);
  const dec =
    mapping.encoding === 'utf-8' ? first.toString('utf8') : new TextDecoder(mapping.encoding).decode(first);
  const delimiter = mapping.delimiter ?? sniffDelimiter(dec);
  // One pass hashes the bytes and counts the rows (for the progress bar and the run's total).
  const hash = createHash('sha256');
  let header: string[] | null = null;
  let total = 0;
  try {
    for await (const record of csvRecords(file, delimiter, mapping, (c) => hash.update(c))) {
      if (header) total++;
      else header = record.map((h) => h.trim());
    }
  } catch (err) {
    throw new ImportFileError('malformed_csv', `the file is not valid CSV: ${(err as Error).message}`);
  }
  if (!header) throw new ImportFileError('empty_file', 'the file has no header row');
  return {
    hash: hash.digest('hex'),
    header,
    total,
    delimiter,
    async *rows() {
      let n = -1;
      for await (const cells of csvRecords(file, delimiter, mapping)) {
        if (n >= 0) yield { n: n + 1, cells };
        n++;
      }
    },
  };
}

interface Ssf {
  is_date(format: string): boolean;
  parse_date_code(value: number): { y: number; m: number; d: number; H: number; M: number; S: number } | null;
}
/**
 * The xlsx library, loaded at the first workbook: it holds megabytes of code-page tables that every
 * garbage collection of the server's heap would otherwise walk, for the rare spreadsheet import.
 */
let xlsx: Promise<typeof XLSX> | undefined;
const loadXlsx = () => {
  xlsx ??= import('xlsx').then((m) => (m as { default?: typeof XLSX }).default ?? (m as typeof XLSX));
  return xlsx;
};
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A cell as text; date cells become an ISO local date-time (read in the mapping's time zone). */
function cellText(SSF: Ssf, cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'n' && typeof cell.v === 'number' && cell.z && SSF.is_date(String(cell.z))) {
    const d = SSF.parse_date_code(cell.v);
    if (d) return `${pad(d.y, 4)}-${pad(d.m)}-${pad(d.d)}T${pad(d.H)}:${pad(d.M)}:${pad(d.S)}`;
  }
  if (cell.t === 'e') return '';
  if (cell.v instanceof Date) return cell.v.toISOString();
  return String(cell.v);
}

/** XLSX: the workbook is read into memory whole (the format is a zip), then rows are walked. */
async function xlsxSource(file: ImportFile, mapping: Mapping): Promise<RowSource> {
  const bytes = 'bytes' in file ? file.bytes : await readFile(file.path);
  const XLSX = await loadXlsx();
  const SSF = XLSX.SSF as Ssf;
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'buffer', cellNF: true, cellDates: false });
  } catch (err) {
    throw new ImportFileError(
      'malformed_xlsx',
      `the file is not a readable workbook: ${(err as Error).message}`,
    );
  }
  const name = mapping.sheet ?? wb.SheetNames[0];
  const sheet = name ? wb.Sheets[name] : undefined;
  if (!sheet) throw new ImportFileError('unknown_sheet', `the workbook has no sheet "${name ?? ''}"`);
  const range = XLSX.utils.decode_range(sheet['!ref'] ?? 'A1:A1');
  const table: string[][] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cells: string[] = [];
    for (let c = range.s.c; c <= range.e.c; c++)
      cells.push(cellText(SSF, sheet[XLSX.utils.encode_cell({ r, c })]));
    if (cells.some((v) => v.trim() !== '')) table.push(cells);
  }
  const [header, ...data] = table;
  if (!header) throw new ImportFileError('empty_file', 'the sheet has no header row');
  return {
    hash: createHash('sha256').update(bytes).digest('hex'),
    header: header.map((h) => h.trim()),
    total: data.length,
    delimiter: null,
    async *rows() {
      for (const [i, cells] of data.entries()) yield { n: i + 1, cells };
    },
  };
}

export function openSource(file: ImportFile, mapping: Mapping): Promise<RowSource> {
  return file.kind === 'xlsx' ? xlsxSource(file, mapping) : csvSource(file, mapping);
}
