import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { UsageError } from '../cli/errors.js';
import type { CliCommand, CliIo } from '../cli/types.js';
import type { Config } from '../config/config.js';
import { one, parseOptions, required } from './cli-args.js';
import { corpusFiles, labelledFrom, TASKS, type Task, taskLabels } from './corpus.js';
import { createEnricher, type Enricher } from './enrich.js';
import { detectLang } from './lang.js';
import { trainLangModel, wordLangModel } from './lang-model.js';
import { DEFAULT_CANDIDATES, QUICK_CANDIDATES } from './model/candidates.js';
import { fitModel } from './model/fit.js';
import { loadModel, saveModel } from './model/io.js';
import { predict } from './model/linear.js';
import { evaluate, formatEvaluation } from './model/metrics.js';
import { gazetteerFor } from './paths.js';
import { findPii, redact } from './pii/detect.js';
import { featurize } from './text/features.js';
import { tokenize } from './text/tokens.js';

/** Reads JSONL from stdin line by line and writes one output line per input line, in order. */
async function mapLines(
  io: CliIo,
  handle: (record: { id: unknown; text: string }) => unknown,
): Promise<number> {
  const rl = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    let out: unknown;
    try {
      const v: unknown = JSON.parse(line);
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('line is not a JSON object');
      const rec = v as Record<string, unknown>;
      const id = rec.id ?? null;
      if (typeof rec.text !== 'string') out = { id, error: 'field "text" must be a string' };
      else out = handle({ id, text: rec.text });
    } catch (err) {
      out = {
        id: null,
        error: err instanceof SyntaxError ? `malformed JSON: ${err.message}` : (err as Error).message,
      };
    }
    if (!io.stdout.write(`${JSON.stringify(out)}\n`)) await once(io.stdout, 'drain');
  }
  return 0;
}

/** The classify contract: one output line per input line, in order (the enricher is loaded once). */
export function classifyLines(io: CliIo, enricher: Enricher): Promise<number> {
  return mapLines(io, ({ id, text }) => {
    const e = enricher.labels(text);
    return {
      id,
      lang: e.lang.value,
      kind: e.kind.value,
      topic: e.topic.value,
      sentiment: e.sentiment.value,
      district: e.district.value,
      urgency: e.urgency.value,
      confidence: {
        kind: e.kind.confidence,
        topic: e.topic.confidence,
        sentiment: e.sentiment.confidence,
        district: e.district.confidence,
      },
    };
  });
}

const classify: CliCommand = {
  name: 'classify',
  summary: 'Label JSONL {"id","text"} from stdin: lang, kind, topic, sentiment, district, urgency',
  usage: 'tyndau classify < messages.jsonl > labels.jsonl',
  run: async (_args, io, config) =>
    classifyLines(io, createEnricher({ explain: false, gazetteerPath: gazetteerFor(regionDir(config)) })),
};

const redactCommand: CliCommand = {
  name: 'redact',
  summary: 'Find personal data (IIN, phone, e-mail, card) in JSONL {"id","text"} and write a redacted copy',
  usage: 'tyndau redact < messages.jsonl > redacted.jsonl',
  run: async (_args, io) =>
    mapLines(io, ({ id, text }) => {
      const pii = findPii(text);
      return { id, redacted: redact(text, pii), pii };
    }),
};

/** The configured region folder (TYNDAU_REGION_DIR); the default data when the configuration is unusable. */
function regionDir(config: () => Config): string | undefined {
  try {
    return config().regionDir;
  } catch {
    return undefined;
  }
}

function taskOf(v: string): Task {
  if (!(TASKS as readonly string[]).includes(v))
    throw new UsageError(`--task must be one of ${TASKS.join(', ')}`);
  return v as Task;
}

const train: CliCommand = {
  name: 'train',
  summary: 'Train a model from labelled JSONL (default: data/corpus/train/*.jsonl)',
  usage:
    'tyndau train --task <kind|topic|sentiment|urgency|lang|custom> [--data file.jsonl ...] [--label-field f] --out model.json [--quick 1] [--seed n]',
  run: async (args, io) => {
    const opts = parseOptions(args, ['task', 'data', 'label-field', 'out', 'quick', 'seed']);
    const task = taskOf(required(opts, 'task'));
    const out = required(opts, 'out');
    const labelField = one(opts, 'label-field') ?? (task === 'custom' ? 'label' : task);
    const files = opts.get('data') ?? corpusFiles('train');
    if (files.length === 0) throw new UsageError('no --data given and data/corpus/train has no .jsonl files');
    if (task === 'lang') return trainLang(files, labelField, out, io);
    const set = labelledFrom(files, labelField);
    const fixed = taskLabels(task);
    const items = fixed ? set.items.filter((i) => fixed.includes(i.label)) : set.items;
    if (items.length < 2) throw new UsageError(`no labelled rows with field "${labelField}"`);
    const labels = fixed
      ? fixed.filter((l) => items.some((i) => i.label === l))
      : [...new Set(items.map((i) => i.label))].sort();
    io.stderr.write(
      `train ${task}: ${items.length} examples, ${labels.length} labels, ${set.skipped} rows skipped\n`,
    );
    const result = fitModel(items, {
      task,
      labels,
      candidates: one(opts, 'quick') === '1' ? QUICK_CANDIDATES : DEFAULT_CANDIDATES,
      seed: Number(one(opts, 'seed') ?? 42),
      data: set.data,
      log: (l) => io.stderr.write(`  ${l}\n`),
    });
    saveModel(out, result.model);
    io.stdout.write(
      formatEvaluation(result.validation, `${task}: validation split (15% of the training data)`),
    );
    io.stdout.write(`\nmodel written to ${out} (${result.chosen.params.algorithm})\n`);
    return 0;
  },
};

/** The language model is a word-level model plus "mixed" thresholds (see lang-model.ts). */
function trainLang(files: readonly string[], field: string, out: string, io: CliIo): number {
  const set = labelledFrom(files, field);
  const { model, validation } = trainLangModel(
    set.items.map((i) => ({ text: i.text, lang: i.label })),
    set.data,
    (l) => io.stderr.write(`  ${l}\n`),
  );
  saveModel(out, model);
  io.stdout.write(
    `lang: validation macro-F1 ${validation.macroF1.toFixed(3)}, accuracy ${validation.accuracy.toFixed(3)}\nmodel written to ${out}\n`,
  );
  return 0;
}

const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'Evaluate a model on labelled JSONL: per-label precision, recall, F1, macro-F1, confusion',
  usage:
    'tyndau eval --task <task> --model model.json --data file.jsonl [--data more.jsonl] [--label-field f]',
  run: async (args, io) => {
    const opts = parseOptions(args, ['task', 'model', 'data', 'label-field']);
    const task = taskOf(required(opts, 'task'));
    const model = loadModel(required(opts, 'model'));
    const files = opts.get('data');
    if (!files?.length) throw new UsageError('--data is required');
    const set = labelledFrom(files, one(opts, 'label-field') ?? (task === 'custom' ? 'label' : task));
    const gold = set.items.map((i) => i.label);
    const words = task === 'lang' ? wordLangModel(model) : null;
    const predicted = set.items.map((i) =>
      words
        ? detectLang(tokenize(i.text), { text: i.text, model: words }).value
        : predict(model, featurize(i.text, model.features)).label,
    );
    io.stdout.write(
      formatEvaluation(evaluate(gold, predicted, model.labels), `${task}: ${files.join(', ')}`),
    );
    return 0;
  },
};

export const understandCommands: CliCommand[] = [classify, redactCommand, train, evalCommand];
