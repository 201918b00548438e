/**
 * The project's held-out corpus split (data/corpus/test/*.jsonl, never trained on) through the shipped
 * enricher: kind/topic/sentiment/urgency macro-F1, district and language accuracy; personal data recall
 * and false positives on test texts with planted IINs, phones, e-mails, cards and look-alikes.
 * With --cli the labels come from `tyndau classify` and the personal data from `tyndau redact` (child
 * processes reading JSONL, as an outside evaluation runs them) instead of the enricher in this process.
 * Run: node bin/run-ts.mjs src/understand/scripts/eval-corpus.ts [--detail] [--cli]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { corpusFiles, readJsonl } from '../corpus.js';
import { createEnricher } from '../enrich.js';
import { evaluate, formatEvaluation } from '../model/metrics.js';
import { REPO_ROOT } from '../paths.js';
import { findPii } from '../pii/detect.js';
import { piiGenerator } from './pii-synth.js';

/** What the classify contract prints for one message. */
type Predicted = Record<'lang' | 'kind' | 'topic' | 'sentiment' | 'urgency', string> & {
  district: string | null;
};
type Span = { type: string; value: string };

/** Runs `tyndau <command>` over the texts (JSONL {id,text}) and returns its output lines, in order. */
function runCli(command: string, texts: readonly string[]): Record<string, unknown>[] {
  const input = texts.map((text, id) => JSON.stringify({ id, text })).join('\n');
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'tyndau.mjs'), command], {
    cwd: REPO_ROOT,
    input: `${input}\n`,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`tyndau ${command} exited with ${r.status}: ${r.stderr}`);
  const out = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  if (out.length !== texts.length || out.some((o, i) => o.id !== i))
    throw new Error(`tyndau ${command}: ${out.length} lines for ${texts.length} inputs, or out of order`);
  return out;
}

const files = corpusFiles('test');
if (files.length === 0) {
  process.stdout.write('skipped: data/corpus/test has no .jsonl files\n');
  process.exit(0);
}
const rows = files.flatMap(readJsonl).filter((r) => typeof r.text === 'string') as unknown as Record<
  string,
  string | null
>[];
const detail = process.argv.includes('--detail');
const viaCli = process.argv.includes('--cli');
const enricher = viaCli ? null : createEnricher({ explain: false });
const texts = rows.map((r) => r.text!);
const out: Predicted[] = enricher
  ? texts.map((t) => {
      const e = enricher.labels(t);
      return {
        lang: e.lang.value,
        kind: e.kind.value,
        topic: e.topic.value,
        sentiment: e.sentiment.value,
        urgency: e.urgency.value,
        district: e.district.value,
      };
    })
  : (runCli('classify', texts) as unknown as Predicted[]);
/** Personal-data spans of each text. */
const piiOf = (ts: readonly string[]): Span[][] =>
  enricher ? ts.map((t) => findPii(t)) : runCli('redact', ts).map((o) => o.pii as Span[]);

const fields = ['kind', 'topic', 'sentiment', 'urgency', 'lang'] as const;
const lines: string[] = [
  `## Held-out corpus (data/corpus/test), ${viaCli ? 'through tyndau classify and tyndau redact' : 'in process'}`,
  '',
  `${rows.length} messages from ${files.length} files`,
  '',
];
lines.push('| label | macro-F1 | accuracy | n |', '|---|---:|---:|---:|');
const evals = fields.map((f) => {
  const idx = rows.map((r, i) => [r, i] as const).filter(([r]) => typeof r[f] === 'string');
  const e = evaluate(
    idx.map(([r]) => r[f] as string),
    idx.map(([, i]) => out[i]![f]),
  );
  lines.push(`| ${f} | ${e.macroF1.toFixed(3)} | ${e.accuracy.toFixed(3)} | ${e.n} |`);
  return [f, e] as const;
});
const dGold = rows.map((r) => r.district ?? null);
const dPred = out.map((e) => e.district);
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
  const acc = (f: (r: Record<string, string | null>, e: Predicted) => boolean) =>
    (at.filter(([r, i]) => f(r, out[i]!)).length / at.length).toFixed(3);
  lines.push(
    `| ${name} | ${at.length} | ${acc((r, e) => r.kind === e.kind)} | ${acc((r, e) => r.topic === e.topic)} | ${acc((r, e) => r.sentiment === e.sentiment)} | ${acc((r, e) => (r.district ?? null) === e.district)} | ${acc((r, e) => r.lang === e.lang)} |`,
  );
}
lines.push('');

// Personal data: every test text with planted personal data, and with a look-alike appended.
// ROUNDS passes over the test texts, each planting other values in other places.
const ROUNDS = 5;
const gen = piiGenerator(99);
const cases = Array.from({ length: ROUNDS }, () => rows).flatMap((rs) =>
  rs.map((r, row) => {
    const p = gen.planted();
    const text = gen.pick([
      `${r.text} ${p.surface}`,
      `${p.surface}, ${r.text}`,
      `${r.text}\n${p.surface}.`,
      `${r.text} (${p.surface})`,
      `${r.text}: ${p.surface}!`,
    ]);
    return { p, row, text, lookalike: `${r.text} ${gen.lookalike()}` };
  }),
);
const spans = piiOf([...texts, ...cases.map((c) => c.text), ...cases.map((c) => c.lookalike)]);
const base = spans.slice(0, rows.length);
const withPlanted = spans.slice(rows.length, rows.length + cases.length);
const withLookalike = spans.slice(rows.length + cases.length);
let found = 0;
let falsePos = 0;
const misses: string[] = [];
const byType = new Map<string, { n: number; hit: number }>();
cases.forEach(({ p, row, text }, i) => {
  const hit = withPlanted[i]!.some((s) => s.type === p.type && s.value === p.value);
  const t = byType.get(p.type) ?? { n: 0, hit: 0 };
  t.n++;
  t.hit += hit ? 1 : 0;
  byType.set(p.type, t);
  if (hit) found++;
  else misses.push(`${p.type} in «${text.replace(/\s+/g, ' ')}»`);
  if (withLookalike[i]!.length > base[row]!.length) falsePos++;
});
const planted = cases.length;
const lookalikes = cases.length;
const inCorpus = base.reduce((a, s) => a + s.length, 0);
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
