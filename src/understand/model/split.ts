import { rng, shuffle } from './rng.js';

/** Splits indices per label so each label keeps its share on both sides (seeded). */
export function stratifiedSplit(
  labels: readonly string[],
  fraction: number,
  seed: number,
): { train: number[]; held: number[] } {
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const list = byLabel.get(l) ?? [];
    list.push(i);
    byLabel.set(l, list);
  });
  const random = rng(seed);
  const train: number[] = [];
  const held: number[] = [];
  for (const key of [...byLabel.keys()].sort()) {
    const list = shuffle(byLabel.get(key)!, random);
    const cut = list.length >= 2 ? Math.max(1, Math.round(list.length * fraction)) : 0;
    held.push(...list.slice(0, cut));
    train.push(...list.slice(cut));
  }
  return { train: train.sort((a, b) => a - b), held: held.sort((a, b) => a - b) };
}
