/**
 * Bulk import throughput: a realistic 100,000-row CSV of appeals (Russian headers, semicolons, local
 * dates, a rejected row every 1,000) imported into a fresh SQLite database, next to a baseline that only
 * parses the same file with csv-parse. Run alone: `node bin/run-ts.mjs bench/import.ts [rows]`.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse';
import { openContext } from '../src/app/app.js';
import { loadConfig } from '../src/config/config.js';
import { HISTORY_MAPPING, writeHistoryCsv } from '../src/intake/import/fixtures/history.js';
import { parseMapping } from '../src/intake/import/mapping.js';
import { runImport } from '../src/intake/import/service.js';
import { createLogger } from '../src/shared/logger.js';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number;
  readonly ratio: number;
}

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

async function parseOnly(path: string): Promise<number> {
  let n = 0;
  const parser = createReadStream(path).pipe(parse({ delimiter: ';', bom: true, skip_empty_lines: true }));
  for await (const _ of parser) n++;
  return n - 1;
}

export async function run(rows = 100_000): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tyndau-bench-import-'));
  try {
    const csv = join(dir, 'history.csv');
    const expected = writeHistoryCsv(csv, rows);

    const p0 = performance.now();
    const pc = process.cpuUsage();
    const parsed = await parseOnly(csv);
    const parseSeconds = (performance.now() - p0) / 1000;
    const parseCpu = cpuSeconds(process.cpuUsage(pc));
    if (parsed !== rows) throw new Error(`baseline parsed ${parsed} rows, expected ${rows}`);

    const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, TYNDAU_DEMO: '0' });
    const { ctx, close } = await openContext(config, { logger: createLogger('silent') });
    try {
      const t0 = performance.now();
      const tc = process.cpuUsage();
      const report = await runImport(ctx, {
        source: 'history.csv',
        file: { kind: 'csv', path: csv },
        mapping: parseMapping(HISTORY_MAPPING),
      });
      const seconds = (performance.now() - t0) / 1000;
      const cpu = cpuSeconds(process.cpuUsage(tc));
      if (report.imported !== expected.good || report.rejected !== expected.bad) {
        throw new Error(
          `imported ${report.imported}/${expected.good}, rejected ${report.rejected}/${expected.bad}`,
        );
      }
      const row = (name: string, value: number, baseline: number): BenchRow => ({
        name,
        value: Math.round(value),
        unit: 'rows/s',
        baseline: Math.round(baseline),
        ratio: Math.round((value / baseline) * 1000) / 1000,
      });
      const what = `import ${rows.toLocaleString('en-US')}-row CSV into SQLite (vs csv-parse alone)`;
      return [
        row(`${what}, wall clock`, rows / seconds, rows / parseSeconds),
        // Per CPU-second of this process: steadier than wall time on a machine shared with other work.
        row(`${what}, per CPU second`, rows / cpu, rows / parseCpu),
      ];
    } finally {
      await close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const rows = process.argv[2] ? Number(process.argv[2]) : undefined;
  for (const r of await run(rows)) {
    console.log(
      `${r.name}: ${r.value.toLocaleString('en-US')} ${r.unit} (baseline ${r.baseline.toLocaleString('en-US')} ${r.unit}, ratio ${r.ratio})`,
    );
  }
}
