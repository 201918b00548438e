import { DEFAULT_LANG_THRESHOLDS, detectLang, type LangThresholds } from './lang.js';
import { fitModel } from './model/fit.js';
import { type LinearModel, predict } from './model/linear.js';
import { evaluate } from './model/metrics.js';
import { stratifiedSplit } from './model/split.js';
import { DEFAULT_PARAMS } from './model/train.js';
import { DEFAULT_FEATURES, type FeatureConfig, featurize } from './text/features.js';
import { type Token, tokenize } from './text/tokens.js';

/** Character n-grams of one word, raw (with Kazakh letters) and folded. */
export const WORD_LANG_FEATURES: FeatureConfig = {
  ...DEFAULT_FEATURES,
  bits: 16,
  charMin: 1,
  charMax: 4,
  charWeight: 1,
  stems: false,
  bigrams: false,
  rawChars: true,
};

export interface WordLangModel {
  readonly model: LinearModel;
  readonly thresholds: LangThresholds;
  /** Weight of a model-decided word relative to a dictionary word. */
  readonly weight: number;
  /** Words the model is less sure of than this count for nothing. */
  readonly minProb: number;
  probs(t: Token): { kk: number; ru: number; en: number } | null;
  /** probs() without the per-word memo. */
  compute(t: Token): { kk: number; ru: number; en: number };
}

export function wordLangModel(model: LinearModel): WordLangModel {
  const cache = new Map<string, { kk: number; ru: number; en: number }>();
  const at = (l: string) => model.labels.indexOf(l);
  const [kk, ru, en] = [at('kk'), at('ru'), at('en')];
  const params = model.meta.params;
  const num = (k: string, d: number) => (typeof params[k] === 'number' ? (params[k] as number) : d);
  return {
    model,
    thresholds: {
      mixedMin: num('mixedMin', DEFAULT_LANG_THRESHOLDS.mixedMin),
      mixedShare: num('mixedShare', DEFAULT_LANG_THRESHOLDS.mixedShare),
    },
    weight: num('wordWeight', 0.7),
    minProb: num('minProb', 0.7),
    probs(t) {
      const memo = t.info.memo;
      if (memo?.langModel === model && memo.lang) return memo.lang;
      const hit = cache.get(t.info.lower) ?? this.compute(t);
      if (!memo) t.info.memo = { langModel: model, lang: hit };
      else if (memo.langModel === undefined) {
        memo.langModel = model;
        memo.lang = hit;
      }
      return hit;
    },
    compute(t) {
      const p = predict(model, featurize(t.info.lower, model.features)).probs;
      const out = { kk: kk >= 0 ? p[kk]! : 0, ru: ru >= 0 ? p[ru]! : 0, en: en >= 0 ? p[en]! : 0 };
      if (cache.size > 100_000) cache.clear();
      cache.set(t.info.lower, out);
      return out;
    },
  };
}

export interface LangRow {
  readonly text: string;
  readonly lang: string;
}

/** Word examples: every word of a kk, ru or en message takes the message's label (majority per word). */
function wordExamples(rows: readonly LangRow[]): { text: string; label: string }[] {
  const votes = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (r.lang !== 'kk' && r.lang !== 'ru' && r.lang !== 'en') continue;
    for (const t of tokenize(r.text)) {
      if (t.info.script !== 'cyr' && t.info.script !== 'lat') continue;
      if (t.info.lower.length < 3) continue;
      const m = votes.get(t.info.lower) ?? new Map<string, number>();
      m.set(r.lang, (m.get(r.lang) ?? 0) + 1);
      votes.set(t.info.lower, m);
    }
  }
  const out: { text: string; label: string }[] = [];
  for (const [word, m] of [...votes].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const best = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
    out.push({ text: word, label: best[0] });
  }
  return out;
}

function trainWords(rows: readonly LangRow[], data: { file: string; lines: number }[]): LinearModel {
  return fitModel(wordExamples(rows), {
    task: 'lang-word',
    labels: ['kk', 'ru', 'en'],
    candidates: [{ features: WORD_LANG_FEATURES, params: { ...DEFAULT_PARAMS, epochs: 6, balanced: false } }],
    validationFraction: 0.1,
    data,
    note: 'word-level language model: words of kk/ru/en messages of the training corpus',
  }).model;
}

/**
 * Trains the word model on 85% of the messages, chooses the "mixed" thresholds and word weight on the
 * other 15% (message-level macro-F1), then retrains the word model on all messages.
 */
export function trainLangModel(
  rows: readonly LangRow[],
  data: { file: string; lines: number }[],
  log: (l: string) => void = () => {},
): { model: LinearModel; validation: { macroF1: number; accuracy: number } } {
  const split = stratifiedSplit(
    rows.map((r) => r.lang),
    0.15,
    7,
  );
  const held = split.held.map((i) => rows[i]!);
  const partial = trainWords(
    split.train.map((i) => rows[i]!),
    data,
  );
  let best = { macroF1: -1, accuracy: 0, mixedMin: 2, mixedShare: 0.25, wordWeight: 0.7, minProb: 0.7 };
  const heldTokens = held.map((r) => tokenize(r.text));
  for (const wordWeight of [0.5, 0.7, 1]) {
    for (const minProb of [0.6, 0.75, 0.9]) {
      const base = wordLangModel({ ...partial, meta: { ...partial.meta, params: { wordWeight, minProb } } });
      for (const mixedMin of [0.5, 1, 1.5, 2, 2.5]) {
        for (const mixedShare of [0.1, 0.15, 0.2, 0.25, 0.3]) {
          const model = { ...base, thresholds: { mixedMin, mixedShare } };
          const predicted = held.map((r, i) => detectLang(heldTokens[i]!, { text: r.text, model }).value);
          const e = evaluate(
            held.map((r) => r.lang),
            predicted,
          );
          if (e.macroF1 > best.macroF1)
            best = { macroF1: e.macroF1, accuracy: e.accuracy, mixedMin, mixedShare, wordWeight, minProb };
        }
      }
    }
  }
  log(
    `lang: validation macro-F1 ${best.macroF1.toFixed(4)} acc ${best.accuracy.toFixed(4)} with ${JSON.stringify(best)}`,
  );
  const full = trainWords(rows, data);
  const { macroF1, accuracy, ...params } = best;
  return {
    model: {
      ...full,
      task: 'lang',
      meta: {
        ...full.meta,
        params: { ...full.meta.params, ...params },
        validation: {
          macroF1: Number(macroF1.toFixed(4)),
          accuracy: Number(accuracy.toFixed(4)),
          n: held.length,
        },
      },
    },
    validation: { macroF1, accuracy },
  };
}
