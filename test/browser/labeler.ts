import type { Labeler, SignalLabels } from '../../src/intake/labeler.js';

/**
 * A small, deterministic stand-in for the understanding stage (which is another feature's and loads
 * trained models): keyword rules with a confidence and the words that decided, in the shape the web app
 * reads from `signals.labels`.
 */
const RULES: ReadonlyArray<{ words: RegExp; field: 'topic' | 'kind' | 'district'; value: string }> = [
  { words: /(свет|электр|жарық)/i, field: 'topic', value: 'electricity' },
  { words: /(вод|су\b|суы)/i, field: 'topic', value: 'water' },
  { words: /(газ)/i, field: 'topic', value: 'gas' },
  { words: /(дорог|яма|жол)/i, field: 'topic', value: 'roads' },
  { words: /(нет|жоқ|прорыв|авари|отключ)/i, field: 'kind', value: 'incident' },
  { words: /(спасибо|рахмет|благодар)/i, field: 'kind', value: 'gratitude' },
  { words: /(шу\b|шуск|толе би|төле би)/i, field: 'district', value: 'shu' },
  { words: /(тараз)/i, field: 'district', value: 'taraz' },
];

export const standInLabeler: Labeler = (text: string): SignalLabels => {
  const out: Record<string, { value: string; confidence: number; explain: string[] }> = {};
  for (const r of RULES) {
    if (out[r.field]) continue;
    const m = r.words.exec(text);
    if (m) out[r.field] = { value: r.value, confidence: 0.87, explain: [m[0].toLowerCase()] };
  }
  const negative = /(нет|жоқ|плохо|безобраз|ужас)/i.exec(text);
  const sentiment = {
    value: negative ? 'negative' : 'neutral',
    confidence: 0.74,
    explain: negative ? [negative[0]] : [],
  };
  return {
    lang: /[әіңғүұқөһ]/i.test(text) ? 'kk' : 'ru',
    kind: out.kind?.value ?? 'consultation',
    topic: out.topic?.value ?? 'other',
    sentiment: sentiment.value,
    district: out.district?.value ?? null,
    urgency: 'normal',
    textRedacted: text.replace(/\+?\d[\d\s-]{8,}\d/g, '[phone]'),
    details: {
      kind: out.kind ?? { value: 'consultation', confidence: 0.55, explain: [] },
      topic: out.topic ?? { value: 'other', confidence: 0.4, explain: [] },
      sentiment,
      ...(out.district ? { district: out.district } : {}),
    },
  };
};
