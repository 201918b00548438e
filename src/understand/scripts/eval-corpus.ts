/**
 * The project's held-out corpus split (data/corpus/test/*.jsonl, never trained on) through the shipped
 * enricher: kind/topic/sentiment/urgency macro-F1, district and language accuracy; personal data recall
 * and false positives on test texts with planted IINs, phones, e-mails, cards and look-alikes.
 * Run: node bin/run-ts.mjs src/understand/scripts/eval-corpus.ts [--detail]
 */
import { corpusFiles, readJsonl } from '../corpus.js';
import { createEnricher, type Enrichment } from '../enrich.js';
import { evaluate, formatEvaluation } from '../model/metrics.js';
import { findPii } from '../pii/detect.js';
import { piiGenerator } from './pii-synth.js';

const files = corpusFiles('test');
if (files.length === 0) {
  process.stdout.write('skipped: data/corpus/test has no .jsonl files\n');
  process.exit(0);
}
const rows = files.flatMap(readJsonl).filter((r) => typeof r.text === 'string') as unknown as Record<
  string,
  string | null
>[];
const enricher = createEnricher({ explain: false });
const out = rows.map((r) => enricher.enrich(r.text!));
const detail = process.argv.includes('--detail');

const fields = ['kind', 'topic', 'sentiment', 'urgency', 'lang'] as const;
const value = (e: Enrichment, f: (typeof fields)[number]) => e[f].value;
const lines: string[] = [
  '## Held-out corpus (data/corpus/test)',
  '',
  `${rows.length} messages from ${files.length} files`,
  '',
];
lines.push('| label | macro-F1 | accuracy | n |', '|---|---:|---:|---:|');
const evals = fields.map((f) => {
  const idx = rows.map((r, i) => [r, i] as const).filter(([r]) => typeof r[f] === 'string');
  const e = evaluate(
    idx.map(([r]) => r[f] as string),
    idx.map(([, i]) => value(out[i]!, f)),
  );
  lines.push(`| ${f} | ${e.macroF1.toFixed(3)} | ${e.accuracy.toFixed(3)} | ${e.n} |`);
  return [f, e] as const;
});
const dGold = rows.map((r) => r.district ?? null);
const dPred = out.map((e) => e.district.value);
const dOk = dGold.filter((g, i) => g === dPred[i]).length;
const named = dGold.map((g, i) => [g, dPred[i]] as const).filter(([g]) => g !== null);
lines.push(
  `| district | – | ${(dOk / rows.length).toFixed(3)} | ${rows.length} |`,
  `| district (messages naming a place) | – | ${(named.filter(([g, p]) => g === p).length / named.length).toFixed(3)} | ${named.length} |`,
  '',
);

/** Mostly Latin letters. */
function latin(t: string): boolean {
  const lat = (t.match(/[a-zäöüşğıñūçá-ý]/gi) ?? []).length;
  const cyr = (t.match(/[\u0400-\u04ff]/g) ?? []).length;
  return lat > cyr;
}

// Accuracy by how the message is written (gold language; Latin-script Kazakh separately).
const groups: [string, (r: Record<string, string | null>) => boolean][] = [
  ['ru', (r) => r.lang === 'ru'],
  ['kk (Cyrillic)', (r) => r.lang === 'kk' && !latin(r.text!)],
  ['kk (Latin script)', (r) => r.lang === 'kk' && latin(r.text!)],
  ['mixed', (r) => r.lang === 'mixed'],
  ['en', (r) => r.lang === 'en'],
];
lines.push(
  '| written in | n | kind acc | topic acc | sentiment acc | district acc | lang acc |',
  '|---|---:|---:|---:|---:|---:|---:|',
);
for (const [name, test] of groups) {
  const at = rows.map((r, i) => [r, i] as const).filter(([r]) => test(r));
  if (at.length === 0) continue;
  const acc = (f: (r: Record<string, string | null>, e: Enrichment) => boolean) =>
    (at.filter(([r, i]) => f(r, out[i]!)).length / at.length).toFixed(3);
  lines.push(
    `| ${name} | ${at.length} | ${acc((r, e) => r.kind === e.kind.value)} | ${acc((r, e) => r.topic === e.topic.value)} | ${acc((r, e) => r.sentiment === e.sentiment.value)} | ${acc((r, e) => (r.district ?? null) === e.district.value)} | ${acc((r, e) => r.lang === e.lang.value)} |`,
  );
}
lines.push('');

// Personal data: every test text once with planted personal data, once with a look-alike.
const gen = piiGenerator(99);
let planted = 0;
let found = 0;
let falsePos = 0;
let lookalikes = 0;
const misses: string[] = [];
const byType = new Map<string, { n: number; hit: number }>();
for (const r of rows) {
  const p = gen.planted();
  const text = gen.pick([`${r.text} ${p.surface}`, `${p.surface}, ${r.text}`, `${r.text}\n${p.surface}.`]);
  const spans = findPii(text);
  const hit = spans.some((s) => s.type === p.type && s.value === p.value);
  const t = byType.get(p.type) ?? { n: 0, hit: 0 };
  t.n++;
  t.hit += hit ? 1 : 0;
  byType.set(p.type, t);
  planted++;
  if (hit) found++;
  else misses.push(`${p.type} in «${text.replace(/\s+/g, ' ')}»`);
  const base = findPii(r.text!).length;
  const la = `${r.text} ${gen.lookalike()}`;
  lookalikes++;
  if (findPii(la).length > base) falsePos++;
}
const inCorpus = rows.reduce((a, r) => a + findPii(r.text!).length, 0);
lines.push(
  '| personal data | value |',
  '|---|---:|',
  `| recall on planted spans | ${(found / planted).toFixed(4)} (${found}/${planted}) |`,
  ...[...byType].map(([t, v]) => `| recall: ${t} | ${(v.hit / v.n).toFixed(4)} (${v.hit}/${v.n}) |`),
  `| false positives on planted look-alikes | ${falsePos} of ${lookalikes} |`,
  `| spans found in the unmodified test texts | ${inCorpus} |`,
  '',
);
if (misses.length) lines.push(`missed: ${misses.slice(0, 10).join('; ')}`, '');
if (detail) for (const [f, e] of evals) lines.push(formatEvaluation(e, f));
process.stdout.write(`${lines.join('\n')}\n`);
