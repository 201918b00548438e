import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, testConfig } from '../../test/helpers/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/helpers/db.js';
import { launch, type Running } from '../cli/server-commands.js';
import type { CliIo } from '../cli/types.js';
import { ingest } from '../intake/service.js';
import { createLogger } from '../shared/logger.js';

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString('utf8');
    cb();
  }
}

function io(): CliIo & { stderr: Collect } {
  return { stdin: new PassThrough(), stdout: new Collect(), stderr: new Collect(), env: {} };
}

const ENV = {
  TYNDAU_DEMO: '1',
  TYNDAU_SIMULATOR: '1',
  TYNDAU_SIMULATOR_PER_MINUTE: '600',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
};

describe.each(DIALECTS)('tyndau start and tyndau serve on %s', (dialect) => {
  let database: TestDatabase | null = null;
  let running: Running | null = null;
  afterEach(async () => {
    await running?.close();
    await database?.drop();
    running = null;
    database = null;
  });

  const demoRows = async (table: 'users' | 'signals' | 'cases') =>
    Number(
      (
        await running!.app.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('is_demo', '=', 1)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const get = (path: string, token?: string) =>
    fetch(`${running!.address}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('serve never loads demo data, even with TYNDAU_DEMO=1, and has no demo accounts endpoint', async () => {
    database = await createTestDatabase(dialect);
    const out = io();
    running = await launch('serve', testConfig(ENV), out, { database, logger: createLogger('silent') });
    expect(running.app.ctx.config.demo).toBe(false);
    expect(running.app.ctx.config.simulator).toBe(false);
    await new Promise((r) => setTimeout(r, 1500));
    for (const table of ['users', 'signals', 'cases'] as const) expect(await demoRows(table), table).toBe(0);
    const accounts = await get('/api/demo/accounts');
    expect(accounts.status).toBe(404);
    expect(((await accounts.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await get('/api/signals', ADMIN_TOKEN)).status).toBe(200);
    expect(out.stderr.text).not.toMatch(/demo/i);
  });

  it('start in demo mode seeds a new database, offers the demo sign-ins and runs the simulator', async () => {
    database = await createTestDatabase(dialect);
    const out = io();
    running = await launch('start', testConfig(ENV), out, {
      database,
      logger: createLogger('silent'),
      demoAppeals: 300,
    });
    expect(out.stderr.text).toContain('Demo region ready');
    expect(out.stderr.text).toContain('demo.operator');
    expect(await demoRows('signals')).toBeGreaterThanOrEqual(300);
    expect(await demoRows('cases')).toBeGreaterThanOrEqual(300);
    const rules = await running.app.ctx.db.selectFrom('alert_rules').select(['type']).execute();
    expect(new Set(rules.map((r) => r.type))).toContain('spike');
    const res = await get('/api/demo/accounts');
    expect(res.status).toBe(200);
    const { accounts } = (await res.json()) as {
      accounts: Array<{ login: string; password: string; roles: string[] }>;
    };
    expect(accounts.map((a) => a.roles[0]).sort()).toEqual(
      ['admin', 'analyst', 'auditor', 'executor', 'executor', 'operator', 'supervisor'].sort(),
    );
    const operator = accounts.find((a) => a.login === 'demo.operator')!;
    const login = await fetch(`${running.address}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: operator.login, password: operator.password }),
    });
    expect(login.status).toBe(200);
    // Scripts use the same API with the same admin token in both modes.
    expect((await get('/api/signals?limit=1', ADMIN_TOKEN)).status).toBe(200);
    // The simulator posts through the webhooks once the server listens.
    const seeded = await demoRows('signals');
    let live = 0;
    for (let i = 0; i < 40 && live === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      live = (await demoRows('signals')) - seeded;
    }
    expect(live).toBeGreaterThan(0);
  });

  it('start in demo mode on a database with real data adds no demo accounts, history or simulator', async () => {
    database = await createTestDatabase(dialect);
    running = await launch('serve', testConfig(ENV), io(), { database, logger: createLogger('silent') });
    await ingest(running.app.ctx, {
      channel: 'web',
      externalId: 'real-1',
      text: 'Нет воды на ул. Абая',
      raw: {},
    });
    await running.close();
    const out = io();
    running = await launch('start', testConfig(ENV), out, {
      database,
      logger: createLogger('silent'),
      demoAppeals: 100,
    });
    expect(out.stderr.text).toContain('not demo data');
    expect(out.stderr.text).not.toContain('demo.admin');
    await new Promise((r) => setTimeout(r, 1500));
    for (const table of ['users', 'signals', 'cases'] as const) expect(await demoRows(table), table).toBe(0);
    const res = await get('/api/demo/accounts');
    expect(((await res.json()) as { accounts: unknown[] }).accounts).toEqual([]);
  });

  it('start on a database that already has signals does not seed again', async () => {
    database = await createTestDatabase(dialect);
    running = await launch('start', testConfig({ ...ENV, TYNDAU_SIMULATOR: '0' }), io(), {
      database,
      logger: createLogger('silent'),
      demoAppeals: 100,
    });
    const first = await demoRows('cases');
    await running.close();
    const again = io();
    running = await launch('start', testConfig({ ...ENV, TYNDAU_SIMULATOR: '0' }), again, {
      database,
      logger: createLogger('silent'),
      demoAppeals: 100,
    });
    expect(await demoRows('cases')).toBe(first);
    expect(again.stderr.text).not.toContain('writing a year of history');
    expect(again.stderr.text).toContain('Demo sign-ins');
  });
});
