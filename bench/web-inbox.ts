/**
 * The inbox in headless Chromium with 10,000 cases in the database: the time from navigation start until
 * the first rows are painted (the app marks `tyndau:inbox-rows` two frames after they are committed),
 * median of 5 loads, next to a static HTML page with the same 50-row table measured the same way in the
 * same run. Target (issue 6): under 2 s. Run alone: `node bin/run-ts.mjs bench/web-inbox.ts [cases]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { createUser } from '../src/accounts/service.js';
import { createApp } from '../src/app/app.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/shared/logger.js';
import { CHANNELS, KINDS, TOPICS } from '../src/shared/taxonomy.js';
import { ensureWebBuild } from '../src/web/build.js';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number;
  readonly ratio: number;
}

const RUNS = 5;
const PASSWORD = 'bench password 123';
const DISTRICTS = [
  'taraz',
  'baizak',
  'zhambyl',
  'zhualy',
  'kordai',
  'merke',
  'moiynkum',
  'sarysu',
  'talas',
  'shu',
  'ryskulov',
];
const STATUSES = ['new', 'assigned', 'in_progress', 'answered', 'closed'];
const TEXTS = [
  'Нет воды в микрорайоне Жайлау с утра, когда дадут?',
  'Жарық жоқ, Шу ауданы, Төле би ауылы, екінші күн',
  'Яма на дороге по улице Абая возле школы, опасно',
  'Подскажите, как получить справку о составе семьи через ЦОН',
  'Мусор не вывозят уже неделю во дворе дома 12',
];

/** The page script's mark, in ms since navigation start. */
async function firstRows(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('tyndau:inbox-rows').length > 0, undefined, {
    timeout: 30_000,
    polling: 10,
  });
  if (process.env.BENCH_TRACE)
    console.error(
      await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e as PerformanceResourceTiming)
          .map(
            (e) =>
              `${Math.round(e.startTime)}-${Math.round(e.responseEnd)} ${e.name.replace(location.origin, '')}`,
          )
          .join('\n'),
      ),
    );
  return page.evaluate(() => performance.getEntriesByName('tyndau:inbox-rows')[0]!.startTime);
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

/** A static page with the same kind of 50-row table, marking its first painted frame the same way. */
function staticPage(): string {
  const rows = Array.from(
    { length: 50 },
    (_, i) =>
      `<tr><td>ZHA-2026-${String(i + 1).padStart(6, '0')}</td><td>30.11.2026</td><td>new</td><td>water</td><td>${TEXTS[i % TEXTS.length]}</td></tr>`,
  ).join('');
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>baseline</title></head><body><table>${rows}</table><script>requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('tyndau:inbox-rows')));</script></body></html>`;
}

export async function run(cases = 10_000): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tyndau-bench-web-'));
  const built = await ensureWebBuild();
  if (built.built) console.error(`(built the web app in ${built.ms} ms first)`);
  const config = loadConfig({
    TYNDAU_DATA_DIR: dir,
    TYNDAU_DEMO: '0',
    TYNDAU_SIMULATOR: '0',
    LOG_LEVEL: 'silent',
  });
  const app = await createApp(config, { logger: createLogger('silent'), labeler: null });
  const baseline = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(staticPage());
  });
  const profile = mkdtempSync(join(tmpdir(), 'tyndau-bench-chromium-'));
  try {
    const now = Date.now();
    const rows = Array.from({ length: cases }, (_, i) => {
      const registered = now - (cases - i) * 60_000;
      return {
        number: `ZHA-2026-${String(i + 1).padStart(6, '0')}`,
        status: STATUSES[i % STATUSES.length]!,
        kind: KINDS[i % KINDS.length]!,
        topic: TOPICS[i % TOPICS.length]!,
        district: DISTRICTS[i % DISTRICTS.length]!,
        urgency: 'normal',
        channel: CHANNELS[i % CHANNELS.length]!,
        lang: 'ru',
        summary: TEXTS[i % TEXTS.length]!,
        registered_at: registered,
        due_at: registered + 21 * 86_400_000,
        escalated: 0,
        created_at: registered,
        updated_at: registered,
        is_demo: 0,
      };
    });
    for (let i = 0; i < rows.length; i += 500)
      await app.ctx.db
        .insertInto('cases')
        .values(rows.slice(i, i + 500))
        .execute();
    await createUser(app.ctx, { login: 'bench', password: PASSWORD, roles: ['supervisor'] }, 'bench');
    const url = await app.server.listen({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((r) => baseline.listen(0, '127.0.0.1', r));
    const staticUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}/`;

    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1366, height: 768 },
    });
    try {
      const login = await context.request.post(`${url}/api/auth/login`, {
        data: { login: 'bench', password: PASSWORD },
      });
      if (!login.ok()) throw new Error(`sign-in failed: ${login.status()}`);
      const inbox: number[] = [];
      const plain: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const a = await context.newPage();
        inbox.push(await firstRows(a, `${url}/inbox?lang=ru`));
        await a.close();
        const b = await context.newPage();
        plain.push(await firstRows(b, staticUrl));
        await b.close();
      }
      const value = Math.round(median(inbox));
      const base = Math.round(median(plain));
      console.error(
        `inbox runs (ms): ${inbox.map(Math.round).join(', ')}; static page runs (ms): ${plain.map(Math.round).join(', ')}`,
      );
      return [
        {
          name: `inbox first rows in Chromium with ${cases.toLocaleString('en-US')} cases (median of ${RUNS}; baseline: a static 50-row page)`,
          value,
          unit: 'ms',
          baseline: base,
          ratio: Math.round((value / base) * 100) / 100,
        },
      ];
    } finally {
      await context.close();
    }
  } finally {
    baseline.close();
    await app.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const cases = process.argv[2] ? Number(process.argv[2]) : undefined;
  for (const r of await run(cases)) {
    console.log(`${r.name}: ${r.value} ${r.unit} (baseline ${r.baseline} ${r.unit}, ratio ${r.ratio})`);
  }
}
