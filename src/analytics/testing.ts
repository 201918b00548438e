import { ADMIN_TOKEN, LogSink, testConfig } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { type App, createApp } from '../app/app.js';
import type { Dialect } from '../db/database.js';
import type { SignalLabels } from '../intake/labeler.js';
import { createLogger } from '../shared/logger.js';

/**
 * Test support for analytics: a full app on a fresh database with a controllable clock and a small
 * stand-in for the text-understanding model (phone numbers and e-mails redacted, a few negative words),
 * so that tests can check what the analytics keep of a message without the shipped models.
 */

const PHONE = /\+?\d[\d\s()-]{8,}\d/g;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/g;
const NEGATIVE = /(нет|жоқ|безобраз|ужас|прорыв|авария)/i;
const POSITIVE = /(спасибо|рахмет|благодар)/i;

export function standInLabeler(text: string): SignalLabels {
  return {
    lang: 'ru',
    kind: null,
    topic: null,
    sentiment: NEGATIVE.test(text) ? 'negative' : POSITIVE.test(text) ? 'positive' : 'neutral',
    district: null,
    urgency: null,
    textRedacted: text.replace(PHONE, '[телефон]').replace(EMAIL, '[e-mail]'),
    details: {},
  };
}

export interface AnalyticsTestApp extends App {
  readonly logs: LogSink;
  readonly clock: { now: number };
  auth(token?: string): { authorization: string };
  stop(): Promise<void>;
}

export async function startAnalyticsApp(dialect: Dialect, start: number): Promise<AnalyticsTestApp> {
  const database: TestDatabase = await createTestDatabase(dialect);
  const logs = new LogSink();
  const clock = { now: start };
  const app = await createApp(testConfig(), {
    database,
    logger: createLogger('info', logs),
    now: () => clock.now,
    labeler: standInLabeler,
  });
  await app.server.ready();
  return {
    ...app,
    logs,
    clock,
    auth: (token = ADMIN_TOKEN) => ({ authorization: `Bearer ${token}` }),
    async stop() {
      await app.close();
      await database.drop();
    },
  };
}
