import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { audit } from '../../audit/audit.js';
import { AppError, badRequest, notFound } from '../../shared/errors.js';
import { CHANNELS, type Channel } from '../../shared/taxonomy.js';
import { type Mapping, MappingError, parseMappingText } from './mapping.js';
import { ImportFileError } from './read.js';
import { getRun, listRejects } from './repository.js';
import { runImport } from './service.js';

/** Largest file the API takes (the workbook or CSV is held in memory); the CLI has no limit. */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;
const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const reportSchema = {
  type: 'object',
  properties: {
    runId: { type: 'integer' },
    status: { type: 'string', enum: ['done', 'failed'] },
    total: { type: 'integer' },
    resumedFrom: { type: 'integer', description: 'rows done by an earlier, interrupted run of this file' },
    imported: { type: 'integer' },
    duplicates: { type: 'integer' },
    rejected: { type: 'integer' },
    error: { type: 'string', nullable: true },
  },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

/** The mapping from `?mapping=` or `x-import-mapping` (JSON, percent-encoded JSON or base64 JSON). */
function mappingFrom(query: string | undefined, header: string | undefined): Mapping {
  let text = query;
  if (text === undefined && header !== undefined) {
    const h = header.trim();
    text = h.startsWith('{')
      ? h
      : h.startsWith('%')
        ? decodeURIComponent(h)
        : Buffer.from(h, 'base64').toString('utf8');
  }
  if (!text)
    throw badRequest('invalid_mapping', 'give the mapping as ?mapping=<json> or an x-import-mapping header');
  try {
    return parseMappingText(text);
  } catch (err) {
    if (err instanceof MappingError) throw badRequest('invalid_mapping', err.message, { issues: err.issues });
    throw err;
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function importRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      [...CSV_TYPES, XLSX_TYPE],
      { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES },
      (_req, body, done) => done(null, body),
    );
    scope.post<{
      Querystring: { mapping?: string; channel?: Channel; filename?: string };
      Headers: { 'x-import-mapping'?: string };
    }>(
      '/api/imports',
      {
        bodyLimit: IMPORT_MAX_BYTES,
        config: { access: 'import:write' },
        schema: {
          tags: ['intake'],
          summary: 'Import historical appeals from a CSV or XLSX file (the raw file is the body)',
          description:
            'Body: the file itself, `Content-Type: text/csv` or the XLSX type, up to 64 MiB (larger files: ' +
            'the `tyndau import` command). The column mapping is JSON in `?mapping=` or in an ' +
            '`x-import-mapping` header (percent-encoded or base64, as header values are ASCII). Runs to the ' +
            'end and answers the report; a file whose earlier import was interrupted is resumed.',
          querystring: {
            type: 'object',
            properties: {
              mapping: { type: 'string', description: 'the mapping JSON' },
              channel: {
                type: 'string',
                enum: [...CHANNELS],
                description: 'for rows without a channel column',
              },
              filename: {
                type: 'string',
                maxLength: 200,
                description: 'name of the file, for the run record',
              },
            },
          },
          headers: { type: 'object', properties: { 'x-import-mapping': { type: 'string' } } },
          body: {
            content: {
              'text/csv': {
                schema: { description: 'the CSV file (UTF-8 or windows-1251, see the mapping)' },
              },
              [XLSX_TYPE]: { schema: { description: 'the workbook' } },
            },
          },
          response: {
            201: reportSchema,
            400: { $ref: 'Error#' },
            413: { $ref: 'Error#' },
            415: { $ref: 'Error#' },
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0) {
          throw new AppError(415, 'unsupported_media_type', `send the file as text/csv or ${XLSX_TYPE}`);
        }
        const mapping = mappingFrom(request.query.mapping, request.headers['x-import-mapping']);
        const kind = (request.headers['content-type'] ?? '').startsWith(XLSX_TYPE) ? 'xlsx' : 'csv';
        try {
          const report = await runImport(ctx, {
            source: request.query.filename ?? `upload.${kind}`,
            file: { kind, bytes: body },
            mapping,
            channel: request.query.channel ?? 'import',
          });
          await audit(ctx.db, ctx.now(), {
            actor: request.principal.actor,
            action: 'import.run',
            entity: 'import_run',
            entityId: report.runId,
            ip: request.ip,
            data: { status: report.status, imported: report.imported, rejected: report.rejected },
          });
          return reply.code(201).send(report);
        } catch (err) {
          if (err instanceof ImportFileError) throw badRequest(err.code, err.message);
          throw err;
        }
      },
    );
  });

  app.get<{ Params: { id: number } }>(
    '/api/imports/:id',
    {
      config: { access: 'import:write' },
      schema: {
        tags: ['intake'],
        summary: 'An import run: status and counts (rows done so far while it runs)',
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              source: { type: 'string' },
              fileHash: { type: 'string' },
              status: { type: 'string', enum: ['running', 'done', 'failed'] },
              total: { type: 'integer', nullable: true },
              done: { type: 'integer' },
              imported: { type: 'integer' },
              duplicates: { type: 'integer' },
              rejected: { type: 'integer' },
              startedAt: { type: 'string', format: 'date-time' },
              updatedAt: { type: 'string', format: 'date-time' },
              finishedAt: { type: 'string', format: 'date-time', nullable: true },
            },
          },
          404: { $ref: 'Error#' },
        },
      },
    },
    async (request) => {
      const run = await getRun(ctx.db, request.params.id);
      if (!run) throw notFound('import run');
      return {
        id: run.id,
        source: run.source,
        fileHash: run.file_hash,
        status: run.status,
        total: run.rows_total,
        done: run.rows_done,
        imported: run.rows_imported,
        duplicates: run.rows_duplicate,
        rejected: run.rows_rejected,
        startedAt: iso(run.started_at),
        updatedAt: iso(run.updated_at),
        finishedAt: iso(run.finished_at),
      };
    },
  );

  app.get<{ Params: { id: number }; Querystring: { limit: number; offset: number } }>(
    '/api/imports/:id/rejects',
    {
      config: { access: 'import:write' },
      schema: {
        tags: ['intake'],
        summary:
          'Rejected rows of an import run: row number (1 = first row after the header), reason, the row',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    row: { type: 'integer' },
                    reason: { type: 'string' },
                    raw: { type: 'object', additionalProperties: { type: 'string' } },
                  },
                },
              },
            },
          },
          404: { $ref: 'Error#' },
        },
      },
    },
    async (request) => {
      if (!(await getRun(ctx.db, request.params.id))) throw notFound('import run');
      const { items, total } = await listRejects(
        ctx.db,
        request.params.id,
        request.query.limit,
        request.query.offset,
      );
      return {
        total,
        items: items.map((r) => ({ row: r.row_number, reason: r.reason, raw: JSON.parse(r.raw) as unknown })),
      };
    },
  );
}
