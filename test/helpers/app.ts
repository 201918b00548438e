import { Writable } from 'node:stream';
import { type App, createApp } from '../../src/app/app.js';
import { type Config, loadConfig } from '../../src/config/config.js';
import type { Dialect } from '../../src/db/database.js';
import { createLogger } from '../../src/shared/logger.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** Collects every log line the app writes, so tests can assert what never reaches the logs. */
export class LogSink extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    cb();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export interface TestApp extends App {
  readonly database: TestDatabase;
  readonly logs: LogSink;
  readonly config: Config;
  auth(token?: string): { authorization: string };
  stop(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    TYNDAU_ADMIN_TOKEN: ADMIN_TOKEN,
    TYNDAU_DATA_DIR: '/tmp/tyndau-test-data',
    LOG_LEVEL: 'info',
    TYNDAU_DEMO: '0',
    TYNDAU_SIMULATOR: '0',
    TYNDAU_LABEL_WORKERS: '0',
    ...env,
  });
}

/** A full app on a fresh database of the given dialect; call stop() in afterAll/afterEach. */
export async function startTestApp(
  dialect: Dialect,
  env: Record<string, string> = {},
  options: { now?: () => number; understanding?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const config = testConfig(env);
  const logs = new LogSink();
  const app = await createApp(config, {
    database,
    logger: createLogger('info', logs),
    ...(options.now ? { now: options.now } : {}),
    // Tests get the trained models only when they ask: most give labels explicitly.
    ...(options.understanding ? {} : { labeler: null }),
  });
  await app.server.ready();
  return {
    ...app,
    database,
    logs,
    config,
    auth: (token = ADMIN_TOKEN) => ({ authorization: `Bearer ${token}` }),
    async stop() {
      await app.close();
      await database.drop();
    },
  };
}
