import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS } from '../../../test/helpers/db.js';
import { databaseUrl } from './fixtures/database-url.js';
import { HISTORY_MAPPING, writeHistoryCsv } from './fixtures/history.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const ROWS = 3000;

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
}

function collect(child: ChildProcess): () => string {
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  return () => out;
}

describe.each(DIALECTS)('an import killed with SIGKILL on %s', (dialect) => {
  it('resumes and imports every row exactly once', { timeout: 240_000 }, async () => {
    const database = await createTestDatabase(dialect);
    const dir = mkdtempSync(join(tmpdir(), 'tyndau-import-kill-'));
    try {
      const csv = join(dir, 'history.csv');
      const mappingFile = join(dir, 'mapping.json');
      const expected = writeHistoryCsv(csv, ROWS);
      writeFileSync(mappingFile, JSON.stringify(HISTORY_MAPPING));
      const env = {
        ...process.env,
        DATABASE_URL: databaseUrl(database.config),
        TYNDAU_DEMO: '0',
        LOG_LEVEL: 'warn',
      };
      const args = ['bin/tyndau.mjs', 'import', csv, '--mapping', mappingFile, '--batch-size', '100'];
      const rowsDone = async () =>
        (await database.db.selectFrom('import_runs').select('rows_done').executeTakeFirst())?.rows_done ?? 0;

      const first = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const firstOut = collect(first);
      const firstExit = exited(first);
      const deadline = Date.now() + 180_000;
      while ((await rowsDone()) < 500) {
        if (Date.now() > deadline) throw new Error(`the import made no progress: ${firstOut()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      first.kill('SIGKILL');
      expect((await firstExit).signal).toBe('SIGKILL');
      const killedAt = await rowsDone();
      expect(killedAt).toBeGreaterThanOrEqual(500);
      expect(killedAt, 'killed mid-way').toBeLessThan(ROWS);
      const partial = await database.db
        .selectFrom('signals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(partial.n)).toBe(killedAt - Math.floor(killedAt / 1000));

      const second = spawn(process.execPath, [...args, '--resume'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const secondOut = collect(second);
      expect((await exited(second)).code, secondOut()).toBe(0);
      expect(secondOut()).toContain(`resumed after row ${killedAt}`);

      const runs = await database.db.selectFrom('import_runs').selectAll().execute();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        status: 'done',
        rows_total: ROWS,
        rows_done: ROWS,
        rows_imported: expected.good,
        rows_duplicate: 0,
        rows_rejected: expected.bad,
      });
      const signals = await database.db
        .selectFrom('signals')
        .select((eb) => [
          eb.fn.countAll<number>().as('n'),
          eb.fn.count<number>('external_id').distinct().as('ids'),
        ])
        .where('channel', '=', 'import')
        .executeTakeFirstOrThrow();
      expect(Number(signals.n)).toBe(expected.good);
      expect(Number(signals.ids)).toBe(expected.good);
      const rejects = await database.db
        .selectFrom('import_rejects')
        .select('row_number')
        .orderBy('row_number')
        .execute();
      expect(rejects.map((r) => r.row_number)).toEqual([1000, 2000, 3000]);
    } finally {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
