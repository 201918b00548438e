import { DEFAULT_FEATURES } from '../text/features.js';
import type { Candidate } from './fit.js';
import { DEFAULT_PARAMS } from './train.js';

const P30 = { ...DEFAULT_PARAMS, epochs: 30, lr: 0.3, l2: 1e-5 };

/**
 * Feature and parameter candidates for the shipped models, cheapest to run first (train-shipped.ts takes
 * the cheapest within a small tolerance of the best mean validation macro-F1).
 */
export const SHIPPED_GRID: readonly Candidate[] = [
  { features: { ...DEFAULT_FEATURES, bits: 16, charMin: 3, charMax: 5, bigrams: false }, params: P30 },
  { features: { ...DEFAULT_FEATURES, bits: 18, charMin: 3, charMax: 5, bigrams: false }, params: P30 },
  { features: { ...DEFAULT_FEATURES, bits: 18, charMin: 3, charMax: 6, bigrams: false }, params: P30 },
  {
    features: { ...DEFAULT_FEATURES, bits: 18, charMin: 2, charMax: 5, bigrams: true },
    params: { ...P30, epochs: 15 },
  },
];

/** What `tyndau train` tries on its validation split: the logistic regression grid and complement NB. */
export const DEFAULT_CANDIDATES: readonly Candidate[] = [
  ...SHIPPED_GRID,
  {
    features: { ...DEFAULT_FEATURES, bits: 18, charMin: 3, charMax: 5, bigrams: false },
    params: { ...DEFAULT_PARAMS, algorithm: 'cnb', alpha: 0.03 },
  },
];

/** One fast candidate, for large data (tens of thousands of texts) or quick runs. */
export const QUICK_CANDIDATES: readonly Candidate[] = [
  {
    features: { ...DEFAULT_FEATURES, bits: 18, charMin: 3, charMax: 5, bigrams: false },
    params: { ...DEFAULT_PARAMS, epochs: 10, lr: 0.3, l2: 1e-5 },
  },
];
