/**
 * Form bodies of POST requests. Open311 sends `attribute[CODE]=v` and, for a multivaluelist,
 * `attribute[CODE][]=v` repeated. The pairs are read in order from the raw body with URLSearchParams
 * (which decodes `+` and percent escapes, brackets included), so nothing depends on how a query-string
 * library treats brackets.
 */

export type FormValue = string | string[];
export type FormBody = Record<string, FormValue>;

export function parseForm(raw: string): FormBody {
  const out: FormBody = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

export interface Submission {
  /** Plain fields (`service_code`, `lat`…); an empty value counts as absent, as the spec says. */
  readonly fields: ReadonlyMap<string, string>;
  /** Attribute values by code, in the order given; both bracket forms are merged. */
  readonly attributes: ReadonlyMap<string, readonly string[]>;
  /** Plain fields given more than once (an error: each takes one value). */
  readonly repeated: readonly string[];
}

const ATTRIBUTE = /^attribute\[([^\]]*)\](\[\])?$/;

export function readSubmission(body: unknown): Submission {
  const fields = new Map<string, string>();
  const attributes = new Map<string, string[]>();
  const repeated: string[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { fields, attributes, repeated };
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    const m = ATTRIBUTE.exec(key);
    if (m) {
      const code = m[1] ?? '';
      const list = attributes.get(code) ?? [];
      list.push(...values.map((v) => v.trim()).filter((v) => v !== ''));
      attributes.set(code, list);
      continue;
    }
    const nonEmpty = values.map((v) => v.trim()).filter((v) => v !== '');
    if (nonEmpty.length > 1) repeated.push(key);
    if (nonEmpty[0] !== undefined) fields.set(key, nonEmpty[0]);
  }
  return { fields, attributes, repeated };
}

/** The raw body with the API key masked, for the quarantine (a key is a credential, never stored). */
export function maskApiKey(raw: string): string {
  return raw.replace(/(^|&)(api_key|api%5Fkey)=[^&]*/gi, '$1$2=%5Bmasked%5D');
}
