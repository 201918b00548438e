import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rebuildRollups } from '../analytics/rollup/refresh.js';
import { createApp } from '../app/app.js';
import { loadConfig } from '../config/config.js';
import { ensureDemoAccounts } from './accounts.js';
import { DEFAULT_APPEALS, seedDemoHistory } from './seed.js';

/**
 * Times the demo seed on a fresh SQLite database (or DATABASE_URL): reference data, demo accounts and a
 * year of history. Usage: node bin/run-ts.mjs src/demo/bench-seed.ts [appeals]
 */
const appeals = Number(process.argv[2] ?? DEFAULT_APPEALS);
const dir = mkdtempSync(join(tmpdir(), 'tyndau-seed-bench-'));
const config = loadConfig({
  ...process.env,
  TYNDAU_DATA_DIR: dir,
  LOG_LEVEL: 'warn',
  TYNDAU_DEMO: '1',
  TYNDAU_SIMULATOR: '0',
});
const log = (line: string) => process.stderr.write(`${line}\n`);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const app = await createApp(config);
const t1 = performance.now();
await ensureDemoAccounts(app.ctx);
const t2 = performance.now();
const report = await seedDemoHistory(app.ctx, { appeals, progress: log });
const t3 = performance.now();
const cpu = process.cpuUsage(cpu0);
await rebuildRollups(app.ctx);
const t4 = performance.now();
const texts = await app.ctx.db
  .selectFrom('signals')
  .select([
    (eb) => eb.fn.countAll<number>().as('n'),
    (eb) => eb.fn.count<number>('text').distinct().as('distinct'),
  ])
  .where('status', '=', 'received')
  .executeTakeFirstOrThrow();
await app.close();
rmSync(dir, { recursive: true, force: true });
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
log(
  `database ${config.database.dialect}: migrations + reference data ${s(t1 - t0)}, demo accounts ${s(t2 - t1)}, ` +
    `history ${s(t3 - t2)} (${report.appeals} appeals with cases and ${report.events} events, ` +
    `${report.mentions} mentions, ${report.news} news, ${report.authors} authors); total ${s(t3 - t0)} ` +
    `wall, ${s((cpu.user + cpu.system) / 1000)} CPU of this process; then analytics rollups rebuilt in ${s(t4 - t3)}; ` +
    `${texts.distinct} distinct texts among ${texts.n} appeals; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
