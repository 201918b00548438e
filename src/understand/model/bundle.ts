import type { Features, TracedFeatures } from '../text/features.js';
import { featureKey } from '../text/features.js';
import { type LinearModel, type Prediction, softmax } from './linear.js';

/**
 * Several models over the same features scored in one pass: one row lookup per feature gives the weights
 * of every model side by side (fewer memory accesses than scoring the models one by one).
 */
export interface ModelBundle {
  readonly models: readonly LinearModel[];
  predictAll(f: Features): Prediction[];
  /**
   * For each model (or those `only` marks), the message words that pushed it most towards its prediction
   * (see linear.explain).
   */
  explainAll(
    t: TracedFeatures,
    preds: readonly Prediction[],
    top?: number,
    only?: readonly boolean[],
  ): string[][];
}

const DENSE_BYTES = 2_500_000;

export function bundle(models: readonly LinearModel[]): ModelBundle {
  if (models.length === 0) throw new Error('bundle: no models');
  const key = featureKey(models[0]!.features);
  if (models.some((m) => featureKey(m.features) !== key))
    throw new Error('bundle: models differ in features');
  const dim = models[0]!.rowOf.length;
  const offsets: number[] = [];
  let stride = 0;
  for (const m of models) {
    offsets.push(stride);
    stride += m.labels.length;
  }
  const rowOf = new Int32Array(dim).fill(-1);
  let rows = 0;
  const used = new Uint8Array(dim);
  for (const m of models) for (let i = 0; i < dim; i++) if (m.rowOf[i]! >= 0) used[i] = 1;
  // Small hash spaces are stored densely (the feature index is the row): one memory access per feature.
  const dense = dim * stride <= DENSE_BYTES;
  for (let i = 0; i < dim; i++) if (dense || used[i]) rowOf[i] = rows++;
  // 8-bit weights with one scale per label column (the model files are 8-bit already): a row of all
  // models fits in one cache line, which is what the scoring loop waits on.
  const weights = new Int8Array(rows * stride);
  const scale = new Float64Array(stride);
  const base = new Float64Array(stride);
  models.forEach((m, mi) => {
    const k = m.labels.length;
    for (let c = 0; c < k; c++) {
      base[offsets[mi]! + c] = m.bias[c]! + m.offsets[c]!;
      let top = 0;
      for (let r = c; r < m.weights.length; r += k) top = Math.max(top, Math.abs(m.weights[r]!));
      scale[offsets[mi]! + c] = top > 0 ? top / 127 : 1;
    }
    for (let i = 0; i < dim; i++) {
      const r = m.rowOf[i]!;
      if (r < 0) continue;
      const at = rowOf[i]! * stride + offsets[mi]!;
      for (let c = 0; c < k; c++)
        weights[at + c] = Math.round(m.weights[r * k + c]! / scale[offsets[mi]! + c]!);
    }
  });
  const s = new Float64Array(stride);
  // Each row's mean weight per model, for explanations (a weight above the mean pushes to the label).
  const nModels = models.length;
  const rowMean = new Float32Array(rows * nModels);
  for (let r = 0; r < rows; r++) {
    models.forEach((m, mi) => {
      const k = m.labels.length;
      let sum = 0;
      for (let c = 0; c < k; c++) sum += weights[r * stride + offsets[mi]! + c]! * scale[offsets[mi]! + c]!;
      rowMean[r * nModels + mi] = sum / k;
    });
  }

  function explainAll(
    t: TracedFeatures,
    preds: readonly Prediction[],
    top = 4,
    only?: readonly boolean[],
  ): string[][] {
    const u = t.idx.length;
    const nm = models.length;
    const on = models.map((_, mi) => only?.[mi] ?? true);
    // Contribution of each unique feature to each model's predicted label, above the label mean: one
    // pass over the rows for all models.
    const contrib = new Float64Array(u * nm);
    for (let j = 0; j < u; j++) {
      const row = rowOf[t.idx[j]!]!;
      if (row < 0) continue;
      const v = t.val[j]!;
      for (let mi = 0; mi < nm; mi++) {
        if (!on[mi]) continue;
        const off = offsets[mi]!;
        const label = preds[mi]!.index;
        contrib[j * nm + mi] =
          v * (weights[row * stride + off + label]! * scale[off + label]! - rowMean[row * nm + mi]!);
      }
    }
    const count = new Int32Array(u);
    for (let e = 0; e < t.emitUnique.length; e++) count[t.emitUnique[e]!]!++;
    // Words: tokens with the same lower-case form add up.
    const nt = t.tokens.length;
    const wordOf = new Int32Array(nt);
    const words: string[] = [];
    for (let i = 0; i < nt; i++) {
      const w = t.tokens[i]!.info.lower;
      let at = words.indexOf(w);
      if (at < 0) at = words.push(w) - 1;
      wordOf[i] = at;
    }
    const perWord = new Float64Array(words.length * nm);
    for (let e = 0; e < t.emitUnique.length; e++) {
      const tok = t.emitTok[e]!;
      if (tok < 0) continue;
      const j = t.emitUnique[e]!;
      const w = wordOf[tok]!;
      const share = 1 / count[j]!;
      for (let mi = 0; mi < nm; mi++)
        perWord[w * nm + mi] = perWord[w * nm + mi]! + contrib[j * nm + mi]! * share;
    }
    return models.map((_, mi) => {
      if (!on[mi]) return [];
      const best: number[] = [];
      for (let w = 0; w < words.length; w++) if (perWord[w * nm + mi]! > 0) best.push(w);
      best.sort((a, b) => perWord[b * nm + mi]! - perWord[a * nm + mi]!);
      return best.slice(0, top).map((w) => words[w]!);
    });
  }

  return {
    models,
    explainAll,
    predictAll(f) {
      s.fill(0);
      const { idx, val } = f;
      if (dense) {
        for (let j = 0; j < idx.length; j++) {
          const v = val[j]!;
          const at = idx[j]! * stride;
          for (let c = 0; c < stride; c++) s[c] = s[c]! + v * weights[at + c]!;
        }
      } else {
        for (let j = 0; j < idx.length; j++) {
          const row = rowOf[idx[j]!]!;
          if (row < 0) continue;
          const v = val[j]!;
          const at = row * stride;
          for (let c = 0; c < stride; c++) s[c] = s[c]! + v * weights[at + c]!;
        }
      }
      for (let c = 0; c < stride; c++) s[c] = base[c]! + s[c]! * scale[c]!;
      return models.map((m, mi) => {
        const probs = softmax(s.subarray(offsets[mi]!, offsets[mi]! + m.labels.length), m.temperature);
        let index = 0;
        for (let c = 1; c < probs.length; c++) if (probs[c]! > probs[index]!) index = c;
        return { index, label: m.labels[index]!, confidence: probs[index]!, probs };
      });
    },
  };
}
