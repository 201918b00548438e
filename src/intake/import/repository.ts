import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';

type Tx = Db | Transaction<Database>;

/** A run that started and did not finish (killed, failed): the next import of the same file resumes it. */
export async function findUnfinishedRun(db: Db, fileHash: string) {
  return db
    .selectFrom('import_runs')
    .selectAll()
    .where('file_hash', '=', fileHash)
    .where('status', 'in', ['running', 'failed'])
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function createRun(
  db: Db,
  run: { source: string; fileHash: string; mapping: string; total: number; now: number },
) {
  return db
    .insertInto('import_runs')
    .values({
      source: run.source,
      file_hash: run.fileHash,
      mapping: run.mapping,
      status: 'running',
      rows_total: run.total,
      rows_done: 0,
      rows_imported: 0,
      rows_duplicate: 0,
      rows_rejected: 0,
      started_at: run.now,
      updated_at: run.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setRunStatus(
  db: Db,
  id: number,
  status: 'running' | 'done' | 'failed',
  now: number,
  mapping?: string,
): Promise<void> {
  await db
    .updateTable('import_runs')
    .set({
      status,
      updated_at: now,
      finished_at: status === 'done' ? now : null,
      ...(mapping ? { mapping } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Records one committed batch: called inside the batch's transaction, so progress and rows agree. */
export async function advanceRun(
  tx: Tx,
  id: number,
  step: { rowsDone: number; imported: number; duplicates: number; rejected: number; now: number },
): Promise<void> {
  await tx
    .updateTable('import_runs')
    .set((eb) => ({
      rows_done: step.rowsDone,
      rows_imported: eb('rows_imported', '+', step.imported),
      rows_duplicate: eb('rows_duplicate', '+', step.duplicates),
      rows_rejected: eb('rows_rejected', '+', step.rejected),
      updated_at: step.now,
    }))
    .where('id', '=', id)
    .execute();
}

export async function insertRejects(
  tx: Tx,
  runId: number,
  rejects: ReadonlyArray<{ row: number; reason: string; raw: string }>,
): Promise<void> {
  if (!rejects.length) return;
  await tx
    .insertInto('import_rejects')
    .values(rejects.map((r) => ({ run_id: runId, row_number: r.row, reason: r.reason, raw: r.raw })))
    .execute();
}

export async function getRun(db: Db, id: number) {
  return db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listRejects(db: Db, runId: number, limit: number, offset: number) {
  const [items, total] = await Promise.all([
    db
      .selectFrom('import_rejects')
      .select(['row_number', 'reason', 'raw'])
      .where('run_id', '=', runId)
      .orderBy('row_number')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom('import_rejects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('run_id', '=', runId)
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** The region's district codes (empty when no region data is loaded). */
export async function districtCodes(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('districts').select('code').execute();
  return new Set(rows.map((r) => r.code));
}
