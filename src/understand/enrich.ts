import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Kind, Lang, Sentiment, Topic, Urgency } from '../shared/taxonomy.js';
import { KINDS, SENTIMENTS, TOPICS, URGENCIES } from '../shared/taxonomy.js';
import { clusterKey, fingerprint } from './fingerprint.js';
import { detectLang } from './lang.js';
import { wordLangModel } from './lang-model.js';
import { bundle, type ModelBundle } from './model/bundle.js';
import { loadModel } from './model/io.js';
import type { LinearModel, Prediction } from './model/linear.js';
import { DEFAULT_GAZETTEER, MODELS_DIR } from './paths.js';
import { findPii, type PiiSpan, redact } from './pii/detect.js';
import { type Address, extractAddress } from './place/address.js';
import { type Gazetteer, loadGazetteer } from './place/gazetteer.js';
import { resolvePlace } from './place/resolve.js';
import { featureKey, featuresFromTokens, tracedFromTokens } from './text/features.js';
import { type Token, tokenize } from './text/tokens.js';
import { combineUrgency, URGENCY_MODES, type UrgencyMode } from './urgency-model.js';

export type { PiiSpan, PiiType } from './pii/detect.js';
export type { Address } from './place/address.js';

/** One label with its confidence (0..1) and the words, features or rule that decided it. */
export interface Label<T> {
  readonly value: T;
  readonly confidence: number;
  readonly explain: string[];
}

export interface Enrichment {
  readonly lang: Label<Lang>;
  readonly kind: Label<Kind>;
  readonly topic: Label<Topic>;
  readonly sentiment: Label<Sentiment>;
  /** District code, null when no place of the region is named or implied. */
  readonly district: Label<string | null>;
  readonly urgency: Label<Urgency>;
  readonly address: Address;
  readonly pii: PiiSpan[];
  readonly redacted: string;
  /** MinHash signature; compare with similarity() from fingerprint.ts. */
  readonly fingerprint: string;
  readonly clusterKey: string;
}

/** The six labels alone (what `tyndau classify` prints). */
export type Labels = Pick<Enrichment, 'lang' | 'kind' | 'topic' | 'sentiment' | 'district' | 'urgency'>;

export interface Enricher {
  enrich(text: string): Enrichment;
  /** Only the labels: skips address parts, personal data, redaction and the fingerprint. */
  labels(text: string): Labels;
  readonly models: Readonly<Record<string, LinearModel>>;
  readonly gazetteer: Gazetteer;
}

export interface EnricherOptions {
  /** Folder with kind.json, topic.json, sentiment.json and optionally urgency.json, lang.json (data/models). */
  readonly modelsDir?: string;
  /** Already loaded models (win over files). */
  readonly models?: Partial<Record<'kind' | 'topic' | 'sentiment' | 'urgency' | 'lang', LinearModel>>;
  readonly gazetteerPath?: string;
  readonly gazetteer?: Gazetteer;
  /** Word explanations for the model labels (default true). */
  readonly explain?: boolean;
}

const REQUIRED = ['kind', 'topic', 'sentiment'] as const;

function checkLabels(m: LinearModel, allowed: readonly string[]): void {
  const bad = m.labels.filter((l) => !allowed.includes(l));
  if (bad.length) throw new Error(`model ${m.task}: unknown labels ${bad.join(', ')}`);
}

function loadModels(o: EnricherOptions): Record<string, LinearModel> {
  const dir = o.modelsDir ?? MODELS_DIR;
  const out: Record<string, LinearModel> = {};
  for (const task of [...REQUIRED, 'urgency', 'lang'] as const) {
    const given = o.models?.[task];
    if (given) {
      out[task] = given;
      continue;
    }
    const file = join(dir, `${task}.json`);
    if (existsSync(file)) out[task] = loadModel(file);
    else if (task !== 'urgency' && task !== 'lang')
      throw new Error(
        `model not found: ${file} (build it: node bin/run-ts.mjs src/understand/scripts/train-shipped.ts)`,
      );
  }
  checkLabels(out.kind!, KINDS);
  checkLabels(out.topic!, TOPICS);
  checkLabels(out.sentiment!, SENTIMENTS);
  if (out.urgency) checkLabels(out.urgency, URGENCIES);
  return out;
}

/** The second most probable label when its probability is at least 0.2. */
function runnerUp(p: Prediction, labels: readonly string[]): { topic2?: string } {
  let second = -1;
  for (let i = 0; i < p.probs.length; i++) {
    if (i !== p.index && (second < 0 || p.probs[i]! > p.probs[second]!)) second = i;
  }
  return second >= 0 && p.probs[second]! >= 0.2 ? { topic2: labels[second]! } : {};
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Loads the models and the gazetteer once; enrich() is then a pure, synchronous function of the text. */
export function createEnricher(o: EnricherOptions = {}): Enricher {
  const models = loadModels(o);
  const gazetteer = o.gazetteer ?? loadGazetteer(o.gazetteerPath ?? DEFAULT_GAZETTEER);
  const withExplain = o.explain !== false;
  const topicM = models.topic!;
  const urgencyM = models.urgency;
  const storedMode = urgencyM?.meta.params.mode;
  const urgencyMode: UrgencyMode = URGENCY_MODES.includes(storedMode as UrgencyMode)
    ? (storedMode as UrgencyMode)
    : 'hybrid';
  const langM = models.lang ? wordLangModel(models.lang) : undefined;

  // Models over the same features are scored together (one featurisation, one pass over the rows).
  const tasks = (['kind', 'topic', 'sentiment', 'urgency'] as const).filter((t) => models[t]);
  const byFeatures = new Map<string, (typeof tasks)[number][]>();
  for (const t of tasks) {
    const key = featureKey(models[t]!.features);
    byFeatures.set(key, [...(byFeatures.get(key) ?? []), t]);
  }
  const groups: { bundle: ModelBundle; tasks: (typeof tasks)[number][]; explained: boolean[] }[] = [
    ...byFeatures.values(),
  ].map((ts) => ({
    bundle: bundle(ts.map((t) => models[t]!)),
    tasks: ts,
    // The urgency label is explained by its rule or by the model's label, not by words.
    explained: ts.map((t) => t !== 'urgency'),
  }));

  const label = <T extends string>(p: Prediction, words: string[] | undefined): Label<T> => ({
    value: p.label as T,
    confidence: round(p.confidence),
    explain: words ?? [],
  });

  function analyse(text: string) {
    const tokens: Token[] = tokenize(text);
    const preds: Partial<Record<(typeof tasks)[number], { p: Prediction; words?: string[] }>> = {};
    for (const g of groups) {
      const cfg = g.bundle.models[0]!.features;
      const t = withExplain ? tracedFromTokens(tokens, cfg, text) : null;
      const ps = t
        ? g.bundle.predictAll(t, true)
        : g.bundle.predictAll(featuresFromTokens(tokens, cfg, text));
      const words = t ? g.bundle.explainAll(t, ps, 4, g.explained) : [];
      g.tasks.forEach((task, i) => {
        preds[task] = { p: ps[i]!, ...(withExplain ? { words: words[i]! } : {}) };
      });
    }
    const lang = detectLang(tokens, { text, ...(langM ? { model: langM } : {}) });
    const kind = label<Kind>(preds.kind!.p, preds.kind!.words);
    const place = resolvePlace(gazetteer, text, tokens);
    const labels: Labels = {
      lang: { value: lang.value, confidence: lang.confidence, explain: lang.explain },
      kind,
      topic: label<Topic>(preds.topic!.p, preds.topic!.words),
      sentiment: label<Sentiment>(preds.sentiment!.p, preds.sentiment!.words),
      district: { value: place.district, confidence: place.confidence, explain: place.explain },
      urgency: combineUrgency(tokens, kind.value, preds.urgency?.p ?? null, urgencyMode, text.toLowerCase()),
    };
    return { tokens, preds, place, labels };
  }

  function enrich(text: string): Enrichment {
    const { tokens, preds, place, labels } = analyse(text);
    const typed = extractAddress(text);
    const address: Address = {
      ...typed,
      ...(place.settlement && !typed.settlement ? { settlement: place.settlement } : {}),
      ...(place.microdistrict && !typed.microdistrict ? { microdistrict: place.microdistrict } : {}),
      ...(place.street && !typed.street ? { street: place.street } : {}),
      ...(place.house && !typed.house ? { house: place.house } : {}),
    };
    const pii = findPii(text);
    return {
      ...labels,
      address,
      pii,
      redacted: pii.length ? redact(text, pii) : text,
      fingerprint: fingerprint(tokens, {
        topic: labels.topic.value,
        ...runnerUp(preds.topic!.p, topicM.labels),
        district: place.district,
        ...address,
      }),
      clusterKey: clusterKey({ topic: labels.topic, district: labels.district, address }),
    };
  }

  return { enrich, labels: (text) => analyse(text).labels, models, gazetteer };
}
