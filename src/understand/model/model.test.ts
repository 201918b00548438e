import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../paths.js';
import { DEFAULT_FEATURES, featurize, featurizeTraced } from '../text/features.js';
import { bundle } from './bundle.js';
import { QUICK_CANDIDATES } from './candidates.js';
import { fitModel, type Labelled } from './fit.js';
import { loadModel, saveModel } from './io.js';
import { explain, predict } from './linear.js';
import { evaluate, formatEvaluation } from './metrics.js';
import { rng } from './rng.js';
import { DEFAULT_PARAMS } from './train.js';

/** A synthetic three-topic set: each message mixes topic words with shared filler, in ru and kk. */
function synthetic(n: number, seed: number): Labelled[] {
  const topics: Record<string, string[]> = {
    water: ['вода', 'воды', 'водопровод', 'кран', 'су', 'суы', 'құбыр', 'трубу'],
    power: ['свет', 'света', 'электричество', 'жарық', 'ток', 'трансформатор', 'розетка', 'щиток'],
    roads: ['яма', 'ямы', 'асфальт', 'дорога', 'жол', 'шұңқыр', 'тротуар', 'бордюр'],
  };
  const filler = [
    'уже',
    'третий',
    'день',
    'нет',
    'жоқ',
    'просим',
    'помогите',
    'көмектесіңіз',
    'у нас',
    'опять',
    'улица',
  ];
  const random = rng(seed);
  const pick = (xs: string[]) => xs[Math.floor(random() * xs.length)]!;
  const labels = Object.keys(topics);
  return Array.from({ length: n }, (_, i) => {
    const label = labels[i % labels.length]!;
    const words = [pick(filler), pick(topics[label]!), pick(filler), pick(topics[label]!), pick(filler)];
    return { text: words.join(' '), label };
  });
}

const dir = mkdtempSync(join(tmpdir(), 'tyndau-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('linear models', () => {
  const train = synthetic(300, 1);
  const held = synthetic(90, 2);

  it.each(['logreg', 'cnb'] as const)('%s learns: accuracy on held-out items', (algorithm) => {
    const { model } = fitModel(train, {
      task: 'custom',
      candidates: [
        {
          features: { ...DEFAULT_FEATURES, bits: 16 },
          params: { ...DEFAULT_PARAMS, algorithm, alpha: 0.01 },
        },
      ],
      data: [{ file: 'synthetic', lines: train.length }],
    });
    const predicted = held.map((h) => predict(model, featurize(h.text, model.features)).label);
    const e = evaluate(
      held.map((h) => h.label),
      predicted,
    );
    expect(e.accuracy).toBeGreaterThan(0.9);
  });

  it('is deterministic for a seed and explains with the message words', () => {
    const a = fitModel(train, { task: 'custom', candidates: QUICK_CANDIDATES, data: [] }).model;
    const b = fitModel(train, { task: 'custom', candidates: QUICK_CANDIDATES, data: [] }).model;
    expect([...a.weights]).toEqual([...b.weights]);
    const t = featurizeTraced('у нас нет света, щиток искрит', a.features);
    const p = predict(a, t);
    expect(p.label).toBe('power');
    expect(p.confidence).toBeGreaterThan(0.5);
    const words = explain(a, t, p.index);
    expect(words.length).toBeGreaterThan(0);
    expect(words.some((w) => ['света', 'щиток'].includes(w))).toBe(true);
  });

  it('round-trips through the JSON model file with metadata', () => {
    const { model } = fitModel(train, {
      task: 'custom',
      candidates: QUICK_CANDIDATES,
      data: [{ file: 'synthetic', lines: 300 }],
    });
    const file = join(dir, 'm.json');
    saveModel(file, model);
    expect(statSync(file).size).toBeLessThan(8 * 1024 * 1024);
    const back = loadModel(file);
    expect(back.labels).toEqual(model.labels);
    expect(back.features).toEqual(model.features);
    expect(back.meta.data).toEqual([{ file: 'synthetic', lines: 300 }]);
    expect(back.meta.counts).toEqual({ power: 100, roads: 100, water: 100 });
    for (const h of held) {
      const f = featurize(h.text, model.features);
      const p1 = predict(model, f);
      const p2 = predict(back, f);
      expect(p2.label).toBe(p1.label);
      expect(Math.abs(p2.confidence - p1.confidence)).toBeLessThan(0.05);
    }
  });

  it('scores and explains the same whether the row means come with the scores or separately', () => {
    const models = ['kind', 'topic', 'sentiment', 'urgency'].map((t) =>
      loadModel(join(MODELS_DIR, `${t}.json`)),
    );
    const b = bundle(models);
    const only = [true, true, true, false];
    const texts = [
      'В мкр Аса третий день нет воды, дети без воды, позвоните 87011234567',
      'Жайлау шағын ауданында жарық жоқ, көмектесіңіздер',
      'Spasibo akimatu za novyi park v Taraze!',
      'Подскажите, как получить справку о составе семьи?',
    ];
    for (const text of texts) {
      const t = featurizeTraced(text, models[0]!.features);
      const plain = b.predictAll(t);
      const words = b.explainAll(t, plain, 4, only);
      const fused = b.predictAll(t, true);
      expect(fused.map((p) => [p.label, p.confidence])).toEqual(plain.map((p) => [p.label, p.confidence]));
      expect(b.explainAll(t, fused, 4, only)).toEqual(words);
      expect(words.slice(0, 3).every((w) => w.length > 0)).toBe(true);
      expect(words[3]).toEqual([]);
    }
  });

  it('ships models trained only on the training corpus and KazSAnDRA’s training split', () => {
    for (const task of ['kind', 'topic', 'sentiment', 'urgency', 'lang']) {
      const files = loadModel(join(MODELS_DIR, `${task}.json`)).meta.data.map((d) => d.file);
      expect(files.length).toBeGreaterThan(0);
      for (const f of files)
        expect(f, `${task}: ${f}`).toMatch(
          /^data\/corpus\/train\/[^/]+\.jsonl$|^KazSAnDRA 03_pc_train_rus\.csv/,
        );
    }
  });

  it('takes any string labels (a region’s own categories)', () => {
    const items = train.map((t) => ({ ...t, label: `cat-${t.label}-${t.text.length % 2}` }));
    const { model } = fitModel(items, { task: 'custom', candidates: QUICK_CANDIDATES, data: [] });
    expect(model.labels.length).toBe(6);
  });
});

describe('metrics', () => {
  it('computes per-label scores, macro-F1, accuracy and confusion', () => {
    const e = evaluate(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']);
    expect(e.accuracy).toBe(0.75);
    expect(e.perLabel.find((s) => s.label === 'a')!.recall).toBe(0.5);
    expect(e.perLabel.find((s) => s.label === 'b')!.precision).toBeCloseTo(2 / 3);
    expect(e.confusion).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(formatEvaluation(e)).toContain('macro-F1');
  });
});
