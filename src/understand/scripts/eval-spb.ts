/**
 * St Petersburg appeals (evaluation only, never shipped): deduplicate texts, split 80/20 so that no text is
 * on both sides, train on 80%, report macro-F1 and accuracy over the 15 categories on the other 20%.
 * Run: node bin/run-ts.mjs src/understand/scripts/eval-spb.ts
 */
import { formatEvaluation } from '../model/metrics.js';
import { readSpb, skip } from './datasets.js';
import { dedupe, LARGE_DATA, split8020, textKey, trainAndTest } from './holdout.js';

const rows = readSpb();
if (!rows) skip('spb_appeals/spb_appeals_extracted.jsonl');
const all = rows.filter((r) => r.text.trim()).map((r) => ({ text: r.text, label: r.category }));
const { items, removed } = dedupe(all);
const { train, test } = split8020(items);
const trainKeys = new Set(train.map((t) => textKey(t.text)));
const overlap = test.filter((t) => trainKeys.has(textKey(t.text))).length;
const log = (l: string) => process.stderr.write(`${l}\n`);
const r = trainAndTest('spb-category', train, test, [LARGE_DATA], log);
process.stdout.write(
  [
    '## St Petersburg appeals: 15 categories',
    '',
    `rows ${all.length}, duplicates removed ${removed}, unique ${items.length}; train ${train.length}, test ${test.length}, texts on both sides ${overlap}; training + scoring ${r.seconds.toFixed(0)} s`,
    '',
    formatEvaluation(r.evaluation),
  ].join('\n'),
);
