import type { Lang } from '../shared/taxonomy.js';
import {
  EN_LATIN_MARK,
  EN_WORDS,
  KK_LATIN_MARK,
  KK_SUFFIX,
  KK_WORDS,
  RU_SUFFIX,
  RU_WORDS,
} from './lang-lexicon.js';
import type { WordLangModel } from './lang-model.js';
import type { Token } from './text/tokens.js';

export interface LangResult {
  readonly value: Lang;
  readonly confidence: number;
  readonly explain: string[];
}

export interface LangThresholds {
  /** Each of Kazakh and Russian needs at least this much evidence for "mixed"... */
  readonly mixedMin: number;
  /** ...and the smaller side at least this share of their sum. */
  readonly mixedShare: number;
}

export const DEFAULT_LANG_THRESHOLDS: LangThresholds = { mixedMin: 2, mixedShare: 0.25 };

const KK_LETTERS = /[әғқңөұүһі]/;

interface Evidence {
  kk: number;
  ru: number;
  en: number;
  latin: number;
  cyrillic: number;
  readonly kkWhy: string[];
  readonly ruWhy: string[];
  readonly enWhy: string[];
}

type Side = 'kk' | 'ru' | 'en';

function add(e: Evidence, side: Side, amount: number, word: string): void {
  e[side] += amount;
  (side === 'kk' ? e.kkWhy : side === 'ru' ? e.ruWhy : e.enWhy).push(word);
}

/** Lexical evidence of one word: its side and weight, or null when the word says nothing by itself. */
function lexical(t: Token): [Side, number] | null {
  const { lower, folded, script } = t.info;
  if (script === 'cyr') {
    if (KK_LETTERS.test(lower)) return ['kk', 2];
    if (KK_WORDS.has(folded)) return ['kk', 1];
    if (RU_WORDS.has(folded)) return ['ru', 1];
    return null;
  }
  if (script === 'lat') {
    if (EN_WORDS.has(lower)) return ['en', 1];
    if (KK_WORDS.has(folded) || KK_LATIN_MARK.test(lower)) return ['kk', 1];
  }
  return null;
}

function endings(t: Token): [Side, number] | null {
  const { lower, folded, script } = t.info;
  if (folded.length <= 4) return null;
  if (script === 'cyr' && RU_SUFFIX.test(folded)) return ['ru', 0.5];
  if (KK_SUFFIX.test(folded)) return ['kk', 0.5];
  if (script === 'lat' && EN_LATIN_MARK.test(lower)) return ['en', 0.5];
  return null;
}

function score(text: string | undefined, tokens: readonly Token[], model?: WordLangModel): Evidence {
  const e: Evidence = { kk: 0, ru: 0, en: 0, latin: 0, cyrillic: 0, kkWhy: [], ruWhy: [], enWhy: [] };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const { script, lower } = t.info;
    if (script === 'cyr') e.cyrillic++;
    else if (script === 'lat') e.latin++;
    else continue;
    // Capitalised words inside a sentence are mostly names ("Ұланбел" in a Russian message).
    const first = text?.[t.start];
    const name =
      i > 0 &&
      first !== undefined &&
      first !== first.toLowerCase() &&
      !/[.!?]\s*$/.test(text!.slice(0, t.start));
    const scale = name ? 0.3 : 1;
    const lex = lexical(t);
    if (lex) {
      add(e, lex[0], lex[1] * scale, lower);
      continue;
    }
    if (model && lower.length >= 3) {
      const p = model.probs(t);
      if (p) {
        const best: Side = p.kk >= p.ru && p.kk >= p.en ? 'kk' : p.ru >= p.en ? 'ru' : 'en';
        if (p[best] >= model.minProb) add(e, best, p[best] * scale * model.weight, lower);
        continue;
      }
    }
    const end = endings(t);
    if (end) add(e, end[0], end[1] * scale, lower);
  }
  return e;
}

const why = (label: string, words: readonly string[]) =>
  `${label}: ${[...new Set(words)].slice(0, 4).join(', ')}`;

/**
 * Language of a message from word evidence: Kazakh letters, Kazakh and Russian function words (on the
 * folded form, so Kazakh typed without its letters and Latin Kazakh count as Kazakh), English words, and
 * for the other words a small character n-gram model (when given) or typical endings. Kazakh and Russian
 * both well attested make "mixed".
 */
export function detectLang(
  tokens: readonly Token[],
  opts: { text?: string; model?: WordLangModel; thresholds?: LangThresholds } = {},
): LangResult {
  const th = opts.thresholds ?? opts.model?.thresholds ?? DEFAULT_LANG_THRESHOLDS;
  const e = score(opts.text, tokens, opts.model);
  const total = e.kk + e.ru + e.en;
  if (total === 0) {
    if (e.cyrillic > 0)
      return { value: 'ru', confidence: 0.5, explain: ['Cyrillic text without Kazakh evidence'] };
    if (e.latin > 0) return { value: 'en', confidence: 0.4, explain: ['Latin text without Kazakh evidence'] };
    return { value: 'ru', confidence: 0, explain: ['no words'] };
  }
  const sure = Math.min(1, 0.55 + 0.1 * total);
  const kkRu = e.kk + e.ru;
  if (e.kk >= th.mixedMin && e.ru >= th.mixedMin && Math.min(e.kk, e.ru) / kkRu >= th.mixedShare) {
    return {
      value: 'mixed',
      confidence: Number((sure * (kkRu / total)).toFixed(3)),
      explain: [why('kk', e.kkWhy), why('ru', e.ruWhy)],
    };
  }
  const best: Lang = e.kk >= e.ru && e.kk >= e.en ? 'kk' : e.ru >= e.en ? 'ru' : 'en';
  const top = best === 'kk' ? e.kk : best === 'ru' ? e.ru : e.en;
  const words = best === 'kk' ? e.kkWhy : best === 'ru' ? e.ruWhy : e.enWhy;
  return { value: best, confidence: Number((sure * (top / total)).toFixed(3)), explain: [why(best, words)] };
}
