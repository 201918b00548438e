import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { ingest, quarantine } from '../service.js';
import type { Attachment, InboundAuthor } from '../types.js';
import { maskApiKey, type Submission } from './form.js';
import { open311Error } from './http.js';
import { requestForSignal } from './repository.js';
import { findService } from './service.js';
import { serviceNotice } from './services-data.js';
import type { Open311Client } from './types.js';
import { type ValidRequest, validateSubmission } from './validate.js';

export interface CreateOptions {
  /** The raw form body (for the quarantine of a refused request; the API key is masked first). */
  readonly raw: string;
  readonly contentType: string | undefined;
  /** Optional `Idempotency-Key` header: a retried POST with the same key returns the same request. */
  readonly idempotencyKey?: string | undefined;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const IMAGE = /\.(?:jpe?g|png|gif|webp|heic|bmp)(?:$|\?)/i;

/**
 * The signal's external id. Open311 has no idempotency key of its own and a POST is not idempotent,
 * so each POST is a new request: `open311:<client id>:<random UUID>`. A client that sends an
 * `Idempotency-Key` header gets `open311:<client id>:key:<hash of the key>` instead, so a retry after a
 * lost response is stored once and answered with the same id.
 */
export function externalIdFor(clientId: number, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return `open311:${clientId}:${randomUUID()}`;
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw open311Error(400, 'invalid_idempotency_key', [
      'Idempotency-Key must be 1 to 200 visible ASCII characters',
    ]);
  }
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `open311:${clientId}:key:${digest}`;
}

/**
 * Who wrote, as a stable per-person key on the open311 channel: the e-mail, else the phone, else the
 * app's account id, else the device id (the last two only mean something within one client app).
 * The contact details go only to the author's contact record.
 */
export function authorOf(clientId: number, v: ValidRequest): InboundAuthor | null {
  const c = v.contact;
  const externalUserId = c.email
    ? `email:${c.email}`
    : c.phone
      ? `phone:${c.phone}`
      : c.accountId
        ? `${clientId}:account:${c.accountId}`
        : c.deviceId
          ? `${clientId}:device:${c.deviceId}`
          : null;
  if (!externalUserId) return null;
  const displayName = [c.firstName, c.lastName].filter(Boolean).join(' ') || null;
  return { externalUserId, displayName, phone: c.phone, email: c.email };
}

/** The payload kept with the signal: everything sent except the API key and the contact details. */
function storedPayload(client: Open311Client, s: Submission, v: ValidRequest, serviceCode: string) {
  const contactFields = ['email', 'phone', 'first_name', 'last_name', 'device_id', 'account_id'];
  return {
    open311: 'GeoReport v2',
    client_id: client.id,
    service_code: serviceCode,
    jurisdiction_id: s.fields.get('jurisdiction_id') ?? null,
    lat: v.geo?.lat ?? null,
    long: v.geo?.lon ?? null,
    address_string: v.addressString,
    address_id: v.addressId,
    description: v.description,
    media_url: v.mediaUrl,
    attributes: v.attributes,
    contact_fields_given: contactFields.filter((k) => s.fields.has(k)),
  };
}

/**
 * POST requests: validates against the spec and the service definition, stores one signal through
 * ingest() (channel open311, given topic/kind from the service), then the Open311 request row, and
 * only then answers. A refused request is answered 400/404 in the spec's shape and kept in quarantine.
 */
export async function createServiceRequest(
  ctx: AppContext,
  client: Open311Client,
  s: Submission,
  options: CreateOptions,
): Promise<Record<string, unknown>[]> {
  const refuse = async (status: 400 | 404, code: string, errors: string[]) => {
    await quarantine(
      ctx,
      'open311',
      code,
      `client ${client.id}: ${errors.join('; ')}`,
      Buffer.from(maskApiKey(options.raw), 'utf8'),
      options.contentType,
    );
    return open311Error(status, code, errors);
  };
  const code = s.fields.get('service_code');
  if (!code) throw await refuse(400, 'service_code_missing', ['service_code is required']);
  const service = await findService(ctx, code);
  if (!service) throw await refuse(404, 'service_not_found', [`service_code ${code} was not found`]);
  const checked = validateSubmission(service, s);
  if (!checked.ok) throw await refuse(400, 'invalid_request', checked.errors);
  const v = checked.value;
  const externalId = externalIdFor(client.id, options.idempotencyKey);

  const attachments: Attachment[] = v.mediaUrl
    ? [{ kind: IMAGE.test(v.mediaUrl) ? 'image' : 'other', url: v.mediaUrl }]
    : [];
  const ingested = await ingest(ctx, {
    channel: 'open311',
    externalId,
    text: v.description || service.name,
    author: authorOf(client.id, v),
    attachments,
    geo: v.geo,
    address: v.addressString,
    raw: storedPayload(client, s, v, service.code),
    given: {
      ...(service.kind ? { kind: service.kind } : {}),
      ...(service.topic ? { topic: service.topic } : {}),
    },
  });
  const notice = await serviceNotice(ctx, service.code);
  const now = ctx.now();
  const { request } = await requestForSignal(ctx.db, ctx.dialect, {
    signal_id: ingested.signalId,
    client_id: client.id,
    token: service.type === 'batch' ? randomBytes(12).toString('base64url') : null,
    service_code: service.code,
    status: 'open',
    status_notes: null,
    agency_responsible: null,
    service_notice: notice,
    address: v.addressString,
    address_id: v.addressId,
    zipcode: null,
    lat: v.geo?.lat ?? null,
    lon: v.geo?.lon ?? null,
    media_url: v.mediaUrl,
    attributes: JSON.stringify(v.attributes),
    requested_at: now,
    updated_at: now,
    expected_at: null,
  });

  const common = { service_notice: request.service_notice, account_id: v.contact.accountId };
  switch (service.type) {
    case 'realtime':
      return [{ service_request_id: String(request.id), ...common }];
    case 'batch':
      // The spec's token is for servers that learn the id later; here it resolves at once (GET tokens).
      return [
        request.token
          ? { token: request.token, ...common }
          : { service_request_id: String(request.id), ...common },
      ];
    case 'blackbox':
      return [common];
  }
}
