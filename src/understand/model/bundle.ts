import type { Features, TracedFeatures } from '../text/features.js';
import { featureKey } from '../text/features.js';
import { type LinearModel, type Prediction, softmax } from './linear.js';

/**
 * Several models over the same features scored in one pass: one row lookup per feature gives the weights
 * of every model side by side (fewer memory accesses than scoring the models one by one).
 */
export interface ModelBundle {
  readonly models: readonly LinearModel[];
  /**
   * With `forExplain`, also keeps each feature's mean row weight per model (taken while the row is read
   * anyway), which the next explainAll() of the same features uses instead of reading the rows again.
   */
  predictAll(f: Features, forExplain?: boolean): Prediction[];
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
  const nModels = models.length;
  const labelsOf = models.map((m) => m.labels.length);
  /** Scratch buffers of explainAll(), grown on demand and reused (scoring is single-threaded). */
  let contrib = new Float64Array(1024);
  let count = new Int32Array(256);
  let wordOf = new Int32Array(64);
  let perWord = new Float64Array(256);
  const seen = new Map<string, number>();
  const words: string[] = [];
  /** Per feature and model, the mean weight of the feature's row (see predictAll's forExplain). */
  let featMean = new Float64Array(1024);
  let meansOf: Features | null = null;

  /** The mean (as 32-bit float) of each model's weights in the row of each feature of `f`. */
  function rowMeans(f: Features): void {
    const u = f.idx.length;
    if (featMean.length < u * nModels) featMean = new Float64Array(u * nModels * 2);
    for (let j = 0; j < u; j++) {
      const ix = f.idx[j]!;
      const row = dense ? ix : rowOf[ix]!;
      if (row < 0) continue;
      const at = row * stride;
      for (let mi = 0; mi < nModels; mi++) {
        const off = offsets[mi]!;
        const k = labelsOf[mi]!;
        let sum = 0;
        for (let c = 0; c < k; c++) sum += weights[at + off + c]! * scale[off + c]!;
        featMean[j * nModels + mi] = Math.fround(sum / k);
      }
    }
    meansOf = f;
  }

  function explainAll(
    t: TracedFeatures,
    preds: readonly Prediction[],
    top = 4,
    only?: readonly boolean[],
  ): string[][] {
    const u = t.idx.length;
    const nm = nModels;
    if (contrib.length < u * nm) contrib = new Float64Array(u * nm * 2);
    if (count.length < u) count = new Int32Array(u * 2);
    contrib.fill(0, 0, u * nm);
    count.fill(0, 0, u);
    if (meansOf !== t) rowMeans(t);
    // Contribution of each unique feature to each model's predicted label, above the row's mean weight
    // for that model (a weight above the mean pushes to the label).
    for (let mi = 0; mi < nm; mi++) {
      if (only && !only[mi]) continue;
      const col = offsets[mi]! + preds[mi]!.index;
      const colScale = scale[col]!;
      for (let j = 0; j < u; j++) {
        const ix = t.idx[j]!;
        const row = dense ? ix : rowOf[ix]!;
        if (row < 0) continue;
        contrib[j * nm + mi] = t.val[j]! * (weights[row * stride + col]! * colScale - featMean[j * nm + mi]!);
      }
    }
    meansOf = null;
    const emits = t.emitUnique.length;
    for (let e = 0; e < emits; e++) count[t.emitUnique[e]!]!++;
    // Words: tokens with the same lower-case form add up.
    const nt = t.tokens.length;
    if (wordOf.length < nt) wordOf = new Int32Array(nt * 2);
    seen.clear();
    words.length = 0;
    for (let i = 0; i < nt; i++) {
      const w = t.tokens[i]!.info.lower;
      let at = seen.get(w);
      if (at === undefined) {
        at = words.push(w) - 1;
        seen.set(w, at);
      }
      wordOf[i] = at;
    }
    const nw = words.length;
    if (perWord.length < nw * nm) perWord = new Float64Array(nw * nm * 2);
    perWord.fill(0, 0, nw * nm);
    for (let e = 0; e < emits; e++) {
      const tok = t.emitTok[e]!;
      if (tok < 0) continue;
      const j = t.emitUnique[e]!;
      const w = wordOf[tok]! * nm;
      const share = 1 / count[j]!;
      for (let mi = 0; mi < nm; mi++) perWord[w + mi] = perWord[w + mi]! + contrib[j * nm + mi]! * share;
    }
    const out: string[][] = [];
    for (let mi = 0; mi < nm; mi++) {
      if (only && !only[mi]) {
        out.push([]);
        continue;
      }
      const best: number[] = [];
      for (let w = 0; w < nw; w++) if (perWord[w * nm + mi]! > 0) best.push(w);
      best.sort((a, b) => perWord[b * nm + mi]! - perWord[a * nm + mi]!);
      const n = Math.min(top, best.length);
      const picked: string[] = [];
      for (let i = 0; i < n; i++) picked.push(words[best[i]!]!);
      out.push(picked);
    }
    return out;
  }

  return {
    models,
    explainAll,
    predictAll(f, forExplain = false) {
      s.fill(0);
      const { idx, val } = f;
      if (forExplain) {
        // The same sums as below, plus each row's mean per model while the row is in hand.
        const u = idx.length;
        if (featMean.length < u * nModels) featMean = new Float64Array(u * nModels * 2);
        for (let j = 0; j < u; j++) {
          const row = dense ? idx[j]! : rowOf[idx[j]!]!;
          if (row < 0) continue;
          const v = val[j]!;
          const at = row * stride;
          for (let mi = 0; mi < nModels; mi++) {
            const off = offsets[mi]!;
            const end = off + labelsOf[mi]!;
            let sum = 0;
            for (let c = off; c < end; c++) {
              const w = weights[at + c]!;
              s[c] = s[c]! + v * w;
              sum += w * scale[c]!;
            }
            featMean[j * nModels + mi] = Math.fround(sum / labelsOf[mi]!);
          }
        }
        meansOf = f;
      } else if (dense) {
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
