import { access, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openContext } from '../../app/app.js';
import type { AppContext } from '../../app/context.js';
import { audit } from '../../audit/audit.js';
import { UsageError } from '../../cli/errors.js';
import type { CliCommand, CliIo } from '../../cli/types.js';
import { csvField } from '../../shared/csv.js';
import { createLogger } from '../../shared/logger.js';
import { CHANNELS, type Channel } from '../../shared/taxonomy.js';
import { MappingError, parseMappingText } from './mapping.js';
import { progressReporter } from './progress.js';
import { ImportFileError } from './read.js';
import { listRejects } from './repository.js';
import { type ImportProgress, type ImportReport, runImport } from './service.js';

const USAGE = 'tyndau import <file.csv|file.xlsx> --mapping <mapping.json> [--resume] [--channel import]';

export function fileKind(path: string): 'csv' | 'xlsx' {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  throw new UsageError(`cannot tell the format of "${basename(path)}": use a .csv or .xlsx file`);
}

/** `history.csv` → `history.rejects.csv`, beside the input. */
export const rejectsPath = (input: string) => resolve(input).replace(/(\.[^./\\]+)?$/, '.rejects.csv');

async function writeRejects(ctx: AppContext, runId: number, path: string): Promise<void> {
  const lines = ['row,reason'];
  for (let offset = 0; ; offset += 5000) {
    const { items } = await listRejects(ctx.db, runId, 5000, offset);
    for (const r of items) lines.push(`${r.row_number},${csvField(r.reason)}`);
    if (items.length < 5000) break;
  }
  await writeFile(path, `${lines.join('\n')}\n`, 'utf8');
}

function printReport(io: CliIo, r: ImportReport, seconds: number, rejects: string): void {
  const rows = r.total - r.resumedFrom;
  io.stdout.write(
    [
      `import run ${r.runId}: ${r.status}${r.resumedFrom ? ` (resumed after row ${r.resumedFrom})` : ''}`,
      `  rows        ${r.total}`,
      `  imported    ${r.imported}`,
      `  duplicates  ${r.duplicates}`,
      `  rejected    ${r.rejected}  → ${rejects}`,
      `  time        ${seconds.toFixed(1)} s (${Math.round(rows / Math.max(seconds, 0.001))} rows/s)`,
      '',
    ].join('\n'),
  );
}

async function importCommand(args: string[], io: CliIo, config: Parameters<CliCommand['run']>[2]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      mapping: { type: 'string' },
      resume: { type: 'boolean', default: false },
      channel: { type: 'string', default: 'import' },
      'batch-size': { type: 'string' },
    },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError('give exactly one file to import');
  if (!values.mapping) throw new UsageError('--mapping <mapping.json> is required');
  const channel = values.channel as Channel;
  if (!CHANNELS.includes(channel)) throw new UsageError(`--channel must be one of ${CHANNELS.join(', ')}`);
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0 && batchSize <= 10_000)) {
    throw new UsageError('--batch-size must be an integer from 1 to 10000');
  }
  const kind = fileKind(file);
  let mapping: ReturnType<typeof parseMappingText>;
  try {
    mapping = parseMappingText(await readFile(values.mapping, 'utf8'));
  } catch (err) {
    if (err instanceof MappingError) throw new UsageError(err.message);
    throw new UsageError(`cannot read the mapping: ${(err as Error).message}`);
  }
  try {
    await access(file);
  } catch (err) {
    io.stderr.write(
      `tyndau import: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}\n`,
    );
    return 1;
  }
  const { ctx, close } = await openContext(config(), { logger: createLogger('warn', io.stderr) });
  try {
    const progress = progressReporter(io.stderr as NodeJS.WritableStream & { isTTY?: boolean });
    const started = Date.now();
    let last: ImportProgress | undefined;
    let report: ImportReport;
    try {
      report = await runImport(ctx, {
        source: basename(file),
        file: { kind, path: resolve(file) },
        mapping,
        channel,
        ...(batchSize ? { batchSize } : {}),
        onProgress: (p) => {
          last = p;
          progress.update(p);
        },
      });
    } catch (err) {
      if (err instanceof ImportFileError) {
        io.stderr.write(`tyndau import: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    if (last) progress.finish(last);
    if (values.resume && !report.resumedFrom) {
      io.stderr.write('no interrupted import of this file was found: imported from the first row\n');
    }
    const path = rejectsPath(file);
    await writeRejects(ctx, report.runId, path);
    printReport(io, report, (Date.now() - started) / 1000, path);
    await audit(ctx.db, ctx.now(), {
      actor: 'cli',
      action: 'import.run',
      entity: 'import_run',
      entityId: report.runId,
      data: {
        status: report.status,
        imported: report.imported,
        duplicates: report.duplicates,
        rejected: report.rejected,
      },
    });
    if (report.error) io.stderr.write(`tyndau import: stopped: ${report.error}\n(run it again to resume)\n`);
    return report.status === 'done' ? 0 : 1;
  } finally {
    await close();
  }
}

export const importCommands: readonly CliCommand[] = [
  {
    name: 'import',
    summary: 'Import historical appeals from CSV/XLSX with a column mapping; resumable',
    usage: USAGE,
    run: importCommand,
  },
];
