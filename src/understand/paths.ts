import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this folder). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MODELS_DIR = join(REPO_ROOT, 'data', 'models');
export const DEFAULT_GAZETTEER = join(REPO_ROOT, 'data', 'regions', 'zhambyl', 'gazetteer.json');
export const CORPUS_DIR = join(REPO_ROOT, 'data', 'corpus');
/** ../shared/datasets beside the checkout (evaluation-only data sets). */
export const DATASETS_DIR = resolve(REPO_ROOT, '..', 'shared', 'datasets');

export function datasetsDir(): string | null {
  return existsSync(DATASETS_DIR) ? DATASETS_DIR : null;
}

/** The region's gazetteer: <regionDir>/gazetteer.json when it exists, else the default Zhambyl data. */
export function gazetteerFor(regionDir?: string): string {
  const own = regionDir ? join(regionDir, 'gazetteer.json') : null;
  return own && existsSync(own) ? own : DEFAULT_GAZETTEER;
}
