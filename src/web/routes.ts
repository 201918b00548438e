import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { eventRoutes } from './events.js';
import { mentionRoutes } from './mentions.js';
import { referenceRoutes } from './reference-routes.js';
import { settingsRoutes } from './settings-routes.js';
import { webAppRoutes } from './static.js';

const liveFeed = eventRoutes();

/** The web app: its small read-only APIs, the live feed and the built files at `/`. */
export async function webRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  referenceRoutes(app, ctx);
  settingsRoutes(app, ctx);
  mentionRoutes(app, ctx);
  liveFeed(app, ctx);
  await webAppRoutes(app);
}
