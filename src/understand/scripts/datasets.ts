import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Labelled } from '../model/fit.js';
import { datasetsDir } from '../paths.js';

/** Evaluation data sets beside the checkout (../shared/datasets); null when the folder is absent. */
export function datasetPath(...parts: string[]): string | null {
  const dir = datasetsDir();
  if (!dir) return null;
  const p = join(dir, ...parts);
  return existsSync(p) ? p : null;
}

/** Prints why a script skips and exits 0. */
export function skip(what: string): never {
  process.stdout.write(`skipped: ${what} not found (expected under ../shared/datasets)\n`);
  process.exit(0);
}

export type KazsandraSplit = 'train' | 'valid' | 'test';
const KAZSANDRA_FILES: Record<KazsandraSplit, string> = {
  train: '03_pc_train_rus.csv',
  valid: '04_pc_valid.csv',
  test: '05_pc_test.csv',
};

/** KazSAnDRA polarity classification (PC): label 0 -> negative, 1 -> positive. CC BY 4.0. */
export function readKazsandra(
  split: KazsandraSplit,
  path = datasetPath('kazsandra', KAZSANDRA_FILES[split]),
): Labelled[] | null {
  if (!path) return null;
  const rows = parse(readFileSync(path, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    relax_quotes: true,
  }) as Record<string, string>[];
  return rows
    .filter((r) => (r.text ?? '').trim() && (r.label === '0' || r.label === '1'))
    .map((r) => ({ text: r.text!, label: r.label === '1' ? 'positive' : 'negative' }));
}

export const KAZSANDRA_SOURCE = 'KazSAnDRA polarity (IS2AI, CC BY 4.0)';

export interface SpbRow {
  readonly text: string;
  readonly category: string;
}

/** St Petersburg appeals JSONL {id,text,category,reason,district}; evaluation only. */
export function readSpb(): SpbRow[] | null {
  const path = datasetPath('spb_appeals', 'spb_appeals_extracted.jsonl');
  if (!path) return null;
  const out: SpbRow[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { text?: unknown; category?: unknown };
    if (typeof r.text === 'string' && typeof r.category === 'string')
      out.push({ text: r.text, category: r.category });
  }
  return out;
}

/** Kursk appeals train file (no header: id, text, fine category, executor, group 0–16); evaluation only. */
export function readKursk(): { text: string; group: string; category: string }[] | null {
  const path = datasetPath('kursk_appeals', 'train_dataset_train.csv');
  if (!path) return null;
  const rows = parse(readFileSync(path, 'utf8'), {
    skip_empty_lines: true,
    relax_quotes: true,
    relax_column_count: true,
  }) as string[][];
  return rows
    .filter((r) => r.length >= 5 && (r[1] ?? '').trim())
    .map((r) => ({ text: stripHtml(r[1]!), category: r[2]!, group: r[4]!.trim() }));
}

export function stripHtml(s: string): string {
  return s
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&laquo;|&raquo;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&[a-z]+;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
