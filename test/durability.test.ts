import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../src/config/config.js';
import { openDatabase } from '../src/db/database.js';
import { ADMIN_TOKEN } from './helpers/app.js';
import { createTestDatabase, DIALECTS } from './helpers/db.js';

/**
 * DESIGN.md guarantee 1 against the real server process: whatever got a 2xx survives kill -9 and is
 * stored exactly once, however often Telegram redelivers; SIGTERM lets a slow upload finish.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'durability-secret_42';

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly stderr: () => string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function startServer(
  databaseUrl: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/tyndau.mjs', 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      TYNDAU_DATA_DIR: dataDir,
      TYNDAU_TELEGRAM_SECRET: SECRET,
      TYNDAU_ADMIN_TOKEN: ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${stderr}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return { child, url, exited, stderr: () => stderr };
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`server did not get ready: ${stderr}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function update(id: number): string {
  return JSON.stringify({
    update_id: id,
    message: {
      message_id: id,
      from: { id: 1111111, is_bot: false, first_name: 'Айгуль' },
      chat: { id: 1111111, type: 'private' },
      date: 1_749_416_000,
      text: `Обращение номер ${id}`,
    },
  });
}

/** One webhook delivery; resolves to the HTTP status, or 0 when the connection failed. */
function deliver(agent: http.Agent, base: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      `${base}/webhooks/telegram`,
      {
        method: 'POST',
        agent,
        timeout: 10_000,
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function storedIds(config: DatabaseConfig, schema?: string): Promise<Map<string, number>> {
  const handle = openDatabase(config, schema ? { schema } : {});
  try {
    const rows = await handle.db
      .selectFrom('signals')
      .select(['external_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel', '=', 'telegram')
      .groupBy('external_id')
      .execute();
    return new Map(rows.map((r) => [r.external_id, Number(r.n)]));
  } finally {
    await handle.close();
  }
}

/** Journaled deliveries not yet stored as signals. */
async function journalRows(config: DatabaseConfig, schema?: string): Promise<number> {
  const handle = openDatabase(config, schema ? { schema } : {});
  try {
    const row = await handle.db
      .selectFrom('intake_journal')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await handle.close();
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// Deliveries stored before their 2xx (at most 4 in flight here), and journaled ones (every delivery
// that finds another in flight: most of them), whose rows must survive the kill and be stored after it.
const MODES = [
  ['stored before the answer', {}],
  ['journaled', { TYNDAU_INTAKE_JOURNAL_AT: '1' }],
] as const;

describe.each(DIALECTS)('the real server on %s', (dialect) => {
  it.each(MODES)(
    'stores every acknowledged update exactly once across a kill -9 and redeliveries (%s)',
    async (_mode, env) => {
      const dir = mkdtempSync(join(tmpdir(), 'tyndau-durability-'));
      dirs.push(dir);
      let databaseUrl = `sqlite:${join(dir, 'tyndau.db')}`;
      let config: DatabaseConfig = { dialect: 'sqlite', file: join(dir, 'tyndau.db') };
      let schema: string | undefined;
      let drop: () => Promise<void> = async () => {};
      if (dialect === 'postgres') {
        const db = await createTestDatabase('postgres');
        if (db.config.dialect !== 'postgres') throw new Error('expected postgres');
        await db.close();
        schema = db.config.schema;
        drop = async () => db.drop();
        const url = db.config.url;
        // pg reads libpq's `options` from the URL: the server's pool then works inside the test schema.
        databaseUrl = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
        config = { dialect: 'postgres', url };
      }
      try {
        let server = await startServer(databaseUrl, dir, env);
        const acked = new Set<number>();
        const retry: number[] = [];
        let nextId = 1;
        let failures = 0;
        let stop = false;
        const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
        const client = async () => {
          while (!stop || retry.length > 0) {
            const id = retry.shift() ?? (stop ? undefined : nextId++);
            if (id === undefined) break;
            const status = await deliver(agent, server.url, update(id));
            if (status >= 200 && status < 300) {
              acked.add(id);
            } else {
              // No answer (or 5xx/503 while going down): Telegram keeps the update and sends it again.
              failures++;
              retry.push(id);
              await sleep(20);
            }
          }
        };
        const clients = Array.from({ length: 4 }, () => client());

        while (acked.size < 150) await sleep(5);
        server.child.kill('SIGKILL');
        expect((await server.exited).signal).toBe('SIGKILL');
        const beforeKill = acked.size;
        // Acknowledged, not yet stored as signals: the restarted server must store these.
        if (env !== MODES[0][1]) expect(await journalRows(config, schema)).toBeGreaterThan(0);
        server = await startServer(databaseUrl, dir, env);
        while (acked.size < beforeKill + 150) await sleep(5);
        stop = true;
        await Promise.all(clients);
        agent.destroy();

        server.child.kill('SIGTERM');
        expect((await server.exited).code).toBe(0);

        expect(failures).toBeGreaterThan(0);
        const stored = await storedIds(config, schema);
        const sent = nextId - 1;
        expect(acked.size).toBe(sent);
        for (const id of acked) expect(stored.get(`1111111:${id}`), `update ${id}`).toBe(1);
        expect(stored.size).toBe(sent);
        expect(await journalRows(config, schema)).toBe(0);
      } finally {
        await drop();
      }
    },
    180_000,
  );
});

describe('the real server on SIGTERM', () => {
  it('finishes a webhook that is still uploading, then exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tyndau-sigterm-'));
    dirs.push(dir);
    const file = join(dir, 'tyndau.db');
    const server = await startServer(`sqlite:${file}`, dir);
    const body = Buffer.from(update(424242), 'utf8');
    const half = Math.floor(body.length / 2);
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${server.url}/webhooks/telegram`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'x-telegram-bot-api-secret-token': SECRET,
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.subarray(0, half));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.subarray(half)), 500);
      }, 300);
    });
    const res = await response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ ok: true, stored: 1 });
    const exit = await server.exited;
    expect(exit, server.stderr()).toEqual({ code: 0, signal: null });
    const stored = await storedIds({ dialect: 'sqlite', file });
    expect(stored.get('1111111:424242')).toBe(1);
  }, 120_000);
});
