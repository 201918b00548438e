import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { ADMIN_TOKEN, LogSink, type TestApp, testConfig } from '../../../test/helpers/app.js';
import { createTestDatabase } from '../../../test/helpers/db.js';
import { createApp } from '../../app/app.js';
import type { Dialect } from '../../db/database.js';
import { createLogger } from '../../shared/logger.js';
import type { Labeler } from '../labeler.js';
import { issueClientKey } from './keys.js';

/** Helpers for the Open311 tests (not used by the application). */

/**
 * A stand-in for the understanding stage: redacts e-mails, phones, IINs, flat numbers and the names it
 * is told about, the way the real labeler's textRedacted does. Labels nothing else.
 */
export function redactingLabeler(names: readonly string[] = []): Labeler {
  return (text) => {
    let t = text
      .replace(/\S+@\S+\.\S+/g, '[EMAIL]')
      .replace(/\+?\d(?:[\s()-]{0,2}\d){9,}/g, '[PHONE]')
      .replace(/(кв\.?|квартира)\s*\d+/gi, '$1 [FLAT]');
    for (const n of names) t = t.split(n).join('[NAME]');
    return {
      lang: 'ru',
      kind: null,
      topic: null,
      sentiment: null,
      district: null,
      urgency: null,
      textRedacted: t,
      details: {},
    };
  };
}

/** A labeler whose redaction misses everything: the public scrub must still catch what it can. */
export const leakyLabeler: Labeler = (text) => ({
  lang: 'ru',
  kind: null,
  topic: null,
  sentiment: null,
  district: null,
  urgency: null,
  textRedacted: text,
  details: {},
});

/** Like test/helpers' startTestApp, with a labeler of the test's choosing. */
export async function startOpen311App(
  dialect: Dialect,
  options: { labeler?: Labeler | null; now?: () => number; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const config = testConfig(options.env ?? {});
  const logs = new LogSink();
  const app = await createApp(config, {
    database,
    logger: createLogger('info', logs),
    labeler: options.labeler ?? null,
    ...(options.now ? { now: options.now } : {}),
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

export async function newApiKey(app: TestApp, name = 'Test app'): Promise<string> {
  return (await issueClientKey(app.ctx.db, name, app.ctx.now())).apiKey;
}

/** The JSON Schemas in ./schemas, compiled with ajv and ajv-formats. */
export function schemaValidators(): Record<string, ValidateFunction> {
  const dir = new URL('./schemas/', import.meta.url);
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const names = readdirSync(dir).filter((f) => f.endsWith('.json'));
  for (const f of names) ajv.addSchema(JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as object, f);
  const out: Record<string, ValidateFunction> = {};
  for (const f of names) {
    const v = ajv.getSchema(f);
    if (!v) throw new Error(`schema ${f} did not compile`);
    out[f.replace(/\.json$/, '')] = v;
  }
  return out;
}

/** Throws with ajv's errors when `data` does not match; returns data for chaining. */
export function expectValid<T>(validate: ValidateFunction, data: T): T {
  if (!validate(data))
    throw new Error(`schema violation: ${JSON.stringify(validate.errors)}\n${JSON.stringify(data)}`);
  return data;
}

const xml = new XMLParser({
  parseTagValue: false,
  ignoreDeclaration: false,
  isArray: (name) =>
    ['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format'].includes(name),
});
export const parseXml = (body: string): Record<string, unknown> => xml.parse(body) as Record<string, unknown>;

/** The spec's example POST, adapted to our service codes and attributes (protocols.md, section 1). */
export function specExampleForm(apiKey: string): string {
  return readFileSync(new URL('./fixtures/spec-example-post.txt', import.meta.url), 'utf8')
    .trim()
    .replace('api_key=xyz', `api_key=${encodeURIComponent(apiKey)}`);
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

export function form(fields: Record<string, string | number | readonly string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const one of Array.isArray(v) ? v : [v]) p.append(k, String(one));
  }
  return p.toString();
}
