import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import type { AppContext } from '../../app/context.js';
import { AppError, badRequest } from '../../shared/errors.js';
import { quarantine } from '../service.js';
import { type AppealForm, isHoneypot, submitAppeal } from './form.js';
import { type OperatorEntry, registerEntry } from './operator.js';
import { appealBody, appealHeaders, appealResponses, operatorBody, operatorResponses } from './schemas.js';

/**
 * The citizen web form (public, rate-limited per IP, honeypot) and the operator's entry of calls and
 * letters. The form's JSON is read as bytes first, so a malformed, oversized or mistyped submission is
 * kept in quarantine (channel `web`) before the 4xx goes out.
 */
export async function webIntakeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const honeypotHits = new Counter({
    name: 'tyndau_web_form_honeypot_total',
    help: 'Web form submissions with the honeypot field filled (answered 202, not stored)',
    registers: [ctx.metrics.registry],
  });
  const rawBodies = new WeakMap<FastifyRequest, Buffer>();

  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: ctx.config.bodyLimit * 4 },
      async (request: FastifyRequest, body: Buffer) => {
        rawBodies.set(request, body);
        const type = request.headers['content-type'];
        if (body.length > ctx.config.bodyLimit) {
          await quarantine(ctx, 'web', 'payload_too_large', `body of ${body.length} bytes`, body, type);
          throw new AppError(413, 'payload_too_large', `the body exceeds ${ctx.config.bodyLimit} bytes`);
        }
        try {
          return JSON.parse(body.toString('utf8')) as unknown;
        } catch (err) {
          await quarantine(ctx, 'web', 'malformed_json', (err as Error).message.slice(0, 200), body, type);
          throw badRequest('malformed_json', 'the body is not valid JSON');
        }
      },
    );

    scope.post<{ Body: AppealForm; Headers: { 'idempotency-key'?: string } }>(
      '/api/public/appeals',
      {
        config: { access: 'public', rateLimit: { max: ctx.config.publicRateLimit, windowSeconds: 60 } },
        attachValidation: true,
        schema: {
          tags: ['intake'],
          summary: "A citizen's appeal from the web form",
          description:
            'JSON body. Phone numbers are normalised to E.164 (Kazakh by default); an invalid one is 400 ' +
            'invalid_phone; consent must be true (400 consent_required). Send an `Idempotency-Key` header ' +
            'so that a double submit is stored once. Limited per IP (429 rate_limited with Retry-After). ' +
            'The answer never repeats personal data. Malformed or mistyped bodies are quarantined.',
          headers: appealHeaders,
          body: appealBody,
          response: appealResponses,
        },
      },
      async (request, reply) => {
        if (isHoneypot(request.body)) {
          honeypotHits.inc();
          return reply.code(202).send({ receivedAt: new Date(ctx.now()).toISOString() });
        }
        if (request.validationError) {
          const raw = rawBodies.get(request) ?? Buffer.from(JSON.stringify(request.body ?? null));
          const message = request.validationError.message;
          await quarantine(ctx, 'web', 'invalid_payload', message, raw, request.headers['content-type']);
          throw badRequest('validation_failed', message);
        }
        const result = await submitAppeal(ctx, request.body, request.headers['idempotency-key']);
        return reply.code(201).send({ id: result.id, receivedAt: result.receivedAt });
      },
    );
  });

  app.post<{ Body: OperatorEntry }>(
    '/api/signals',
    {
      config: { access: 'signals:write' },
      schema: {
        tags: ['intake'],
        summary: 'Register a call, letter or e-gov appeal taken by an operator, with their labels',
        description:
          'The operator labels (kind, topic, district, urgency) win over the machine labels. A repeated ' +
          'externalId answers 200 with duplicate=true and stores nothing new.',
        body: operatorBody,
        response: operatorResponses,
      },
    },
    async (request, reply) => {
      const result = await registerEntry(ctx, request.body, request.principal, request.ip);
      return reply.code(result.duplicate ? 200 : 201).send(result);
    },
  );
}
