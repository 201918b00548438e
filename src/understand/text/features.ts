import { type Token, tokenize, type WordInfo } from './tokens.js';

/** How a text becomes a sparse vector; stored in every model file so a model is always fed what it learned. */
export interface FeatureConfig {
  /** Hash space size is 2^bits. */
  readonly bits: number;
  /** Character n-grams within word boundaries ("^word$") of the folded form, lengths charMin..charMax. */
  readonly charMin: number;
  readonly charMax: number;
  /** Weight of the character n-gram group relative to word features. */
  readonly charWeight: number;
  /** Whole folded word forms. */
  readonly words: boolean;
  /** Snowball Russian and Kazakh suffix-stripped stems. */
  readonly stems: boolean;
  /** Adjacent stem pairs. */
  readonly bigrams: boolean;
  /** Character n-grams over the unfolded lower-case form too (keeps Kazakh letters; for language id). */
  readonly rawChars: boolean;
  /** Emoji and runs of "!"/"?" as features (need the text; absent in older model files = off). */
  readonly emoji?: boolean;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  bits: 18,
  charMin: 2,
  charMax: 5,
  charWeight: 0.5,
  words: true,
  stems: true,
  bigrams: true,
  rawChars: false,
};

/** A sparse, L2-normalised vector (indices unique, in first-seen order). */
export interface Features {
  readonly idx: Int32Array;
  readonly val: Float32Array;
}

/** Features plus, for explanations, which token emitted which index (`tok` -1 = whole message). */
export interface TracedFeatures extends Features {
  readonly tokens: readonly Token[];
  readonly emitIdx: Int32Array;
  readonly emitTok: Int32Array;
  /** For each emission, the position of its index in `idx`. */
  readonly emitUnique: Int32Array;
}

const SEED_WORD = 0x811c9dc5;
const SEED_RU = 0x01000193;
const SEED_KK = 0x2545f491;
const SEED_BI = 0x9e3779b9;
const SEED_CHAR = 0x7feb352d;
const SEED_RAW = 0x846ca68b;
const SEED_NUM = 0x5bd1e995;

function hashStr(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const GROUP_WORD = 0;
const GROUP_CHAR = 1;

/** Emission buffers (index, group, token), reused across calls: featurisation is single-threaded. */
let eIdx = new Int32Array(4096);
let eGrp = new Uint8Array(4096);
let eTok = new Int32Array(4096);
let n = 0;

function push(h: number, group: number, tok: number, mask: number): void {
  if (n === eIdx.length) {
    const i2 = new Int32Array(n * 2);
    i2.set(eIdx);
    eIdx = i2;
    const g2 = new Uint8Array(n * 2);
    g2.set(eGrp);
    eGrp = g2;
    const t2 = new Int32Array(n * 2);
    t2.set(eTok);
    eTok = t2;
  }
  eIdx[n] = h & mask;
  eGrp[n] = group;
  eTok[n] = tok;
  n++;
}

/**
 * Deduplication: a small open-addressing table (cleared by generation stamps) that stays in the CPU
 * cache, whatever the hash space.
 */
let tableBits = 12;
let tKey = new Int32Array(1 << tableBits);
let tVal = new Float64Array(1 << tableBits);
let tGen = new Uint32Array(1 << tableBits);
let tPos = new Int32Array(1 << tableBits);
let gen = 0;
/** Unique position of each emission of the last collapse() (for traced features). */
let lastUnique = new Int32Array(0);
/** Scratch of collapse(): the unique indices in first-seen order and their table slots. */
let unique = new Int32Array(1024);
let slotOf = new Int32Array(1024);

function ensureTable(n: number): void {
  if (n * 2 <= 1 << tableBits) return;
  while (n * 2 > 1 << tableBits) tableBits++;
  tKey = new Int32Array(1 << tableBits);
  tVal = new Float64Array(1 << tableBits);
  tGen = new Uint32Array(1 << tableBits);
  tPos = new Int32Array(1 << tableBits);
  gen = 0;
}

/** Character n-grams of "^word$" without building the padded string (0x5e = ^, 0x24 = $). */
function charGrams(s: string, seed: number, cfg: FeatureConfig, out: number[]): void {
  const len = s.length + 2;
  for (let i = 0; i < len; i++) {
    let h = seed;
    const stop = Math.min(len, i + cfg.charMax);
    for (let j = i; j < stop; j++) {
      h = Math.imul(h ^ (j === 0 ? 0x5e : j === len - 1 ? 0x24 : s.charCodeAt(j - 1)), 16777619);
      if (j - i + 1 >= cfg.charMin) out.push(h >>> 0);
    }
  }
}

/**
 * The features one word emits on its own (word, stems, n-grams), as (index << 1 | group), cached per
 * configuration: most words of a stream repeat, so most messages hash almost nothing.
 */
const wordCaches = new WeakMap<FeatureConfig, Map<string, Int32Array>>();

function wordFeatures(w: WordInfo, cfg: FeatureConfig, mask: number): Int32Array {
  const memo = w.memo;
  if (memo?.cfg === cfg && memo.features) return memo.features;
  const own = wordFeaturesCached(w, cfg, mask);
  if (!memo) w.memo = { cfg, features: own };
  else if (memo.cfg === undefined || memo.cfg === cfg) {
    memo.cfg = cfg;
    memo.features = own;
  }
  return own;
}

function wordFeaturesCached(w: WordInfo, cfg: FeatureConfig, mask: number): Int32Array {
  let cache = wordCaches.get(cfg);
  if (!cache) {
    cache = new Map();
    wordCaches.set(cfg, cache);
  }
  const hit = cache.get(w.lower);
  if (hit) return hit;
  const words: number[] = [];
  const chars: number[] = [];
  if (w.script === 'num' || w.script === 'other')
    words.push(hashStr(`#${Math.min(w.lower.length, 13)}`, SEED_NUM));
  else {
    if (cfg.words) words.push(hashStr(w.folded, SEED_WORD));
    if (cfg.stems) {
      words.push(hashStr(w.ru, SEED_RU));
      if (w.kk !== w.ru) words.push(hashStr(w.kk, SEED_KK));
    }
    if (cfg.charMax > 0) charGrams(w.folded, SEED_CHAR, cfg, chars);
    if (cfg.rawChars && w.lower !== w.folded) charGrams(w.lower, SEED_RAW, cfg, chars);
  }
  const out = new Int32Array(words.length + chars.length);
  let k = 0;
  for (const h of words) out[k++] = ((h & mask) << 1) | GROUP_WORD;
  for (const h of chars) out[k++] = ((h & mask) << 1) | GROUP_CHAR;
  if (cache.size >= 200_000) cache.clear();
  cache.set(w.lower, out);
  return out;
}

const EMOJI = /\p{Extended_Pictographic}|[!?]{2,}/gu;
const SEED_EMOJI = 0x27d4eb2f;

/** Emoji and "!!"/"??" features, attributed to no token (-1). */
function emitEmoji(text: string, mask: number): void {
  EMOJI.lastIndex = 0;
  for (let m = EMOJI.exec(text); m !== null; m = EMOJI.exec(text)) {
    push(hashStr(m[0].slice(0, 2), SEED_EMOJI), GROUP_WORD, -1, mask);
  }
}

function emit(tokens: readonly Token[], cfg: FeatureConfig, text?: string): void {
  const mask = (1 << cfg.bits) - 1;
  n = 0;
  if (cfg.emoji && text) emitEmoji(text, mask);
  let prev: string | null = null;
  for (let t = 0; t < tokens.length; t++) {
    const w = tokens[t]!.info;
    const own = wordFeatures(w, cfg, mask);
    for (let k = 0; k < own.length; k++) push(own[k]! >>> 1, own[k]! & 1, t, mask);
    if (w.script === 'num' || w.script === 'other') {
      prev = null;
      continue;
    }
    if (cfg.bigrams && prev !== null) push(hashStr(`${prev} ${w.ru}`, SEED_BI), GROUP_WORD, t, mask);
    prev = w.ru;
  }
}

function collapse(cfg: FeatureConfig): Features {
  ensureTable(n);
  gen = (gen + 1) >>> 0;
  if (gen === 0) {
    tGen.fill(0);
    gen = 1;
  }
  const mask = (1 << tableBits) - 1;
  if (unique.length < n) {
    unique = new Int32Array(n * 2);
    slotOf = new Int32Array(n * 2);
  }
  lastUnique = new Int32Array(n);
  let u = 0;
  for (let i = 0; i < n; i++) {
    const ix = eIdx[i]!;
    const w = eGrp[i] === GROUP_CHAR ? cfg.charWeight : 1;
    let slot = Math.imul(ix, 0x9e3779b1) >>> (32 - tableBits);
    while (tGen[slot] === gen && tKey[slot] !== ix) slot = (slot + 1) & mask;
    if (tGen[slot] !== gen) {
      tGen[slot] = gen;
      tKey[slot] = ix;
      tVal[slot] = w;
      tPos[slot] = u;
      slotOf[u] = slot;
      unique[u++] = ix;
    } else tVal[slot] = tVal[slot]! + w;
    lastUnique[i] = tPos[slot]!;
  }
  const idx = unique.slice(0, u);
  const val = new Float32Array(u);
  let norm = 0;
  for (let j = 0; j < u; j++) {
    const a = tVal[slotOf[j]!]!;
    const v = a > 1 ? 1 + Math.log(a) : a;
    val[j] = v;
    norm += v * v;
  }
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < u; j++) val[j] = val[j]! * inv;
  return { idx, val };
}

/** The feature vector of a text. */
export function featurize(text: string, cfg: FeatureConfig): Features {
  emit(tokenize(text), cfg, text);
  return collapse(cfg);
}

/** The feature vector of already tokenised text. */
export function featuresFromTokens(tokens: readonly Token[], cfg: FeatureConfig, text?: string): Features {
  emit(tokens, cfg, text);
  return collapse(cfg);
}

/** Same vector as featurize(), plus the token that emitted each index (for explanations). */
export function featurizeTraced(text: string, cfg: FeatureConfig): TracedFeatures {
  const tokens = tokenize(text);
  return tracedFromTokens(tokens, cfg, text);
}

export function tracedFromTokens(
  tokens: readonly Token[],
  cfg: FeatureConfig,
  text?: string,
): TracedFeatures {
  emit(tokens, cfg, text);
  const emitIdx = eIdx.slice(0, n);
  const emitTok = eTok.slice(0, n);
  const { idx, val } = collapse(cfg);
  return { idx, val, tokens, emitIdx, emitTok, emitUnique: lastUnique };
}

/** A stable string for a feature configuration (models sharing it share one featurisation). */
export function featureKey(cfg: FeatureConfig): string {
  return [
    cfg.bits,
    cfg.charMin,
    cfg.charMax,
    cfg.charWeight,
    cfg.words,
    cfg.stems,
    cfg.bigrams,
    cfg.rawChars,
    ...(cfg.emoji ? ['emoji'] : []),
  ].join(':');
}
