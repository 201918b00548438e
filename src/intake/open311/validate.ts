import { toE164 } from '../channels/phone.js';
import type { Submission } from './form.js';
import type { Service, ServiceAttribute } from './types.js';

/** A POST request that passed every check of the spec and of its service definition. */
export interface ValidRequest {
  readonly geo: { readonly lat: number; readonly lon: number } | null;
  readonly addressString: string | null;
  readonly addressId: string | null;
  readonly description: string;
  readonly mediaUrl: string | null;
  readonly contact: {
    readonly email: string | null;
    readonly phone: string | null;
    readonly firstName: string | null;
    readonly lastName: string | null;
    readonly deviceId: string | null;
    readonly accountId: string | null;
  };
  /** Validated attribute values by code: numbers as numbers, lists as arrays of keys. */
  readonly attributes: Readonly<Record<string, string | number | readonly string[]>>;
}

export const MAX_DESCRIPTION = 4000;
const NUMBER = /^[-+]?\d+(?:[.,]\d+)?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;

const LIMITS: Record<string, number> = {
  address_string: 500,
  address_id: 200,
  email: 320,
  phone: 50,
  first_name: 200,
  last_name: 200,
  device_id: 200,
  account_id: 200,
  media_url: 2000,
};

function coordinate(value: string | undefined, name: string, max: number, errors: string[]): number | null {
  if (value === undefined) return null;
  const n = NUMBER.test(value) ? Number(value.replace(',', '.')) : Number.NaN;
  if (!Number.isFinite(n) || Math.abs(n) > max) {
    errors.push(`${name} must be a number between -${max} and ${max} (WGS84)`);
    return null;
  }
  return n;
}

function httpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function attributeValue(
  a: ServiceAttribute,
  given: readonly string[],
  errors: string[],
): string | number | readonly string[] | undefined {
  const label = `attribute[${a.code}]`;
  if (given.length === 0) {
    if (a.required) errors.push(`${label} is required`);
    return undefined;
  }
  const keys = new Set(a.values.map((v) => v.key));
  if (a.datatype === 'multivaluelist') {
    const bad = given.filter((v) => !keys.has(v));
    if (bad.length) errors.push(`${label}: ${bad.join(', ')} is not one of ${[...keys].join(', ')}`);
    return [...new Set(given)];
  }
  if (given.length > 1) {
    errors.push(`${label} takes one value`);
    return undefined;
  }
  const v = given[0] ?? '';
  switch (a.datatype) {
    case 'string':
      if (/[\r\n]/.test(v) || v.length > 1000)
        errors.push(`${label} must be one line of at most 1000 characters`);
      return v;
    case 'text':
      if (v.length > MAX_DESCRIPTION) errors.push(`${label} must be at most ${MAX_DESCRIPTION} characters`);
      return v;
    case 'number': {
      const n = NUMBER.test(v) ? Number(v.replace(',', '.')) : Number.NaN;
      if (!Number.isFinite(n)) errors.push(`${label} must be a number`);
      return n;
    }
    case 'datetime':
      if (!DATETIME.test(v) || Number.isNaN(Date.parse(v)))
        errors.push(`${label} must be an ISO 8601 date-time`);
      return v;
    case 'singlevaluelist':
      if (!keys.has(v)) errors.push(`${label}: ${v} is not one of ${[...keys].join(', ')}`);
      return v;
  }
}

/**
 * Checks a submission against the spec (location, description, optional fields) and the service's
 * definition (required attributes, datatypes, allowed values). Returns every problem at once, since
 * the spec's error body is a list. Attributes the definition does not know are ignored, as are
 * informational (variable=false) ones.
 */
export function validateSubmission(
  service: Service,
  s: Submission,
): { ok: true; value: ValidRequest } | { ok: false; errors: string[] } {
  const errors: string[] = s.repeated.map((k) => `${k} was given more than once`);
  const f = (k: string) => s.fields.get(k);
  for (const [k, max] of Object.entries(LIMITS)) {
    if ((f(k)?.length ?? 0) > max) errors.push(`${k} must be at most ${max} characters`);
  }

  const lat = coordinate(f('lat'), 'lat', 90, errors);
  const lon = coordinate(f('long'), 'long', 180, errors);
  if ((f('lat') === undefined) !== (f('long') === undefined))
    errors.push('lat and long must be sent together');
  const addressString = f('address_string') ?? null;
  const addressId = f('address_id') ?? null;
  const geo = lat !== null && lon !== null ? { lat, lon } : null;
  if (f('lat') === undefined && f('long') === undefined && !addressString && !addressId) {
    errors.push('a location is required: lat and long, or address_string, or address_id');
  }

  const description = f('description') ?? '';
  if (description.length > MAX_DESCRIPTION) {
    errors.push(`description must be at most ${MAX_DESCRIPTION} characters`);
  }
  const email = f('email') ?? null;
  if (email && !EMAIL.test(email)) errors.push('email is not a valid e-mail address');
  const mediaUrl = f('media_url') ?? null;
  if (mediaUrl && !httpUrl(mediaUrl)) errors.push('media_url must be an http or https URL');

  const attributes: Record<string, string | number | readonly string[]> = {};
  for (const a of service.attributes) {
    if (!a.variable) continue;
    const v = attributeValue(a, s.attributes.get(a.code) ?? [], errors);
    if (v !== undefined) attributes[a.code] = v;
  }
  if (errors.length) return { ok: false, errors };

  const phone = f('phone');
  return {
    ok: true,
    value: {
      geo,
      addressString,
      addressId,
      description,
      mediaUrl,
      contact: {
        email: email ? email.toLowerCase() : null,
        phone: phone ? toE164(phone) : null,
        firstName: f('first_name') ?? null,
        lastName: f('last_name') ?? null,
        deviceId: f('device_id') ?? null,
        accountId: f('account_id') ?? null,
      },
      attributes,
    },
  };
}
