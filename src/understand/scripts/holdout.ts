import type { Candidate, Labelled } from '../model/fit.js';
import { fitModel, predictAll } from '../model/fit.js';
import type { LinearModel } from '../model/linear.js';
import { type Evaluation, evaluate } from '../model/metrics.js';
import { rng, shuffle } from '../model/rng.js';
import { stratifiedSplit } from '../model/split.js';
import { DEFAULT_PARAMS } from '../model/train.js';
import { DEFAULT_FEATURES, featurize } from '../text/features.js';

/** The shipped feature configuration with fewer epochs: for tens of thousands of longer texts. */
export const LARGE_DATA: Candidate = {
  features: { ...DEFAULT_FEATURES, charMin: 3, charMax: 6, bigrams: false },
  params: { ...DEFAULT_PARAMS, epochs: 10, lr: 0.3, l2: 1e-5 },
};

/** Whitespace- and case-insensitive text key for deduplication. */
export const textKey = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Deduplicates texts (a text with several labels keeps its most frequent one), so that a split can never
 * put one text on both sides.
 */
export function dedupe(items: readonly Labelled[]): { items: Labelled[]; removed: number } {
  const byText = new Map<string, { text: string; votes: Map<string, number> }>();
  for (const it of items) {
    const k = textKey(it.text);
    const e = byText.get(k) ?? { text: it.text, votes: new Map<string, number>() };
    e.votes.set(it.label, (e.votes.get(it.label) ?? 0) + 1);
    byText.set(k, e);
  }
  const out: Labelled[] = [];
  for (const e of byText.values()) {
    const label = [...e.votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
    out.push({ text: e.text, label });
  }
  return { items: out, removed: items.length - out.length };
}

/** Seeded stratified 80/20 split. */
export function split8020(items: readonly Labelled[], seed = 2024): { train: Labelled[]; test: Labelled[] } {
  const s = stratifiedSplit(
    items.map((i) => i.label),
    0.2,
    seed,
  );
  const random = rng(seed + 1);
  return {
    train: shuffle(
      s.train.map((i) => items[i]!),
      random,
    ),
    test: s.held.map((i) => items[i]!),
  };
}

/** Trains on `train` (its own validation split picks among candidates) and scores `test`. */
export function trainAndTest(
  task: string,
  train: readonly Labelled[],
  test: readonly Labelled[],
  candidates: readonly Candidate[],
  log: (l: string) => void,
): { model: LinearModel; evaluation: Evaluation; seconds: number } {
  const t0 = Date.now();
  const { model } = fitModel(train, { task, candidates, data: [], log });
  const predicted = predictAll(
    model,
    test.map((t) => ({ features: featurize(t.text, model.features) })),
  );
  const evaluation = evaluate(
    test.map((t) => t.label),
    predicted,
    model.labels,
  );
  return { model, evaluation, seconds: (Date.now() - t0) / 1000 };
}
