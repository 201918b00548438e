import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { accountResolvers } from '../accounts/principals.js';
import type { Config } from '../config/config.js';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { ensureSetting } from '../db/settings.js';
import { Metrics } from '../http/metrics.js';
import { buildServer } from '../http/server.js';
import { closeIntake } from '../intake/channels/group-commit.js';
import { createLabelPool } from '../intake/label-pool.js';
import type { Labeler } from '../intake/labeler.js';
import { loadReferenceData } from '../reference/seed.js';
import { Bus } from '../shared/bus.js';
import { createLogger, type Logger } from '../shared/logger.js';
import type { AppContext } from './context.js';
import { backgroundServices, loadLabeler, routeModules } from './features.js';

export interface App {
  readonly ctx: AppContext;
  readonly server: FastifyInstance;
  /** Stops background work, closes the server (in-flight requests finish) and the database. */
  close(): Promise<void>;
}

export interface ContextOptions {
  readonly logger?: Logger;
  /** An already opened database (tests); otherwise the configured one is opened (and closed with the app). */
  readonly database?: DatabaseHandle;
  readonly now?: () => number;
  /** Override text understanding (tests); by default the shipped models are loaded. */
  readonly labeler?: Labeler | null;
}

export interface CreateAppOptions extends ContextOptions {
  /** Start background workers (job runner, pollers). Tests usually drive them by hand. */
  readonly background?: boolean;
}

/** Opens the database, applies migrations and builds the context every feature receives. */
export async function openContext(
  config: Config,
  options: ContextOptions = {},
): Promise<{ ctx: AppContext; close: () => Promise<void> }> {
  const log = options.logger ?? createLogger(config.logLevel);
  const metrics = new Metrics();
  const handle =
    options.database ??
    openDatabase(config.database, {
      checkpointInWorker: true,
      onCheckpointError: (message) => log.error({ err: { message } }, 'WAL checkpoint failed'),
      onCheckpointWait: (ms) => metrics.checkpointWait.observe(ms / 1000),
    });
  await migrateToLatest(handle.db);
  const ctx: AppContext = {
    config,
    db: handle.db,
    dialect: handle.dialect,
    log,
    metrics,
    now: options.now ?? Date.now,
    labeler: options.labeler === undefined ? await loadLabeler(config, log) : options.labeler,
    labelPool: null,
    pseudonymKey: await ensureSetting(handle.db, 'pseudonym_key', () => randomBytes(32).toString('hex')),
    bus: new Bus(),
  };
  return { ctx, close: async () => (options.database ? undefined : handle.close()) };
}

export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<App> {
  const opened = await openContext(config, options);
  const closeContext = opened.close;
  // Worker threads label webhook deliveries only when the app has understanding at all.
  const labelPool = opened.ctx.labeler ? await createLabelPool(config, opened.ctx.log) : null;
  const ctx: AppContext = { ...opened.ctx, labelPool };
  await loadReferenceData(ctx);
  const server = await buildServer(ctx, { routes: routeModules, resolvers: accountResolvers(ctx) });
  const stops: Array<() => Promise<void>> = [];
  if (options.background) {
    for (const start of backgroundServices) stops.push(await start(ctx));
  }
  let closed = false;
  return {
    ctx,
    server,
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      for (const stop of stops.reverse()) await stop();
      await labelPool?.close();
      closeIntake(ctx);
      await closeContext();
    },
  };
}
