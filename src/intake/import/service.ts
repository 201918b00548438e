import type { AppContext } from '../../app/context.js';
import type { Channel } from '../../shared/taxonomy.js';
import { ingestBatch } from '../service.js';
import type { InboundSignal } from '../types.js';
import { type Mapping, missingColumns } from './mapping.js';
import { type ImportFile, ImportFileError, openSource } from './read.js';
import {
  advanceRun,
  createRun,
  districtCodes,
  findUnfinishedRun,
  insertRejects,
  setRunStatus,
} from './repository.js';
import { columnIndex, type RowContext, rowObject, rowToSignal } from './rows.js';

export interface ImportRequest {
  /** A name for the run record (the file name). */
  readonly source: string;
  readonly file: ImportFile;
  readonly mapping: Mapping;
  /** Channel of rows without a channel column; default `import`. */
  readonly channel?: Channel;
  readonly batchSize?: number;
  readonly onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  readonly done: number;
  readonly total: number;
  /** Rows already done by an earlier, interrupted run of the same file. */
  readonly resumedFrom: number;
}

export interface ImportReport {
  readonly runId: number;
  readonly status: 'done' | 'failed';
  readonly total: number;
  readonly resumedFrom: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly error: string | null;
}

interface Pending {
  signals: InboundSignal[];
  rejects: Array<{ row: number; reason: string; raw: string }>;
  lastRow: number;
}

/**
 * Imports a CSV or XLSX file of historical appeals. Rows stream through; each becomes a signal (through
 * ingestBatch, idempotent on channel + external id) or a reject with its reason. Every batch commits its
 * signals, its rejects and the run's rows_done in one transaction, so an import killed at any moment
 * resumes (the next import of the same file skips rows ≤ rows_done) with every row imported exactly once.
 */
export async function runImport(ctx: AppContext, req: ImportRequest): Promise<ImportReport> {
  const source = await openSource(req.file, req.mapping);
  const missing = missingColumns(req.mapping, source.header);
  if (missing.length) {
    throw new ImportFileError(
      'unknown_column',
      `the file has no column ${missing.map((c) => `"${c}"`).join(', ')}; its columns are ${source.header.map((c) => `"${c}"`).join(', ')}`,
    );
  }
  const existing = await findUnfinishedRun(ctx.db, source.hash);
  const run =
    existing ??
    (await createRun(ctx.db, {
      source: req.source,
      fileHash: source.hash,
      mapping: req.mapping.json,
      total: source.total,
      now: ctx.now(),
    }));
  if (existing) await setRunStatus(ctx.db, run.id, 'running', ctx.now(), req.mapping.json);
  const resumedFrom = run.rows_done;
  const rc: RowContext = {
    mapping: req.mapping,
    header: source.header,
    fileHash: source.hash,
    channel: req.channel ?? 'import',
    districts: await districtCodes(ctx.db),
    now: ctx.now(),
  };
  const index = columnIndex(req.mapping, source.header);
  const batchSize = req.batchSize ?? 500;
  const counts = { imported: run.rows_imported, duplicates: run.rows_duplicate, rejected: run.rows_rejected };
  let pending: Pending = { signals: [], rejects: [], lastRow: resumedFrom };
  let rowsInBatch = 0;

  const flush = async () => {
    if (!rowsInBatch) return;
    const batch = pending;
    pending = { signals: [], rejects: [], lastRow: batch.lastRow };
    rowsInBatch = 0;
    const results = await ingestBatch(ctx, batch.signals, {
      inTransaction: async (tx, inTx) => {
        const duplicates = inTx.filter((r) => r.duplicate).length;
        await insertRejects(tx, run.id, batch.rejects);
        await advanceRun(tx, run.id, {
          rowsDone: batch.lastRow,
          imported: inTx.length - duplicates,
          duplicates,
          rejected: batch.rejects.length,
          now: ctx.now(),
        });
      },
    });
    const duplicates = results.filter((r) => r.duplicate).length;
    counts.imported += results.length - duplicates;
    counts.duplicates += duplicates;
    counts.rejected += batch.rejects.length;
    req.onProgress?.({ done: batch.lastRow, total: source.total, resumedFrom });
  };

  let error: string | null = null;
  try {
    for await (const row of source.rows()) {
      if (row.n <= resumedFrom) continue;
      const outcome = rowToSignal(rc, index, row.n, row.cells);
      if (outcome.ok) pending.signals.push(outcome.signal);
      else {
        pending.rejects.push({
          row: row.n,
          reason: outcome.reason,
          raw: JSON.stringify(rowObject(source.header, row.cells)),
        });
      }
      pending.lastRow = row.n;
      if (++rowsInBatch >= batchSize) await flush();
    }
    await flush();
  } catch (err) {
    error = (err as Error).message;
  }
  const status = error ? 'failed' : 'done';
  await setRunStatus(ctx.db, run.id, status, ctx.now());
  return { runId: run.id, status, total: source.total, resumedFrom, ...counts, error };
}
