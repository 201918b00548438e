import { accountRoutes } from '../accounts/routes.js';
import { analyticsRoutes } from '../analytics/routes.js';
import { startAnalytics } from '../analytics/service.js';
import { auditRoutes } from '../audit/routes.js';
import { caseRoutes } from '../cases/routes.js';
import { startTriage } from '../cases/sweeps.js';
import { demoRoutes } from '../demo/routes.js';
import { startSimulator } from '../demo/simulator.js';
import { healthRoutes } from '../health/routes.js';
import type { RouteModule } from '../http/server.js';
import { startIntakeJournal } from '../intake/channels/group-commit.js';
import { channelRoutes } from '../intake/channels/routes.js';
import { startFeedPoller } from '../intake/feeds/poller.js';
import { feedRoutes } from '../intake/feeds/routes.js';
import { importRoutes } from '../intake/import/routes.js';
import { startLabelling } from '../intake/labelling.js';
import { open311Routes } from '../intake/open311/routes.js';
import { intakeRoutes } from '../intake/routes.js';
import { webIntakeRoutes } from '../intake/web/routes.js';
import { startOutbox } from '../outbox/worker.js';
import { settingsWriteRoutes } from '../settings/routes.js';
import { webRoutes } from '../web/routes.js';
import type { AppContext } from './context.js';

/** Every feature's routes, in registration order. */
export const routeModules: readonly RouteModule[] = [
  healthRoutes,
  accountRoutes,
  auditRoutes,
  intakeRoutes,
  channelRoutes,
  open311Routes,
  webIntakeRoutes,
  importRoutes,
  feedRoutes,
  caseRoutes,
  analyticsRoutes,
  demoRoutes,
  settingsWriteRoutes,
  webRoutes,
];

/** Background work started with the server: each returns its stop function. */
export type BackgroundService = (ctx: AppContext) => Promise<() => Promise<void>>;
export const backgroundServices: readonly BackgroundService[] = [
  startLabelling,
  startTriage,
  startOutbox,
  startFeedPoller,
  startAnalytics,
  // Stops before the services above: what the journal still holds is stored (and triaged) first.
  (ctx) => startIntakeJournal(ctx),
  // Demo mode with TYNDAU_SIMULATOR on only; otherwise it returns at once and does nothing.
  startSimulator,
];

export { loadLabeler } from '../intake/understanding.js';
