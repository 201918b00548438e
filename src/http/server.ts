import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { AppContext } from '../app/context.js';
import { installAccessControl, type PrincipalResolver } from '../auth/access.js';
import { LazyChildLogger, type Logger } from '../shared/logger.js';
import { errorSchema, installErrorHandling } from './errors.js';
import { installRateLimits } from './rate-limit.js';

export type RouteModule = (app: FastifyInstance, ctx: AppContext) => void | Promise<void>;

export interface ServerOptions {
  readonly routes: readonly RouteModule[];
  readonly resolvers?: readonly PrincipalResolver[];
}

/** Every registered route, for the OpenAPI completeness and permission-matrix tests. */
export interface RouteInfo {
  readonly method: string;
  readonly url: string;
  readonly hidden: boolean;
  readonly access: string | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeList: readonly RouteInfo[];
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Sent with every response. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

/** Builds the HTTP server: logging, request ids, metrics, access control, errors, OpenAPI, routes. */
export async function buildServer(ctx: AppContext, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: true,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Log the path only: query strings may carry tokens (hub.verify_token, api_key).
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger, bindings, options) =>
      new LazyChildLogger(logger as Logger, bindings, options) as unknown as FastifyBaseLogger,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  });

  app.addSchema(errorSchema);
  installErrorHandling(app);

  // Callback-style hooks: these run on every request, and an async hook costs a promise each time.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers({ 'x-request-id': request.id, ...SECURITY_HEADERS });
    done();
  });
  // One access line per request, written when it ends (request id, method, path, status, duration).
  // Its fields are these five and nothing else, so it skips the redaction pass every other line gets.
  const accessLog = ctx.log.child({}, { redact: [] });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    ctx.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    ctx.metrics.httpDuration.observe({ method: request.method, route }, seconds);
    accessLog.info(
      {
        reqId: request.id,
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
  // While shutting down, in-flight responses close their connection so the process exits at once.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  // The API explorer's own routes (registered below) are public.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...route.config, access: 'public' };
  });
  installAccessControl(app, ctx, [...(options.resolvers ?? [])]);
  installRateLimits(app, ctx.now);
  await app.register(formbody);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tyndau API',
        description:
          'Citizen appeals, social listening and early warning for a regional government. ' +
          'Private routes need `Authorization: Bearer <token>`.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  // Every non-public route is documented as needing the bearer token.
  const routeList: RouteInfo[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') {
        routeList.push({
          method,
          url: route.url,
          hidden: Boolean(route.schema?.hide),
          access: route.config?.access,
        });
      }
    }
    const access = route.config?.access;
    if (route.schema && access !== 'public') {
      route.schema = { ...route.schema, security: [{ bearer: [] }] } as typeof route.schema;
    }
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { url: '/openapi.json' },
    // The UI's own routes are public and are not part of the API document.
    uiHooks: {},
    staticCSP: false,
  });
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  for (const register of options.routes) await register(app, ctx);
  return app;
}
