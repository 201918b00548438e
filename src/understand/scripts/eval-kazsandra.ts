/**
 * KazSAnDRA polarity: train on the train split (balanced), tune the decision threshold on the valid split
 * (the test split is 82% positive), report macro-F1 on the test split.
 * Run: node bin/run-ts.mjs src/understand/scripts/eval-kazsandra.ts
 */
import { type Candidate, fitModel } from '../model/fit.js';
import { argmax, type LinearModel, scores } from '../model/linear.js';
import { evaluate, formatEvaluation } from '../model/metrics.js';
import { DEFAULT_PARAMS } from '../model/train.js';
import { DEFAULT_FEATURES, type Features, featurize } from '../text/features.js';
import { KAZSANDRA_SOURCE, readKazsandra, skip } from './datasets.js';

const train = readKazsandra('train');
const valid = readKazsandra('valid');
const test = readKazsandra('test');
if (!train || !valid || !test) skip('kazsandra/{03_pc_train_rus,04_pc_valid,05_pc_test}.csv');
const log = (l: string) => process.stderr.write(`${l}\n`);

const CANDIDATES: Candidate[] = [
  {
    features: { ...DEFAULT_FEATURES, charMin: 3, charMax: 6, bigrams: false },
    params: { ...DEFAULT_PARAMS, epochs: 8, lr: 0.3, l2: 1e-5 },
  },
  {
    features: { ...DEFAULT_FEATURES, charMin: 2, charMax: 5, bigrams: true },
    params: { ...DEFAULT_PARAMS, epochs: 8, lr: 0.3, l2: 1e-5 },
  },
];

const t0 = Date.now();
// Candidates are compared on the valid split (not on test).
let best: { model: LinearModel; f1: number } | null = null;
for (const c of CANDIDATES) {
  const { model } = fitModel(train, {
    task: 'kazsandra',
    candidates: [c],
    labels: ['negative', 'positive'],
    data: [],
    validationFraction: 0.05,
    log,
  });
  const vf = valid.map((v) => featurize(v.text, model.features));
  const f1 = evaluate(
    valid.map((v) => v.label),
    vf.map((f) => model.labels[argmax(scores(model, f))]!),
  ).macroF1;
  log(`candidate on valid: macro-F1 ${f1.toFixed(4)}`);
  if (!best || f1 > best.f1) best = { model, f1 };
}
const model = best!.model;
const pos = model.labels.indexOf('positive');
const decide = (fs: readonly Features[], offset: number) =>
  fs.map((f) => {
    const s = scores(model, f);
    s[pos] = s[pos]! + offset;
    return model.labels[argmax(s)]!;
  });
const vf = valid.map((v) => featurize(v.text, model.features));
let tuned = { offset: 0, f1: -1 };
for (let offset = -4; offset <= 4.0001; offset += 0.1) {
  const f1 = evaluate(
    valid.map((v) => v.label),
    decide(vf, offset),
  ).macroF1;
  if (f1 > tuned.f1) tuned = { offset: Number(offset.toFixed(2)), f1 };
}
const tf = test.map((t) => featurize(t.text, model.features));
const gold = test.map((t) => t.label);
const plain = evaluate(gold, decide(tf, 0));
const withThreshold = evaluate(gold, decide(tf, tuned.offset));
process.stdout.write(
  [
    `## KazSAnDRA polarity (${KAZSANDRA_SOURCE})`,
    '',
    `train ${train.length} (balanced), valid ${valid.length}, test ${test.length}; ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    '',
    '| setting | test macro-F1 | test accuracy |',
    '|---|---:|---:|',
    `| argmax (no threshold) | ${plain.macroF1.toFixed(3)} | ${plain.accuracy.toFixed(3)} |`,
    `| threshold tuned on valid (positive logit ${tuned.offset >= 0 ? '+' : ''}${tuned.offset}, valid macro-F1 ${tuned.f1.toFixed(3)}) | **${withThreshold.macroF1.toFixed(3)}** | ${withThreshold.accuracy.toFixed(3)} |`,
    '',
    formatEvaluation(withThreshold, 'test split, tuned threshold'),
  ].join('\n'),
);
