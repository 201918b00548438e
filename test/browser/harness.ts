import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { createUser } from '../../src/accounts/service.js';
import { runAnalyticsCycle } from '../../src/analytics/service.js';
import { type App, createApp } from '../../src/app/app.js';
import type { Role } from '../../src/auth/permissions.js';
import { triageSignal } from '../../src/cases/sweeps.js';
import type { Dialect } from '../../src/db/database.js';
import type { Labeler } from '../../src/intake/labeler.js';
import { ingest } from '../../src/intake/service.js';
import type { InboundSignal } from '../../src/intake/types.js';
import { createLogger } from '../../src/shared/logger.js';
import { ensureWebBuild } from '../../src/web/build.js';
import { LogSink, testConfig } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

export const CHROMIUM = '/usr/bin/chromium';
export const PASSWORD = 'correct horse battery';
export const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

/**
 * Browser tests run when Chromium is installed. In CI they must run: a missing browser fails them. On a
 * developer's machine without /usr/bin/chromium they are skipped with the reason printed.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI)
    throw new Error(`${CHROMIUM} is missing in CI: install it with apt-get install -y chromium`);
  console.warn(`[browser tests] skipped: ${CHROMIUM} does not exist (apt-get install -y chromium)`);
  return false;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium with a fresh profile directory; close() removes it. */
export async function launchBrowser(viewport = { width: 1366, height: 768 }, locale = 'ru-RU') {
  const profile = mkdtempSync(join(tmpdir(), 'tyndau-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale,
    timezoneId: 'Asia/Almaty',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface WebTestApp extends App {
  readonly url: string;
  readonly database: TestDatabase;
  /** Stores a signal as a channel would; returns its id. */
  signal(input: Partial<InboundSignal> & { text: string }): Promise<number>;
  /** Stores an appeal and triages it into a case; returns the case id. */
  appeal(input: Partial<InboundSignal> & { text: string }): Promise<number>;
  user(login: string, roles: Role[], organisations?: string[]): Promise<number>;
  /** One round of the analytics worker (rollups), as the background service would run it. */
  analytics(): Promise<void>;
  stop(): Promise<void>;
}

let seq = 0;

/** The real server on a free port, with the built web app and a fresh database of the dialect. */
export async function startWebApp(
  dialect: Dialect,
  options: { env?: Record<string, string>; labeler?: Labeler | null } = {},
): Promise<WebTestApp> {
  await ensureWebBuild();
  const database = await createTestDatabase(dialect);
  const app = await createApp(testConfig(options.env), {
    database,
    logger: createLogger('warn', new LogSink()),
    labeler: options.labeler ?? null,
  });
  const address = await app.server.listen({ port: 0, host: '127.0.0.1' });
  async function signal(input: Partial<InboundSignal> & { text: string }): Promise<number> {
    seq++;
    const r = await ingest(app.ctx, {
      channel: 'telegram',
      externalId: `web-test:${seq}:${Date.now()}`,
      raw: {},
      author: { externalUserId: `citizen-${seq}`, displayName: 'Асель' },
      conversation: `tg:citizen-${seq}`,
      ...input,
    });
    return r.signalId;
  }
  return {
    ...app,
    url: address,
    database,
    signal,
    async appeal(input) {
      const id = await signal(input);
      await triageSignal(app.ctx, id);
      const s = await app.ctx.db
        .selectFrom('signals')
        .select('case_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (s.case_id === null) throw new Error('the appeal did not become a case');
      return s.case_id;
    },
    async analytics() {
      await runAnalyticsCycle(app.ctx, { detect: false });
    },
    user: (login, roles, organisations = []) =>
      createUser(app.ctx, { login, password: PASSWORD, displayName: login, roles, organisations }, 'test'),
    async stop() {
      await app.close();
      await database.drop();
    },
  };
}
