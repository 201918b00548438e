import snowball from 'snowball-stemmers';
import { foldToken, placeKey, type Script, scriptOf } from './fold.js';
import { stemKazakh } from './stem-kk.js';

/** What we know about one word form, independent of where it occurs (cached by lower-case form). */
export interface WordInfo {
  readonly lower: string;
  readonly folded: string;
  readonly script: Script;
  /** Snowball Russian stem of the folded form. */
  readonly ru: string;
  /** Kazakh suffix-stripped stem of the folded form. */
  readonly kk: string;
  /** Place key of the folded form (see fold.ts), for gazetteer matching. */
  readonly place: string;
  /**
   * Per-word memo for the hot path (features of one configuration, language probabilities): set by
   * text/features.ts and lang-model.ts, never read elsewhere.
   */
  memo?: {
    cfg?: object;
    features?: Int32Array;
    langModel?: object;
    lang?: { kk: number; ru: number; en: number };
  };
}

export interface Token {
  readonly info: WordInfo;
  /** UTF-16 offsets into the original text. */
  readonly start: number;
  readonly end: number;
}

const russian = snowball.newStemmer('russian');

const CACHE_LIMIT = 200_000;
let cache = new Map<string, WordInfo>();

/** The analysis of one lower-cased word, cached (the cache is dropped wholesale when it grows too big). */
export function wordInfo(lower: string): WordInfo {
  const hit = cache.get(lower);
  if (hit) return hit;
  const script = scriptOf(lower);
  const folded = foldToken(lower);
  const stemmable = script === 'cyr' || script === 'lat';
  const info: WordInfo = {
    lower,
    folded,
    script,
    ru: stemmable && folded.length > 3 ? russian.stem(folded) : folded,
    kk: stemmable ? stemKazakh(folded) : folded,
    place: placeKey(folded),
  };
  if (cache.size >= CACHE_LIMIT) cache = new Map();
  cache.set(lower, info);
  return info;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Raw spellings seen before, so a repeated word costs one lookup (no lower-casing). */
let rawCache = new Map<string, WordInfo>();

/** Words (letters, combining marks, digits) with their offsets in the original text. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const raw = m[0];
    let info = rawCache.get(raw);
    if (!info) {
      info = wordInfo(raw.toLowerCase());
      if (rawCache.size >= CACHE_LIMIT) rawCache = new Map();
      rawCache.set(raw, info);
    }
    out.push({ info, start: m.index, end: m.index + raw.length });
  }
  return out;
}
