/**
 * Kursk appeals (evaluation only, never shipped): the train file's 2,000 appeals (HTML stripped), split
 * 80/20 after deduplication; report the 17 groups and, as a region's own fine label set, the 161 categories.
 * Run: node bin/run-ts.mjs src/understand/scripts/eval-kursk.ts
 */
import { DEFAULT_CANDIDATES } from '../model/candidates.js';
import { formatEvaluation } from '../model/metrics.js';
import { readKursk, skip } from './datasets.js';
import { dedupe, split8020, trainAndTest } from './holdout.js';

const rows = readKursk();
if (!rows) skip('kursk_appeals/train_dataset_train.csv');
const log = (l: string) => process.stderr.write(`${l}\n`);
const out: string[] = [];
for (const [title, field] of [
  ['17 groups', 'group'],
  ['161 fine categories', 'category'],
] as const) {
  const { items, removed } = dedupe(rows.map((r) => ({ text: r.text, label: r[field] })));
  const { train, test } = split8020(items);
  const r = trainAndTest(`kursk-${field}`, train, test, DEFAULT_CANDIDATES, log);
  const e = r.evaluation;
  out.push(
    `## Kursk appeals: ${title}`,
    '',
    `rows ${rows.length}, duplicates removed ${removed}; train ${train.length}, test ${test.length}; labels in test ${e.perLabel.filter((s) => s.support > 0).length}`,
    '',
    field === 'group'
      ? formatEvaluation(e)
      : `macro-F1 **${e.macroF1.toFixed(3)}**, accuracy **${e.accuracy.toFixed(3)}**, n = ${e.n}\n`,
  );
}
process.stdout.write(`${out.join('\n')}\n`);
