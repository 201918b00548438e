import { cosine, type Doc, type Terms, trim } from './terms.js';

/**
 * Online single-pass clustering: each message joins the most similar live story of the same topic and
 * district (TF-IDF cosine of stems against the story's centroid, at least SIMILARITY) or starts a new
 * one. A story is live while its last message is at most WINDOW old.
 */

export const SIMILARITY = 0.3;
export const WINDOW_MS = 3 * 86_400_000;

export interface Story {
  id: number | null;
  key: string;
  centroid: Terms;
  lastSeen: number;
}

/** Inverse "story frequency": terms found in many live stories say little about which story it is. */
export function idfOver(stories: readonly Story[]): (term: string) => number {
  const df = new Map<string, number>();
  for (const s of stories) for (const t of s.centroid.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = stories.length + 1;
  return (t) => Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1;
}

/** The best live story of the same key for the document, or null. */
export function bestStory(
  doc: Doc,
  key: string,
  at: number,
  stories: readonly Story[],
  idf: (term: string) => number,
): { story: Story; similarity: number } | null {
  let best: { story: Story; similarity: number } | null = null;
  for (const s of stories) {
    if (s.key !== key || at - s.lastSeen > WINDOW_MS) continue;
    const sim = cosine(doc.terms, s.centroid, idf);
    if (sim >= SIMILARITY && (!best || sim > best.similarity)) best = { story: s, similarity: sim };
  }
  return best;
}

/** Adds a document to a centroid (a running sum of term counts, trimmed to the strongest terms). */
export function absorb(centroid: Terms, doc: Doc): Terms {
  const next = new Map(centroid);
  for (const [t, v] of doc.terms) next.set(t, (next.get(t) ?? 0) + v);
  return trim(next);
}
