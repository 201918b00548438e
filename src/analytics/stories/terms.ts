import { fingerprintSet } from '../../understand/fingerprint.js';
import { extractAddress } from '../../understand/place/address.js';
import { tokenize } from '../../understand/text/tokens.js';

/** Term vectors of messages for story clustering, built on the understanding module's word stems. */

export type Terms = Map<string, number>;

export interface Doc {
  readonly terms: Terms;
  /** Microdistrict, settlement or street named in the (redacted) text, for the story's place. */
  readonly place: string | null;
}

const MICRO_BEFORE = /(?:^|[^\p{L}])(?:[Мм]кр|[Мм]икрорайон\p{L}*|м-н)\.?\s*([\p{Lu}\d][\p{L}\d-]*)/u;
const MICRO_AFTER = /([\p{Lu}\d][\p{L}\d-]*)\s+(?:ықшам\s?аудан|шағын\s?аудан|ыкшам\s?аудан|шагын\s?аудан)/u;
const NAMED = /^[\p{Lu}\d]/u;

/**
 * The place a message names, for the story: a microdistrict ("мкр Аса", "Аса шағын ауданы"), else a
 * settlement or street the understanding module's address parser finds (only a capitalised name: never
 * a house number, which would make it an exact address).
 */
export function placeOf(text: string): string | null {
  const micro = MICRO_BEFORE.exec(text)?.[1] ?? MICRO_AFTER.exec(text)?.[1];
  if (micro) return `мкр ${micro}`;
  const a = extractAddress(text);
  for (const name of [a.settlement, a.street]) if (name && NAMED.test(name)) return name;
  return null;
}

/**
 * The message's content-word stems (the understanding module's fingerprint set: stop words dropped,
 * Russian or Kazakh stem, whichever is shorter), counted, plus the place it names as a heavier term.
 */
export function docOf(textRedacted: string): Doc {
  const terms: Terms = new Map();
  for (const item of fingerprintSet(tokenize(textRedacted), {})) terms.set(item, (terms.get(item) ?? 0) + 1);
  const place = placeOf(textRedacted);
  if (place) terms.set(`p:${place.toLowerCase()}`, 2);
  return { terms, place };
}

/** Cosine of two vectors under inverse document frequency weights. */
export function cosine(a: Terms, b: Terms, idf: (term: string) => number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, v] of a) {
    const w = v * idf(t);
    na += w * w;
    const u = b.get(t);
    if (u !== undefined) dot += w * u * idf(t);
  }
  for (const [t, u] of b) {
    const w = u * idf(t);
    nb += w * w;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** The centroid keeps its strongest terms only (the stored vector stays small). */
export function trim(terms: Terms, keep = 60): Terms {
  if (terms.size <= keep) return terms;
  return new Map([...terms].sort((a, b) => b[1] - a[1]).slice(0, keep));
}
