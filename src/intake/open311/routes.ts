import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { clientRoutes } from './clients-routes.js';
import { createServiceRequest } from './create.js';
import { readSubmission } from './form.js';
import { sendOpen311 } from './format.js';
import { installOpen311Http, open311Error, rawFormBody } from './http.js';
import { authenticateClient } from './keys.js';
import {
  createBody,
  createdDoc,
  discoveryDoc,
  formatParam,
  jurisdictionQuery,
  requestsDoc,
  requestsQuery,
  responses,
  serviceDefinitionDoc,
  servicesDoc,
  tokenDoc,
} from './route-schemas.js';
import {
  discovery,
  getRequest,
  type RequestsQuery,
  resolveToken,
  searchRequests,
  serviceDefinition,
  serviceList,
} from './service.js';
import type { Format } from './types.js';

type WithFormat<P = object> = { Params: P & { format: Format } };
const tags = ['open311'];
const params = (extra: Record<string, unknown> = {}) => ({
  type: 'object',
  required: ['format', ...Object.keys(extra)],
  properties: { ...extra, format: formatParam },
});

function baseUrl(ctx: AppContext, request: FastifyRequest): string {
  return ctx.config.publicUrl ?? `${request.protocol}://${request.host}`;
}

/** Open311 GeoReport v2 under /open311/v2, in its own scope (spec-shaped errors, form bodies). */
function geoReportRoutes(app: FastifyInstance, ctx: AppContext): void {
  installOpen311Http(app);

  app.get<WithFormat>(
    '/v2/discovery.:format',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Open311 service discovery',
        params: params(),
        response: responses('the discovery document', discoveryDoc, [400]),
      },
    },
    async (request, reply) =>
      sendOpen311(reply, request.params.format, {
        kind: 'discovery',
        body: await discovery(ctx, baseUrl(ctx, request)),
      }),
  );

  app.get<WithFormat>(
    '/v2/services.:format',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Open311 service list',
        params: params(),
        querystring: jurisdictionQuery,
        response: responses('the services citizens can report', servicesDoc, [400]),
      },
    },
    async (request, reply) =>
      sendOpen311(reply, request.params.format, { kind: 'services', body: await serviceList(ctx) }),
  );

  app.get<WithFormat<{ service_code: string }>>(
    '/v2/services/:service_code.:format',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Open311 service definition: the attributes a request of this service takes',
        params: params({ service_code: { type: 'string' } }),
        querystring: jurisdictionQuery,
        response: responses('the service definition', serviceDefinitionDoc, [400, 404]),
      },
    },
    async (request, reply) =>
      sendOpen311(reply, request.params.format, {
        kind: 'service_definition',
        body: await serviceDefinition(ctx, request.params.service_code),
      }),
  );

  app.post<WithFormat & { Body: unknown }>(
    '/v2/requests.:format',
    {
      config: { access: 'public' },
      attachValidation: true,
      schema: {
        tags,
        summary: 'Create an Open311 service request (needs the client application api_key)',
        description:
          'Form-encoded. The request becomes a signal on channel open311. Realtime services answer with ' +
          'service_request_id, batch services with a token (GET tokens resolves it at once). An optional ' +
          '`Idempotency-Key` header makes a retried POST return the same request.',
        consumes: ['application/x-www-form-urlencoded'],
        params: params(),
        body: createBody,
        response: responses('the created request', createdDoc, [400, 403, 404]),
      },
    },
    async (request, reply) => {
      const submission = readSubmission(request.body);
      const query = request.query as Record<string, unknown> | undefined;
      const key =
        submission.fields.get('api_key') ?? (typeof query?.api_key === 'string' ? query.api_key : undefined);
      const client = await authenticateClient(ctx.db, key);
      if (request.validationError)
        throw open311Error(400, 'validation_failed', [request.validationError.message]);
      const idempotencyKey = request.headers['idempotency-key'];
      const body = await createServiceRequest(ctx, client, submission, {
        raw: rawFormBody(request),
        contentType: request.headers['content-type'],
        idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
      });
      return sendOpen311(reply, request.params.format, { kind: 'service_requests', body });
    },
  );

  app.get<WithFormat & { Querystring: RequestsQuery }>(
    '/v2/requests.:format',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Search Open311 service requests (public: no personal data)',
        description:
          'Default: the last 90 days, newest first, at most 1000 rows. start_date/end_date may span at most ' +
          '90 days. service_request_id overrides every other filter.',
        params: params(),
        querystring: requestsQuery,
        response: responses('matching requests', requestsDoc, [400]),
      },
    },
    async (request, reply) =>
      sendOpen311(reply, request.params.format, {
        kind: 'service_requests',
        body: await searchRequests(ctx, request.query),
      }),
  );

  app.get<WithFormat<{ service_request_id: string }>>(
    '/v2/requests/:service_request_id.:format',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One Open311 service request (an array of one)',
        params: params({ service_request_id: { type: 'string' } }),
        querystring: jurisdictionQuery,
        response: responses('the request', requestsDoc, [400, 404]),
      },
    },
    async (request, reply) =>
      sendOpen311(reply, request.params.format, {
        kind: 'service_requests',
        body: await getRequest(ctx, request.params.service_request_id),
      }),
  );

  app.get<WithFormat<{ token: string }>>(
    '/v2/tokens/:token.:format',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The service_request_id of a token returned by POST requests',
        params: params({ token: { type: 'string' } }),
        querystring: jurisdictionQuery,
        response: responses('the token and its request id', tokenDoc, [400, 404]),
      },
    },
    async (request, reply) =>
      sendOpen311(reply, request.params.format, {
        kind: 'service_requests',
        body: await resolveToken(ctx, request.params.token),
      }),
  );
}

/** The route module: GeoReport v2 under /open311 plus the admin API for client applications. */
export async function open311Routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => geoReportRoutes(scope, ctx), { prefix: '/open311' });
  clientRoutes(app, ctx);
}
