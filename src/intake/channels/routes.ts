import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { rawBodyScope } from '../webhook.js';
import { metaRoutes } from './meta/routes.js';
import { telegramRoutes } from './telegram/routes.js';
import { vkRoutes } from './vk/routes.js';
import { whatsappRoutes } from './whatsapp/routes.js';

/**
 * The messenger webhooks. They read the body as raw bytes (signatures are computed over the exact bytes
 * and refused payloads are quarantined verbatim), verify the sender, then parse, store and commit before
 * answering 2xx.
 */
export async function channelRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await rawBodyScope(
    app,
    (scope) => {
      telegramRoutes(scope, ctx);
      whatsappRoutes(scope, ctx);
      metaRoutes(scope, ctx);
      vkRoutes(scope, ctx);
    },
    ctx.config.bodyLimit,
  );
}
