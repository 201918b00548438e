/** The machine's labels as stored with a signal (`labels` JSON): value, confidence and explanation. */

export const LABEL_FIELDS = ['kind', 'topic', 'sentiment', 'urgency', 'district'] as const;
export type LabelField = (typeof LABEL_FIELDS)[number];

export interface MachineLabel {
  readonly value: string | null;
  readonly confidence: number | null;
  readonly explain: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const words = (v: unknown): string[] =>
  Array.isArray(v)
    ? v
        .map((w) =>
          typeof w === 'string' ? w : isRecord(w) ? String(w.feature ?? w.word ?? w.token ?? '') : '',
        )
        .filter(Boolean)
    : typeof v === 'string' && v
      ? [v]
      : [];

/**
 * Reads one field's label, whichever way the understanding stage wrote it: `{kind: {value, confidence,
 * explain}}`, or `{confidence: {kind}, explain: {kind}}`.
 */
export function machineLabel(
  labels: Record<string, unknown> | null | undefined,
  field: LabelField,
): MachineLabel | null {
  if (!labels) return null;
  const own = labels[field];
  if (isRecord(own)) {
    return {
      value: typeof own.value === 'string' ? own.value : null,
      confidence: num(own.confidence),
      explain: words(own.explain ?? own.explanation ?? own.because),
    };
  }
  const conf = isRecord(labels.confidence) ? num(labels.confidence[field]) : null;
  const expl = isRecord(labels.explain) ? words(labels.explain[field]) : [];
  if (conf === null && !expl.length) return null;
  return { value: typeof own === 'string' ? own : null, confidence: conf, explain: expl };
}

/** Labels a person gave when registering (an operator's call): they won over the machine's. */
export function givenLabels(
  labels: Record<string, unknown> | null | undefined,
): Partial<Record<LabelField, string>> {
  const g = labels?.given;
  if (!isRecord(g)) return {};
  const out: Partial<Record<LabelField, string>> = {};
  for (const f of LABEL_FIELDS) if (typeof g[f] === 'string') out[f] = g[f] as string;
  return out;
}
