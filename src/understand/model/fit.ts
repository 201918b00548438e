import { type FeatureConfig, type Features, featureKey, featurize } from '../text/features.js';
import { argmax, type LinearModel, scores, softmax, type TrainingMeta } from './linear.js';
import { type Evaluation, evaluate } from './metrics.js';
import { stratifiedSplit } from './split.js';
import { type Example, type TrainParams, train } from './train.js';

export interface Labelled {
  readonly text: string;
  readonly label: string;
}

export interface Candidate {
  readonly features: FeatureConfig;
  readonly params: TrainParams;
}

export interface FitOptions {
  readonly task: string;
  /** Tried in order on the validation split; the best macro-F1 wins (ties keep the earlier one). */
  readonly candidates: readonly Candidate[];
  /** Label order of the model; defaults to the sorted labels of the data. */
  readonly labels?: readonly string[];
  readonly validationFraction?: number;
  readonly seed?: number;
  readonly data: TrainingMeta['data'];
  readonly note?: string;
  readonly log?: (line: string) => void;
  /** Extra training data (another source): always trained on, never used for validation. */
  readonly extra?: {
    readonly items: readonly Labelled[];
    readonly weight: number;
    readonly data: TrainingMeta['data'];
  };
}

export interface FitResult {
  readonly model: LinearModel;
  readonly chosen: Candidate;
  readonly validation: Evaluation;
  readonly tried: readonly {
    readonly candidate: Candidate;
    readonly macroF1: number;
    readonly accuracy: number;
  }[];
}

/** Lowest negative log-likelihood temperature on held-out examples (log grid). */
export function fitTemperature(model: LinearModel, held: readonly Example[]): number {
  const raw = held.map((e) => scores(model, e.features));
  let best = 1;
  let bestNll = Number.POSITIVE_INFINITY;
  for (let t = 0.02; t <= 20; t *= 1.15) {
    let nll = 0;
    raw.forEach((s, i) => {
      nll -= Math.log(Math.max(1e-12, softmax(s, t)[held[i]!.label]!));
    });
    if (nll < bestNll) {
      bestNll = nll;
      best = t;
    }
  }
  return best;
}

export function predictAll(model: LinearModel, examples: readonly { features: Features }[]): string[] {
  return examples.map((e) => model.labels[argmax(scores(model, e.features))]!);
}

function meta(o: FitOptions, items: readonly Labelled[], c: Candidate, v?: Evaluation): TrainingMeta {
  const counts: Record<string, number> = {};
  for (const it of items) counts[it.label] = (counts[it.label] ?? 0) + 1;
  return {
    trainedAt: new Date().toISOString(),
    data: [...o.data, ...(o.extra?.data ?? [])],
    counts,
    params: { ...c.params, ...(o.extra ? { extraWeight: o.extra.weight } : {}) },
    ...(v
      ? {
          validation: {
            macroF1: Number(v.macroF1.toFixed(4)),
            accuracy: Number(v.accuracy.toFixed(4)),
            n: v.n,
            fraction: o.validationFraction ?? 0.15,
          },
        }
      : {}),
    ...(o.note ? { note: o.note } : {}),
  };
}

/**
 * Chooses features and hyper-parameters on a stratified validation split of the training data, fits the
 * softmax temperature there, then retrains the chosen candidate on all of it.
 */
export function fitModel(items: readonly Labelled[], o: FitOptions): FitResult {
  const labels = o.labels ?? [...new Set(items.map((i) => i.label))].sort();
  const at = new Map(labels.map((l, i) => [l, i]));
  const usable = items.filter((i) => at.has(i.label));
  const extra = (o.extra?.items ?? []).filter((i) => at.has(i.label));
  const extraWeight = o.extra?.weight ?? 1;
  const featureCache = new Map<string, { fs: Features[]; extra: Example[] }>();
  const cached = (cfg: FeatureConfig) => {
    const key = featureKey(cfg);
    let c = featureCache.get(key);
    if (!c) {
      c = {
        fs: usable.map((i) => featurize(i.text, cfg)),
        extra: extra.map((i) => ({
          features: featurize(i.text, cfg),
          label: at.get(i.label)!,
          weight: extraWeight,
        })),
      };
      featureCache.set(key, c);
    }
    return c;
  };
  const featuresFor = (cfg: FeatureConfig) => cached(cfg).fs;
  const seed = o.seed ?? 42;
  const split = stratifiedSplit(
    usable.map((i) => i.label),
    o.validationFraction ?? 0.15,
    seed,
  );
  const tried: { candidate: Candidate; macroF1: number; accuracy: number }[] = [];
  let best: { candidate: Candidate; model: LinearModel; evaluation: Evaluation } | null = null;
  for (const candidate of o.candidates) {
    const fs = featuresFor(candidate.features);
    const ex = (i: number): Example => ({ features: fs[i]!, label: at.get(usable[i]!.label)! });
    const model = train({
      task: o.task,
      labels,
      features: candidate.features,
      examples: [...split.train.map(ex), ...cached(candidate.features).extra],
      params: candidate.params,
      meta: meta(o, items, candidate),
    });
    const held = split.held.map(ex);
    const evaluation = evaluate(
      split.held.map((i) => usable[i]!.label),
      predictAll(model, held),
      labels,
    );
    tried.push({ candidate, macroF1: evaluation.macroF1, accuracy: evaluation.accuracy });
    o.log?.(
      `${o.task}: ${candidate.params.algorithm} ${JSON.stringify(candidate.params)} features ${featureKey(candidate.features)} -> macro-F1 ${evaluation.macroF1.toFixed(4)} acc ${evaluation.accuracy.toFixed(4)}`,
    );
    if (!best || evaluation.macroF1 > best.evaluation.macroF1) best = { candidate, model, evaluation };
  }
  if (!best) throw new Error('fit: no candidates');
  const fs = featuresFor(best.candidate.features);
  const ex = (i: number): Example => ({ features: fs[i]!, label: at.get(usable[i]!.label)! });
  const temperature = split.held.length ? fitTemperature(best.model, split.held.map(ex)) : 1;
  const full = train({
    task: o.task,
    labels,
    features: best.candidate.features,
    examples: [...usable.map((_, i) => ex(i)), ...cached(best.candidate.features).extra],
    params: best.candidate.params,
    meta: meta(o, usable, best.candidate, best.evaluation),
  });
  return { model: { ...full, temperature }, chosen: best.candidate, validation: best.evaluation, tried };
}
