import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { badRequest } from '../shared/errors.js';

type Parts = { readonly body?: z.ZodType; readonly params?: z.ZodType };

/** JSON schema of a zod schema as the request side sees it, for the OpenAPI document. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }) as Record<
    string,
    unknown
  >;
  return json;
}

/**
 * Validates a route's body and params with zod: the parsed value (defaults applied, unknown keys
 * refused) replaces the request's, a failure is 400 `validation_failed` naming each field. The same
 * schemas, as JSON schema, document the route in /openapi.json.
 */
export function zodParts(parts: Parts): {
  schema: FastifySchema;
  validatorCompiler: FastifySchemaCompiler<unknown>;
} {
  const schema: FastifySchema = {};
  if (parts.body) schema.body = jsonSchemaOf(parts.body);
  if (parts.params) schema.params = jsonSchemaOf(parts.params);
  return {
    schema,
    validatorCompiler: ({ httpPart }) => {
      const part = httpPart === 'body' ? parts.body : httpPart === 'params' ? parts.params : undefined;
      return (data: unknown) => {
        if (!part) return { value: data };
        const r = part.safeParse(data);
        if (r.success) return { value: r.data };
        const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        const first = issues[0];
        return {
          error: badRequest(
            'validation_failed',
            `${httpPart}${first?.path ? `.${first.path}` : ''}: ${first?.message ?? 'invalid'}`,
            { issues },
          ),
        };
      };
    },
  };
}

export const idParams = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
});
