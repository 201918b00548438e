import { readFileSync, writeFileSync } from 'node:fs';
import type { FeatureConfig } from '../text/features.js';
import type { Algorithm, LinearModel, TrainingMeta } from './linear.js';

export const MODEL_FORMAT = 'tyndau-linear-model';
export const MODEL_VERSION = 1;

/**
 * The model file: JSON with the label set, feature configuration, training metadata and the weights,
 * quantised to 8 or 16 bits per label with a per-label scale; row indices are delta-varint encoded.
 * Both binary blocks are base64.
 */
export interface ModelFile {
  readonly format: typeof MODEL_FORMAT;
  readonly version: number;
  readonly task: string;
  readonly labels: readonly string[];
  readonly algorithm: Algorithm;
  readonly features: FeatureConfig;
  readonly bias: readonly number[];
  readonly offsets: readonly number[];
  readonly temperature: number;
  readonly quantisation: { readonly bits: 8 | 16; readonly scale: readonly number[] };
  readonly rows: number;
  readonly rowIndex: string;
  readonly weights: string;
  readonly training: TrainingMeta;
}

function encodeRows(order: readonly number[]): Buffer {
  const out: number[] = [];
  let prev = -1;
  for (const i of order) {
    let d = i - prev;
    prev = i;
    while (d >= 0x80) {
      out.push((d & 0x7f) | 0x80);
      d >>>= 7;
    }
    out.push(d);
  }
  return Buffer.from(out);
}

function decodeRows(bytes: Buffer, rows: number): number[] {
  const out: number[] = [];
  let prev = -1;
  let pos = 0;
  for (let r = 0; r < rows; r++) {
    let d = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++]!;
      d |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
    }
    prev += d;
    out.push(prev);
  }
  return out;
}

export function toModelFile(m: LinearModel, bits: 8 | 16 = 8): ModelFile {
  const k = m.labels.length;
  const all: number[] = [];
  for (let i = 0; i < m.rowOf.length; i++) if (m.rowOf[i]! >= 0) all.push(i);
  const max = bits === 8 ? 127 : 32767;
  const scale = m.labels.map((_, c) => {
    let top = 0;
    for (const i of all) top = Math.max(top, Math.abs(m.weights[m.rowOf[i]! * k + c]!));
    return top > 0 ? top / max : 1;
  });
  const values: number[] = [];
  const order: number[] = [];
  for (const feature of all) {
    const src = m.rowOf[feature]! * k;
    const row = scale.map((sc, c) => Math.round(m.weights[src + c]! / sc));
    if (row.every((v) => v === 0)) continue;
    order.push(feature);
    values.push(...row);
  }
  const rows = order.length;
  const bytes = encodeRows(order);
  const q = bits === 8 ? Int8Array.from(values) : Int16Array.from(values);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    task: m.task,
    labels: m.labels,
    algorithm: m.algorithm,
    features: m.features,
    bias: [...m.bias],
    offsets: [...m.offsets],
    temperature: m.temperature,
    quantisation: { bits, scale },
    rows,
    rowIndex: bytes.toString('base64'),
    weights: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64'),
    training: m.meta,
  };
}

export function fromModelFile(f: ModelFile): LinearModel {
  if (f.format !== MODEL_FORMAT) throw new Error(`not a ${MODEL_FORMAT} file`);
  if (f.version > MODEL_VERSION) throw new Error(`model version ${f.version} is newer than this code`);
  const k = f.labels.length;
  const order = decodeRows(Buffer.from(f.rowIndex, 'base64'), f.rows);
  const raw = Buffer.from(f.weights, 'base64');
  const copy = new Uint8Array(raw.byteLength);
  copy.set(raw);
  const q = f.quantisation.bits === 8 ? new Int8Array(copy.buffer) : new Int16Array(copy.buffer);
  const rowOf = new Int32Array(1 << f.features.bits).fill(-1);
  const weights = new Float32Array(f.rows * k);
  order.forEach((feature, r) => {
    rowOf[feature] = r;
    for (let c = 0; c < k; c++) weights[r * k + c] = q[r * k + c]! * f.quantisation.scale[c]!;
  });
  return {
    task: f.task,
    labels: [...f.labels],
    features: f.features,
    algorithm: f.algorithm,
    bias: Float64Array.from(f.bias),
    offsets: Float64Array.from(f.offsets),
    temperature: f.temperature,
    rowOf,
    weights,
    meta: f.training,
  };
}

export function saveModel(path: string, m: LinearModel, bits: 8 | 16 = 8): void {
  writeFileSync(path, `${JSON.stringify(toModelFile(m, bits))}\n`);
}

export function loadModel(path: string): LinearModel {
  return fromModelFile(JSON.parse(readFileSync(path, 'utf8')) as ModelFile);
}
