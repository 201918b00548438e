import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Labeler, SignalLabels } from '../intake/labeler.js';
import { createEnricher, type Enricher, type Enrichment } from './enrich.js';
import { DEFAULT_GAZETTEER, MODELS_DIR } from './paths.js';

/** The intake stage's labels from one enrichment; personal data appear as types and offsets only. */
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
        lang: e.lang.explain,
        kind: e.kind.explain,
        topic: e.topic.explain,
        sentiment: e.sentiment.explain,
        district: e.district.explain,
        urgency: e.urgency.explain,
      },
      address: e.address,
      pii: e.pii.map((s) => ({ type: s.type, start: s.start, end: s.end })),
      fingerprint: e.fingerprint,
      clusterKey: e.clusterKey,
    },
  };
}

/** The region's gazetteer: <regionDir>/gazetteer.json when it exists, else the default Zhambyl data. */
export function gazetteerFor(regionDir?: string): string {
  const own = regionDir ? join(regionDir, 'gazetteer.json') : null;
  return own && existsSync(own) ? own : DEFAULT_GAZETTEER;
}

/**
 * A Labeler for the intake stage, or null while the shipped models are missing (signals then wait for
 * the labelling sweep). Loads the models and the gazetteer once.
 */
export function createLabeler(options: { regionDir?: string; modelsDir?: string } = {}): Labeler | null {
  const dir = options.modelsDir ?? MODELS_DIR;
  if (!['kind', 'topic', 'sentiment'].every((t) => existsSync(join(dir, `${t}.json`)))) return null;
  const enricher: Enricher = createEnricher({
    modelsDir: dir,
    gazetteerPath: gazetteerFor(options.regionDir),
  });
  return (text) => toSignalLabels(enricher.enrich(text));
}
