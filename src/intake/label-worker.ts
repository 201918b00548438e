import { parentPort, workerData } from 'node:worker_threads';
import { createEnricher } from '../understand/enrich.js';
import type { SignalLabels } from './labeler.js';
import { toSignalLabels } from './understanding.js';

/** Body of a labelling worker thread (see label-pool.ts): the same enrichment as inline, off the loop. */
export interface LabelRequest {
  readonly id: number;
  readonly texts: readonly string[];
}

export interface LabelReply {
  readonly id: number;
  readonly labels: ReadonlyArray<SignalLabels | null>;
}

const port = parentPort;
if (port) {
  try {
    const enricher = createEnricher({
      gazetteerPath: (workerData as { gazetteerPath: string }).gazetteerPath,
    });
    const one = (text: string): SignalLabels | null => {
      if (!text.trim()) return null;
      try {
        return toSignalLabels(enricher.enrich(text));
      } catch {
        return null; // left for the labelling sweep, like an inline failure
      }
    };
    port.on('message', (m: LabelRequest) => {
      port.postMessage({ id: m.id, labels: m.texts.map(one) } satisfies LabelReply);
    });
    port.postMessage({ ready: true });
  } catch (err) {
    port.postMessage({ ready: false, error: (err as Error).message });
  }
}
