import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { KINDS, SENTIMENTS, TOPICS, URGENCIES } from '../shared/taxonomy.js';
import type { Labelled } from './model/fit.js';
import { CORPUS_DIR } from './paths.js';

export type Task = 'kind' | 'topic' | 'sentiment' | 'urgency' | 'lang' | 'custom';
export const TASKS: readonly Task[] = ['kind', 'topic', 'sentiment', 'urgency', 'lang', 'custom'];

/** The fixed label set of a standard task (custom tasks take theirs from the data). */
export function taskLabels(task: Task): readonly string[] | undefined {
  switch (task) {
    case 'kind':
      return KINDS;
    case 'topic':
      return TOPICS;
    case 'sentiment':
      return SENTIMENTS;
    case 'urgency':
      return URGENCIES;
    case 'lang':
      return ['kk', 'ru', 'en', 'mixed'];
    case 'custom':
      return undefined;
  }
}

export type Row = Record<string, unknown>;

/** Parsed JSONL rows of a file; blank lines are skipped, a malformed line throws with its number. */
export function readJsonl(path: string): Row[] {
  const rows: Row[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const v: unknown = JSON.parse(line);
        if (v && typeof v === 'object' && !Array.isArray(v)) rows.push(v as Row);
        else throw new Error('not an object');
      } catch (err) {
        throw new Error(`${path}:${i + 1}: ${(err as Error).message}`);
      }
    });
  return rows;
}

export function corpusFiles(split: 'train' | 'test', dir = CORPUS_DIR): string[] {
  const d = join(dir, split);
  if (!existsSync(d)) return [];
  return readdirSync(d)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(d, f));
}

export interface LabelledSet {
  readonly items: Labelled[];
  readonly data: { file: string; lines: number }[];
  readonly skipped: number;
}

/** Text and label pairs from JSONL files; rows without a text or a string label are skipped and counted. */
export function labelledFrom(
  files: readonly string[],
  labelField: string,
  rootForNames?: string,
): LabelledSet {
  const items: Labelled[] = [];
  const data: { file: string; lines: number }[] = [];
  let skipped = 0;
  for (const file of files) {
    const rows = readJsonl(file);
    data.push({
      file: rootForNames ? file.replace(`${rootForNames}/`, '') : basename(file),
      lines: rows.length,
    });
    for (const r of rows) {
      const text = r.text;
      const label = r[labelField];
      if (
        typeof text === 'string' &&
        text.trim() &&
        (typeof label === 'string' || typeof label === 'number')
      ) {
        items.push({ text, label: String(label) });
      } else skipped++;
    }
  }
  return { items, data, skipped };
}
