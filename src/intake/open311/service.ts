import type { AppContext } from '../../app/context.js';
import { open311Error } from './http.js';
import { publicRequest } from './public.js';
import {
  findActiveService,
  findRequestByToken,
  listActiveServices,
  listRequests,
  updateRequestBySignal,
} from './repository.js';
import { discoveryInfo, ensureOpen311Services } from './services-data.js';
import { REQUEST_STATUSES, type RequestStatus, type Service } from './types.js';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
export const MAX_ROWS = 1000;
const DAY = 86_400_000;
export const MAX_SPAN_MS = 90 * DAY;

/** The service discovery document; `baseUrl` is the public URL of the deployment. */
export async function discovery(ctx: AppContext, baseUrl: string) {
  const info = await discoveryInfo(ctx);
  return {
    changeset: info.changeset,
    contact: info.contact,
    key_service: info.key_service,
    endpoints: [
      {
        specification: SPECIFICATION,
        url: `${baseUrl.replace(/\/+$/, '')}/open311/v2`,
        changeset: info.changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

function serviceListItem(s: Service) {
  return {
    service_code: s.code,
    service_name: s.name,
    description: s.description,
    metadata: s.attributes.length > 0,
    type: s.type,
    keywords: s.keywords,
    group: s.group,
  };
}

export async function serviceList(ctx: AppContext) {
  await ensureOpen311Services(ctx);
  return (await listActiveServices(ctx.db)).map(serviceListItem);
}

export async function findService(ctx: AppContext, code: string): Promise<Service | undefined> {
  await ensureOpen311Services(ctx);
  return findActiveService(ctx.db, code);
}

export async function requireService(ctx: AppContext, code: string): Promise<Service> {
  const service = await findService(ctx, code);
  if (!service) throw open311Error(404, 'service_not_found', [`service_code ${code} was not found`]);
  return service;
}

export async function serviceDefinition(ctx: AppContext, code: string) {
  const service = await requireService(ctx, code);
  const attributes = [...service.attributes].sort((a, b) => (a.order ?? 1e9) - (b.order ?? 1e9));
  return {
    service_code: service.code,
    attributes: attributes.map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatype_description,
      order: a.order,
      description: a.description,
      values: a.values.map((v) => ({ key: v.key, name: v.name })),
    })),
  };
}

// ---- GET requests ----------------------------------------------------------------------------

export interface RequestsQuery {
  readonly service_request_id?: string | undefined;
  readonly service_code?: string | undefined;
  readonly start_date?: string | undefined;
  readonly end_date?: string | undefined;
  readonly status?: string | undefined;
}

const W3_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** A w3 date-time with its timezone. An unencoded `+05:00` arrives as ` 05:00`, which is repaired. */
export function parseW3Date(name: string, value: string): number {
  const v = value.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  const ms = W3_DATETIME.test(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw open311Error(400, 'invalid_date', [
      `${name} must be an ISO 8601 date-time with a timezone, e.g. 2026-12-01T00:00:00Z`,
    ]);
  }
  return ms;
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The range searched: both dates as given (at most 90 days apart); one date: 90 days from or up to
 * it; none: the last 90 days. A service_request_id list overrides every other filter.
 */
export function searchWindow(q: RequestsQuery, now: number): { from: number; to: number } {
  const start = q.start_date ? parseW3Date('start_date', q.start_date) : undefined;
  const end = q.end_date ? parseW3Date('end_date', q.end_date) : undefined;
  if (start !== undefined && end !== undefined) {
    if (end < start) throw open311Error(400, 'invalid_date_range', ['end_date is before start_date']);
    if (end - start > MAX_SPAN_MS) {
      throw open311Error(400, 'date_range_too_long', [
        'start_date and end_date may not span more than 90 days',
      ]);
    }
    return { from: start, to: end };
  }
  if (start !== undefined) return { from: start, to: start + MAX_SPAN_MS };
  if (end !== undefined) return { from: end - MAX_SPAN_MS, to: end };
  return { from: now - MAX_SPAN_MS, to: now };
}

export async function searchRequests(ctx: AppContext, q: RequestsQuery) {
  const ids = list(q.service_request_id);
  if (ids.length > MAX_ROWS) {
    throw open311Error(400, 'too_many_ids', [`at most ${MAX_ROWS} service_request_id values at once`]);
  }
  if (ids.length > 0) {
    const numeric = ids.filter((id) => /^\d{1,15}$/.test(id)).map(Number);
    return (await listRequests(ctx.db, { ids: numeric, limit: MAX_ROWS })).map(publicRequest);
  }
  const statuses = list(q.status);
  const unknown = statuses.filter((s) => !(REQUEST_STATUSES as readonly string[]).includes(s));
  if (unknown.length)
    throw open311Error(400, 'invalid_status', [`status must be open or closed, not ${unknown.join(', ')}`]);
  const { from, to } = searchWindow(q, ctx.now());
  const rows = await listRequests(ctx.db, {
    serviceCodes: list(q.service_code),
    statuses,
    from,
    to,
    limit: MAX_ROWS,
  });
  return rows.map(publicRequest);
}

export async function getRequest(ctx: AppContext, id: string) {
  const rows = /^\d{1,15}$/.test(id) ? await listRequests(ctx.db, { ids: [Number(id)], limit: 1 }) : [];
  if (rows.length === 0)
    throw open311Error(404, 'request_not_found', [`service_request_id ${id} was not found`]);
  return rows.map(publicRequest);
}

export async function resolveToken(ctx: AppContext, token: string) {
  const row = await findRequestByToken(ctx.db, token);
  if (!row) throw open311Error(404, 'token_not_found', [`token ${token} was not found`]);
  // The request exists as soon as the token does, so the id is always known here.
  return [{ token, service_request_id: String(row.id) }];
}

// ---- status sync from the case desk ----------------------------------------------------------

export interface Open311StatusUpdate {
  readonly status: RequestStatus;
  readonly statusNotes?: string | null;
  readonly agencyResponsible?: string | null;
  /** When the request is expected to be fulfilled (epoch ms), e.g. the case's deadline. */
  readonly expectedAt?: number | null;
}

/**
 * Mirrors a case's progress onto the Open311 request of one of its signals: the case desk calls this
 * when a case is answered, closed or reopened. Fields left undefined keep their value. Returns false
 * when the signal did not come through Open311 (nothing to update).
 */
export async function updateOpen311Status(
  ctx: AppContext,
  signalId: number,
  update: Open311StatusUpdate,
): Promise<boolean> {
  const n = await updateRequestBySignal(ctx.db, signalId, {
    status: update.status,
    updated_at: ctx.now(),
    ...(update.statusNotes !== undefined ? { status_notes: update.statusNotes } : {}),
    ...(update.agencyResponsible !== undefined ? { agency_responsible: update.agencyResponsible } : {}),
    ...(update.expectedAt !== undefined ? { expected_at: update.expectedAt } : {}),
  });
  return n > 0;
}
