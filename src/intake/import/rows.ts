import type { Channel } from '../../shared/taxonomy.js';
import { toE164 } from '../channels/phone.js';
import type { GivenLabels, InboundAuthor, InboundSignal } from '../types.js';
import { parseLocalDate } from './dates.js';
import { CODED, codeFor, type Field, type Mapping } from './mapping.js';

/** What the import knows besides the row: the file, the default channel, the region's districts. */
export interface RowContext {
  readonly mapping: Mapping;
  readonly header: readonly string[];
  readonly fileHash: string;
  readonly channel: Channel;
  readonly districts: ReadonlySet<string> | null;
  readonly now: number;
}

export type RowOutcome =
  | { readonly ok: true; readonly signal: InboundSignal }
  | { readonly ok: false; readonly reason: string };

/** Columns holding contact details: they go to the author contact record, not into `raw`. */
const CONTACT: readonly Field[] = ['name', 'phone', 'email'];
const MAX_TEXT = 20_000;

/** The row as {header: value}, for import_rejects and (without contact columns) the signal's raw. */
export function rowObject(header: readonly string[], cells: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  header.forEach((h, i) => {
    if (h) out[h] = cells[i] ?? '';
  });
  return out;
}

/** Index of each mapped field's column in the header. */
export function columnIndex(mapping: Mapping, header: readonly string[]): Partial<Record<Field, number>> {
  const index: Partial<Record<Field, number>> = {};
  for (const [field, column] of Object.entries(mapping.columns) as Array<[Field, string | undefined]>) {
    if (column) index[field] = header.indexOf(column);
  }
  return index;
}

const quote = (v: string) => `"${v.length > 60 ? `${v.slice(0, 60)}…` : v}"`;

/** Validates one row and makes its signal, or says why it is rejected. */
export function rowToSignal(
  rc: RowContext,
  index: Partial<Record<Field, number>>,
  n: number,
  cells: readonly string[],
): RowOutcome {
  const get = (f: Field) => {
    const i = index[f];
    return i === undefined || i < 0 ? '' : (cells[i] ?? '').trim();
  };
  const text = get('text');
  if (!text) return { ok: false, reason: 'missing text' };
  if (text.length > MAX_TEXT) return { ok: false, reason: `text longer than ${MAX_TEXT} characters` };

  let receivedAt = rc.now;
  if (index.receivedAt !== undefined) {
    const value = get('receivedAt');
    if (!value) return { ok: false, reason: 'missing date' };
    const ms = parseLocalDate(value, rc.mapping.dateFormats, rc.mapping.offsetMinutes);
    if (ms === null) {
      const expected = rc.mapping.dateFormats.map((f) => f.source).join(', ');
      return { ok: false, reason: `bad date ${quote(value)} (expected ${expected} or ISO 8601)` };
    }
    receivedAt = ms;
  }

  const codes: Partial<Record<(typeof CODED)[number], string>> = {};
  for (const field of CODED) {
    const value = get(field);
    if (!value) continue;
    const code = codeFor(rc.mapping, field, value, rc.districts);
    if (!code) return { ok: false, reason: `unknown ${field} value ${quote(value)}` };
    codes[field] = code;
  }

  let geo: { lat: number; lon: number } | null = null;
  const lat = get('lat').replace(',', '.');
  const lon = get('lon').replace(',', '.');
  if (lat || lon) {
    const la = Number(lat);
    const lo = Number(lon);
    if (
      !lat ||
      !lon ||
      !Number.isFinite(la) ||
      !Number.isFinite(lo) ||
      Math.abs(la) > 90 ||
      Math.abs(lo) > 180
    ) {
      return { ok: false, reason: `bad coordinates ${quote(`${lat} ${lon}`)}` };
    }
    geo = { lat: la, lon: lo };
  }

  const externalId = get('externalId') || `import:${rc.fileHash}:${n}`;
  // Numbers from the old system are kept even when they do not validate (`+digits`), never dropped.
  const phone = get('phone') ? toE164(get('phone')) : null;
  const email = get('email').toLowerCase() || null;
  const name = get('name') || null;
  const author: InboundAuthor | null =
    phone || email || name
      ? { externalUserId: phone ?? email ?? `row:${externalId}`, displayName: name, phone, email }
      : null;
  const given: GivenLabels = {
    ...(codes.kind ? { kind: codes.kind } : {}),
    ...(codes.topic ? { topic: codes.topic } : {}),
    ...(codes.district ? { district: codes.district } : {}),
    ...(codes.urgency ? { urgency: codes.urgency } : {}),
  };
  const raw = rowObject(rc.header, cells);
  for (const f of CONTACT) {
    const column = rc.mapping.columns[f];
    if (column) delete raw[column];
  }
  return {
    ok: true,
    signal: {
      channel: (codes.channel as Channel | undefined) ?? rc.channel,
      externalId,
      receivedAt,
      historical: true,
      text,
      author,
      address: get('address') || null,
      geo,
      given: Object.keys(given).length ? given : null,
      raw: { import: rc.fileHash, row: n, cells: raw },
    },
  };
}
