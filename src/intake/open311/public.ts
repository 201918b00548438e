import type { PublicRequestRow } from './repository.js';
import { MAX_DESCRIPTION } from './validate.js';

/**
 * What the public (unauthenticated) GET requests shows. Guarantee 2 of DESIGN.md: no personal data.
 *
 * - description: the understanding stage's redacted text (never the original); null until the signal
 *   is labelled. A last-line scrub then masks anything that still looks like an e-mail, a phone number,
 *   an IIN or a flat number, in case a redaction missed it.
 * - address: street level only. The citizen's address_string is cut at commas and semicolons and only
 *   the parts with no digit and no house/flat word are kept ("г. Тараз, ул. Толе би, д. 5, кв. 12" →
 *   "г. Тараз, ул. Толе би"); null when nothing is left. address_id is never published (an address
 *   register id can name one flat); zipcode is published (a postal area).
 * - lat/long: rounded to 3 decimals (about 110 m north–south, 80 m east–west at 43° N).
 * - media_url: published when it is an http(s) URL with nothing that looks like contact data in it.
 * - status_notes, service_notice, agency_responsible: written by officials for the public; scrubbed too.
 */

const EMAIL = /[^\s@<>()[\]"',;:/?#]+@[^\s@<>()[\]"',;:/?#]+\.[^\s@<>()[\]"',;:/?#]+/gu;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

/** Each scrub runs only when a cheap test says it can match (the full patterns are slow on long text). */
const SCRUBS: ReadonlyArray<{
  when: RegExp;
  pattern: RegExp;
  replace: (m: string, ...groups: string[]) => string;
}> = [
  { when: /@/, pattern: EMAIL, replace: () => '[email]' },
  // Flat numbers after a flat word: кв. 12, квартира 5, пәтер 7, apt 3, flat 4.
  {
    when: /кв|пәтер|apt|apartment|flat/iu,
    pattern:
      /(^|[^\p{L}])(кв|квартир[а-я]*|пәтер[а-яәіңғүұқөһ]*|apt|apartment|flat)\.?\s*№?\s*\d+[\p{L}]?/giu,
    replace: (_m, before) => `${before}[flat]`,
  },
  // "д. 5/12", "дом 5-12", "ул. Толе би 45-12", "Абай көшесі, 12-34": house-flat shorthand after a street word.
  {
    when: /\d\s*[-/]\s*\d/,
    pattern:
      /((?<!\p{L})(?:ул|улица|пр|пр-т|проспект|мкр|микрорайон|д|дом|үй|көшесі|даңғылы|ықшамауданы|шағынауданы)[.,]?\s+(?:[\p{L}.-]+\s+){0,3}\d{1,4}\p{L}?)\s*[-/]\s*\d{1,4}(?!\d)/giu,
    replace: (_m, house) => `${house}-[flat]`,
  },
  // Ten or more digits, however spaced: phone numbers, IINs (12 digits), card numbers; not dates.
  {
    when: /\d/,
    pattern: /\+?\d(?:[\s\-()]{0,2}\d){9,}/gu,
    replace: (m) => (DATE_LIKE.test(m) ? m : '[number]'),
  },
];

export function scrubPublicText(text: string): string {
  let out = text;
  for (const { when, pattern, replace } of SCRUBS) {
    if (when.test(out)) out = out.replace(pattern, replace);
  }
  return out;
}

const HOUSE_WORDS =
  /(^|[^\p{L}])(кв|квартир|пәтер|д|дом|үй|корпус|корп|подъезд|этаж|блок|apt|apartment|flat|house|bld|building)(?=[^\p{L}]|$)/iu;

/** The street-level part of an address string, or null. */
export function publicAddress(address: string | null): string | null {
  if (!address) return null;
  const kept = address
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p && !/\d/.test(p) && !HOUSE_WORDS.test(p));
  return kept.length ? kept.join(', ') : null;
}

export const roundCoordinate = (v: number | null): number | null =>
  v === null ? null : Math.round(v * 1000) / 1000;

function publicUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  } catch {
    return null;
  }
  // Digits are normal in media URLs (ids); an e-mail address in one is not.
  return decodeURIComponentSafe(url).search(EMAIL) === -1 ? url : null;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const scrub = (s: string | null) => (s === null ? null : scrubPublicText(s));

/** One request as the spec's GET requests / GET request lists it. */
export function publicRequest(row: PublicRequestRow): Record<string, unknown> {
  const description = row.text_redacted === null ? null : scrubPublicText(row.text_redacted);
  return {
    service_request_id: String(row.id),
    status: row.status,
    status_notes: scrub(row.status_notes),
    service_name: row.service_name,
    service_code: row.service_code,
    description: description === null ? null : description.slice(0, MAX_DESCRIPTION),
    agency_responsible: scrub(row.agency_responsible),
    service_notice: scrub(row.service_notice),
    requested_datetime: iso(row.requested_at),
    updated_datetime: iso(row.updated_at),
    expected_datetime: iso(row.expected_at),
    address: publicAddress(row.address),
    address_id: null,
    zipcode: row.zipcode,
    lat: roundCoordinate(row.lat),
    long: roundCoordinate(row.lon),
    media_url: publicUrl(row.media_url),
  };
}

export { iso as isoDateTime };
