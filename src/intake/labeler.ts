/** What the understanding stage adds to a signal. The intake stage stores it beside the raw text. */
export interface SignalLabels {
  readonly lang: string | null;
  readonly kind: string | null;
  readonly topic: string | null;
  readonly sentiment: string | null;
  readonly district: string | null;
  readonly urgency: string | null;
  readonly textRedacted: string;
  /** Confidences, explanations, address parts, personal-data spans (types and offsets, not values). */
  readonly details: Record<string, unknown>;
}

/** Pure function from text to labels; provided by src/understand. */
export type Labeler = (text: string) => SignalLabels;
