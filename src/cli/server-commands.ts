import { createApp } from '../app/app.js';
import type { Config } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { CliCommand, CliIo } from './types.js';

async function serveUntilSignal(config: Config, io: CliIo, mode: 'start' | 'serve'): Promise<number> {
  const app = await createApp(config, { background: true });
  const address = await app.server.listen({ port: config.port, host: config.host });
  app.ctx.log.info({ address, database: app.ctx.dialect, mode, demo: config.demo }, 'tyndau listening');
  io.stderr.write(
    `Tyndau is listening on ${address.replace('127.0.0.1', 'localhost')} (${app.ctx.dialect})\n`,
  );
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      app.ctx.log.info({ signal }, 'shutting down');
      app
        .close()
        .then(() => resolve(0))
        .catch((err: unknown) => {
          app.ctx.log.error({ err }, 'shutdown failed');
          resolve(1);
        });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

export const serverCommands: CliCommand[] = [
  {
    name: 'start',
    summary: 'Serve the platform; on a new database in demo mode, load the demo region',
    run: async (_args, io, config) => serveUntilSignal(config(), io, 'start'),
  },
  {
    name: 'serve',
    summary: 'Serve in production mode: never loads demo data',
    run: async (_args, io, config) =>
      serveUntilSignal({ ...config(), demo: false, simulator: false }, io, 'serve'),
  },
  {
    name: 'migrate',
    summary: 'Apply database migrations and exit',
    run: async (_args, io, config) => {
      const handle = openDatabase(config().database);
      try {
        const applied = await migrateToLatest(handle.db);
        io.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
        return 0;
      } finally {
        await handle.close();
      }
    },
  },
];
