import { existsSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * `npm run bench`: runs every benchmark module of this folder that exists (each exports
 * `async function run(): Promise<Row[]>`, measuring next to a baseline taken in the same run) and prints
 * one markdown table. `npm run bench -- cases intake` runs only those. A module that is missing or that
 * fails is reported and skipped; the others still run (the exit code is 1 when one failed).
 */
export interface Row {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  readonly ratio?: number;
}

/** The benchmarks the issues ask for, in this order; any other module in the folder runs after them. */
const KNOWN = ['intake', 'import', 'classify', 'cases'];

const here = new URL('./', import.meta.url);

function modules(): string[] {
  const found = readdirSync(here)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'))
    .map((f) => basename(f, '.ts'));
  return [...KNOWN, ...found.filter((m) => !KNOWN.includes(m)).sort()];
}

const cell = (v: number | undefined) => (v === undefined ? '' : String(v));

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : modules();
  const table: string[] = [
    '| bench | benchmark | value | unit | baseline | ratio |',
    '|---|---|---:|---|---:|---:|',
  ];
  let failed = 0;
  for (const name of names) {
    const file = new URL(`${name}.ts`, here);
    if (!existsSync(file)) {
      process.stdout.write(`note: bench/${name}.ts does not exist yet, skipped\n`);
      continue;
    }
    const mod = (await import(file.href)) as { run?: () => Promise<Row[]> };
    if (typeof mod.run !== 'function') {
      process.stdout.write(`note: bench/${name}.ts exports no run(), skipped\n`);
      continue;
    }
    process.stdout.write(`running bench/${name}.ts …\n`);
    const started = Date.now();
    try {
      for (const r of await mod.run()) {
        table.push(
          `| ${name} | ${r.name} | ${r.value} | ${r.unit} | ${cell(r.baseline)} | ${cell(r.ratio)} |`,
        );
      }
      process.stdout.write(`  done in ${Math.round((Date.now() - started) / 1000)} s\n`);
    } catch (err) {
      failed++;
      process.stdout.write(`  bench/${name}.ts failed: ${(err as Error).message}\n`);
    }
  }
  process.stdout.write(`\n${table.join('\n')}\n`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
