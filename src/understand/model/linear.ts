import type { FeatureConfig, Features, TracedFeatures } from '../text/features.js';

export type Algorithm = 'logreg' | 'cnb';

/** Where a model came from: enough to rebuild it and to judge it. */
export interface TrainingMeta {
  readonly trainedAt: string;
  readonly data: readonly { readonly file: string; readonly lines: number }[];
  /** Examples per label. */
  readonly counts: Readonly<Record<string, number>>;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** Scores on the validation split carved out of the training data, when one was used. */
  readonly validation?: Readonly<Record<string, number | string>>;
  readonly note?: string;
}

/** A multi-class linear model over hashed features; rows exist only for features with non-zero weights. */
export interface LinearModel {
  readonly task: string;
  readonly labels: readonly string[];
  readonly features: FeatureConfig;
  readonly algorithm: Algorithm;
  readonly bias: Float64Array;
  /** Decision offsets added to the scores (threshold tuning); zeros by default. */
  readonly offsets: Float64Array;
  /** Softmax temperature fitted on validation data, so probabilities are usable confidences. */
  readonly temperature: number;
  /** For each hashed feature index, its row in `weights`, or -1. */
  readonly rowOf: Int32Array;
  /** rows × labels, row-major. */
  readonly weights: Float32Array;
  readonly meta: TrainingMeta;
}

export interface Prediction {
  readonly index: number;
  readonly label: string;
  readonly confidence: number;
  readonly probs: Float64Array;
}

/** Raw scores (bias + w·x + offsets) per label. */
export function scores(model: LinearModel, f: Features): Float64Array {
  const k = model.labels.length;
  const out = new Float64Array(k);
  for (let c = 0; c < k; c++) out[c] = model.bias[c]! + model.offsets[c]!;
  const { rowOf, weights } = model;
  for (let j = 0; j < f.idx.length; j++) {
    const row = rowOf[f.idx[j]!]!;
    if (row < 0) continue;
    const v = f.val[j]!;
    const base = row * k;
    for (let c = 0; c < k; c++) out[c] = out[c]! + v * weights[base + c]!;
  }
  return out;
}

export function softmax(s: Float64Array, temperature = 1): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of s) if (v > max) max = v;
  const out = new Float64Array(s.length);
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const e = Math.exp((s[i]! - max) / temperature);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < s.length; i++) out[i] = out[i]! / sum;
  return out;
}

export function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! > a[best]!) best = i;
  return best;
}

export function predict(model: LinearModel, f: Features): Prediction {
  const probs = softmax(scores(model, f), model.temperature);
  const index = argmax(probs);
  return { index, label: model.labels[index]!, confidence: probs[index]!, probs };
}

/**
 * The words of the message that pushed the model most towards `labelIndex`: each feature's contribution
 * (value × weight above the mean weight of the other labels) is shared among the tokens that emitted it.
 */
export function explain(model: LinearModel, t: TracedFeatures, labelIndex: number, top = 4): string[] {
  const k = model.labels.length;
  const contrib = new Map<number, number>();
  for (let j = 0; j < t.idx.length; j++) {
    const row = model.rowOf[t.idx[j]!]!;
    if (row < 0) continue;
    const base = row * k;
    let mean = 0;
    for (let c = 0; c < k; c++) mean += model.weights[base + c]!;
    mean /= k;
    contrib.set(t.idx[j]!, t.val[j]! * (model.weights[base + labelIndex]! - mean));
  }
  const emitted = new Map<number, number>();
  for (const ix of t.emitIdx) emitted.set(ix, (emitted.get(ix) ?? 0) + 1);
  const perToken = new Map<number, number>();
  for (let e = 0; e < t.emitIdx.length; e++) {
    const ix = t.emitIdx[e]!;
    const c = contrib.get(ix);
    if (c === undefined) continue;
    const tok = t.emitTok[e]!;
    if (tok < 0) continue;
    perToken.set(tok, (perToken.get(tok) ?? 0) + c / emitted.get(ix)!);
  }
  const byWord = new Map<string, number>();
  for (const [tok, c] of perToken) {
    const word = t.tokens[tok]?.info.lower;
    if (word !== undefined) byWord.set(word, (byWord.get(word) ?? 0) + c);
  }
  return [...byWord]
    .filter(([, c]) => c > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([w]) => w);
}
