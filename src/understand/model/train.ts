import type { FeatureConfig, Features } from '../text/features.js';
import type { Algorithm, LinearModel, TrainingMeta } from './linear.js';
import { rng, shuffle } from './rng.js';

export interface Example {
  readonly features: Features;
  /** Index into the label set. */
  readonly label: number;
  /** Relative weight of the example (default 1). */
  readonly weight?: number;
}

export interface TrainParams {
  readonly algorithm: Algorithm;
  /** logreg: passes over the data. */
  readonly epochs: number;
  /** logreg: AdaGrad base learning rate. */
  readonly lr: number;
  /** logreg: L2 penalty applied to the rows an example touches. */
  readonly l2: number;
  /** logreg: weigh examples inversely to their label's frequency. */
  readonly balanced: boolean;
  /** cnb: additive smoothing. */
  readonly alpha: number;
  readonly seed: number;
}

export const DEFAULT_PARAMS: TrainParams = {
  algorithm: 'logreg',
  epochs: 8,
  lr: 0.5,
  l2: 1e-6,
  balanced: true,
  alpha: 0.3,
  seed: 42,
};

interface Dense {
  readonly bias: Float64Array;
  readonly w: Float64Array | Float32Array;
}

function labelWeights(examples: readonly Example[], k: number, balanced: boolean): Float64Array {
  const counts = new Float64Array(k);
  let total = 0;
  for (const e of examples) {
    counts[e.label] = counts[e.label]! + (e.weight ?? 1);
    total += e.weight ?? 1;
  }
  const out = new Float64Array(k).fill(1);
  if (!balanced) return out;
  for (let c = 0; c < k; c++) out[c] = counts[c]! > 0 ? total / (k * counts[c]!) : 0;
  return out;
}

/** Multinomial logistic regression, per-feature AdaGrad, lazy L2 on touched rows, seeded example order. */
function trainLogReg(examples: readonly Example[], k: number, dim: number, p: TrainParams): Dense {
  const w = new Float64Array(dim * k);
  // AdaGrad with one accumulator per feature (the squared gradient summed over labels).
  const g2 = new Float64Array(dim);
  const bias = new Float64Array(k);
  const bg2 = new Float64Array(k);
  const cw = labelWeights(examples, k, p.balanced);
  const order = examples.map((_, i) => i);
  const random = rng(p.seed);
  const s = new Float64Array(k);
  for (let epoch = 0; epoch < p.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { features: f, label } = examples[i]!;
      for (let c = 0; c < k; c++) s[c] = bias[c]!;
      for (let j = 0; j < f.idx.length; j++) {
        const base = f.idx[j]! * k;
        const v = f.val[j]!;
        for (let c = 0; c < k; c++) s[c] = s[c]! + v * w[base + c]!;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) if (s[c]! > max) max = s[c]!;
      let sum = 0;
      for (let c = 0; c < k; c++) {
        s[c] = Math.exp(s[c]! - max);
        sum += s[c]!;
      }
      const weight = cw[label]! * (examples[i]!.weight ?? 1);
      for (let c = 0; c < k; c++) s[c] = weight * (s[c]! / sum - (c === label ? 1 : 0));
      for (let c = 0; c < k; c++) {
        const g = s[c]!;
        bg2[c] = bg2[c]! + g * g;
        bias[c] = bias[c]! - (p.lr * g) / Math.sqrt(bg2[c]! + 1e-8);
      }
      let gs = 0;
      for (let c = 0; c < k; c++) gs += s[c]! * s[c]!;
      for (let j = 0; j < f.idx.length; j++) {
        const ix = f.idx[j]!;
        const base = ix * k;
        const v = f.val[j]!;
        const acc = g2[ix]! + v * v * gs;
        g2[ix] = acc;
        const rate = p.lr / Math.sqrt(acc + 1e-8);
        for (let c = 0; c < k; c++) {
          const at = base + c;
          w[at] = w[at]! - rate * (s[c]! * v + p.l2 * w[at]!);
        }
      }
    }
  }
  return { bias, w };
}

/** Complement naive Bayes (Rennie et al. 2003) with weight normalisation, as a linear model. */
function trainCnb(examples: readonly Example[], k: number, dim: number, p: TrainParams): Dense {
  const counts = new Float64Array(dim * k);
  const total = new Float64Array(dim);
  const seen = new Uint8Array(dim);
  for (const { features: f, label, weight } of examples) {
    const wt = weight ?? 1;
    for (let j = 0; j < f.idx.length; j++) {
      const ix = f.idx[j]!;
      counts[ix * k + label] = counts[ix * k + label]! + wt * f.val[j]!;
      total[ix] = total[ix]! + wt * f.val[j]!;
      seen[ix] = 1;
    }
  }
  let vocab = 0;
  for (let i = 0; i < dim; i++) vocab += seen[i]!;
  const w = new Float32Array(dim * k);
  for (let c = 0; c < k; c++) {
    let compSum = 0;
    for (let i = 0; i < dim; i++) if (seen[i]) compSum += total[i]! - counts[i * k + c]!;
    const denom = compSum + p.alpha * vocab;
    let norm = 0;
    for (let i = 0; i < dim; i++) {
      if (!seen[i]) continue;
      const lw = Math.log((total[i]! - counts[i * k + c]! + p.alpha) / denom);
      w[i * k + c] = lw;
      norm += Math.abs(lw);
    }
    for (let i = 0; i < dim; i++) if (seen[i]) w[i * k + c] = (-w[i * k + c]! / norm) * 100;
  }
  return { bias: new Float64Array(k), w };
}

/** Keeps only rows with a weight of meaningful size; everything else scores zero anyway. */
function sparsify(dense: Dense, k: number, dim: number, epsilon: number) {
  const rowOf = new Int32Array(dim).fill(-1);
  let rows = 0;
  for (let i = 0; i < dim; i++) {
    let keep = false;
    for (let c = 0; c < k && !keep; c++) if (Math.abs(dense.w[i * k + c]!) > epsilon) keep = true;
    if (keep) rowOf[i] = rows++;
  }
  const weights = new Float32Array(rows * k);
  for (let i = 0; i < dim; i++) {
    const r = rowOf[i]!;
    if (r >= 0) weights.set(dense.w.subarray(i * k, i * k + k), r * k);
  }
  return { rowOf, weights };
}

export interface TrainInput {
  readonly task: string;
  readonly labels: readonly string[];
  readonly features: FeatureConfig;
  readonly examples: readonly Example[];
  readonly params: TrainParams;
  readonly meta: TrainingMeta;
}

/** Trains one model with fixed parameters (deterministic for a given seed and example order). */
export function train(input: TrainInput): LinearModel {
  const k = input.labels.length;
  const dim = 1 << input.features.bits;
  const p = input.params;
  const dense =
    p.algorithm === 'cnb' ? trainCnb(input.examples, k, dim, p) : trainLogReg(input.examples, k, dim, p);
  if (p.algorithm === 'cnb') {
    // Centre each row: a constant shift per feature changes no decision but makes rows sparse-friendly.
    for (let i = 0; i < dim; i++) {
      let mean = 0;
      for (let c = 0; c < k; c++) mean += dense.w[i * k + c]!;
      mean /= k;
      for (let c = 0; c < k; c++) dense.w[i * k + c] = dense.w[i * k + c]! - mean;
    }
  }
  const { rowOf, weights } = sparsify(dense, k, dim, 1e-4);
  return {
    task: input.task,
    labels: [...input.labels],
    features: input.features,
    algorithm: p.algorithm,
    bias: dense.bias,
    offsets: new Float64Array(k),
    temperature: 1,
    rowOf,
    weights,
    meta: input.meta,
  };
}
