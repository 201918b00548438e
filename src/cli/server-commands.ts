import { type App, type ContextOptions, createApp } from '../app/app.js';
import type { Config } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { prepareDemo } from '../demo/start.js';
import { createLogger, serverLogDestination } from '../shared/logger.js';
import { ensureWebBuild } from '../web/build.js';
import type { CliCommand, CliIo } from './types.js';

export interface Running {
  readonly app: App;
  readonly address: string;
  close(): Promise<void>;
}

/**
 * Creates the app and listens. `start` in demo mode runs the demo region around it (accounts, a year of
 * history on a new database, the simulator); `serve` is production and never does: demo and simulator
 * are switched off whatever the environment says.
 */
export async function launch(
  mode: 'start' | 'serve',
  config: Config,
  io: CliIo,
  options: ContextOptions & { readonly demoAppeals?: number } = {},
): Promise<Running> {
  const { demoAppeals, ...contextOptions } = options;
  const effective = mode === 'serve' ? { ...config, demo: false, simulator: false } : config;
  const demo =
    mode === 'start' && effective.demo
      ? await prepareDemo(effective, (l) => io.stderr.write(l), demoAppeals)
      : null;
  await demo?.prepare(contextOptions);
  const app = await createApp(demo?.config ?? effective, {
    logger: createLogger(effective.logLevel, serverLogDestination()),
    ...contextOptions,
    background: true,
  });
  const address = await app.server.listen({ port: effective.port, host: effective.host });
  app.ctx.log.info({ address, database: app.ctx.dialect, mode, demo: effective.demo }, 'tyndau listening');
  io.stderr.write(
    `Tyndau is listening on ${address.replace('127.0.0.1', 'localhost')} (${app.ctx.dialect})\n`,
  );
  demo?.afterListen(app.ctx, address);
  return {
    app,
    address,
    async close() {
      await app.close();
      await demo?.close();
    },
  };
}

async function serveUntilSignal(config: Config, io: CliIo, mode: 'start' | 'serve'): Promise<number> {
  // The web app is built here when dist/web is missing or older than web/: a fresh clone needs no build step.
  await ensureWebBuild({ log: (line) => io.stderr.write(`${line}\n`) }).catch((err: unknown) => {
    io.stderr.write(`web app: the build failed, serving the API only: ${(err as Error).message}\n`);
  });
  const running = await launch(mode, config, io);
  const { app } = running;
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      app.ctx.log.info({ signal }, 'shutting down');
      running
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
    run: async (_args, io, config) => serveUntilSignal(config(), io, 'serve'),
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
