import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { Logger } from '../shared/logger.js';
import { createEnricher, type Enrichment } from '../understand/enrich.js';
import type { Labeler, SignalLabels } from './labeler.js';

/**
 * Explanations quote words of the message: a word that is (part of) personal data, or any long digit
 * run or e-mail-like token, is dropped so reasons never carry a phone, IIN or card number.
 */
function safeExplain(words: readonly string[], e: Enrichment): string[] {
  const values = e.pii.map((p) => p.value.replace(/\D/g, '')).filter((v) => v.length >= 4);
  return words.filter((w) => {
    if (/\d{4,}|@/.test(w)) return false;
    const digits = w.replace(/\D/g, '');
    return !(digits.length >= 4 && values.some((v) => v.includes(digits)));
  });
}

/** What is stored of an enrichment beside the signal: labels, confidences, reasons; never PII values. */
export function toSignalLabels(e: Enrichment): SignalLabels {
  return {
    lang: e.lang.value,
    kind: e.kind.value,
    topic: e.topic.value,
    sentiment: e.sentiment.value,
    district: e.district.value,
    urgency: e.urgency.value,
    textRedacted: e.redacted,
    details: {
      confidence: {
        lang: e.lang.confidence,
        kind: e.kind.confidence,
        topic: e.topic.confidence,
        sentiment: e.sentiment.confidence,
        district: e.district.confidence,
        urgency: e.urgency.confidence,
      },
      explain: {
        lang: safeExplain(e.lang.explain, e),
        kind: safeExplain(e.kind.explain, e),
        topic: safeExplain(e.topic.explain, e),
        sentiment: safeExplain(e.sentiment.explain, e),
        district: safeExplain(e.district.explain, e),
        urgency: safeExplain(e.urgency.explain, e),
      },
      pii: e.pii.map((p) => ({ type: p.type, start: p.start, end: p.end })),
      hasAddress: Object.keys(e.address).length > 0,
      fingerprint: e.fingerprint,
      clusterKey: e.clusterKey,
    },
  };
}

/** Loads the shipped models and the region's gazetteer once; null (with a warning) when missing. */
export async function loadLabeler(config: Config, log: Logger): Promise<Labeler | null> {
  const gazetteerPath = join(config.regionDir, 'gazetteer.json');
  if (!existsSync(gazetteerPath)) {
    log.warn({ gazetteerPath }, 'no gazetteer: signals stay unlabelled until one is provided');
    return null;
  }
  try {
    const enricher = createEnricher({ gazetteerPath });
    return (text) => toSignalLabels(enricher.enrich(text));
  } catch (err) {
    log.warn({ err: { message: (err as Error).message } }, 'text understanding unavailable');
    return null;
  }
}
