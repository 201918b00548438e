import { healthRoutes } from '../health/routes.js';
import type { RouteModule } from '../http/server.js';
import type { AppContext } from './context.js';

/** Every feature's routes, in registration order. */
export const routeModules: readonly RouteModule[] = [healthRoutes];

/** Background work started with the server: each returns its stop function. */
export type BackgroundService = (ctx: AppContext) => Promise<() => Promise<void>>;
export const backgroundServices: readonly BackgroundService[] = [];
