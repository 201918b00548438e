import type { InboundSignal, IngestResult } from '../intake/types.js';

/** In-process events between stages (a durable record always exists before an event is emitted). */
export interface BusEvents {
  'signal.ingested': { result: IngestResult; input: InboundSignal };
  'case.changed': { caseId: number; type: string };
  /** An alert was raised, grew, changed severity or was acknowledged (for the web app's live feed). */
  'alert.changed': { alertId: number; change: 'raised' | 'updated' | 'acked'; severity: string };
}

type Handler<T> = (payload: T) => void;

export class Bus {
  private readonly handlers = new Map<keyof BusEvents, Array<Handler<never>>>();

  on<K extends keyof BusEvents>(event: K, handler: Handler<BusEvents[K]>): () => void {
    const list = this.handlers.get(event) ?? [];
    list.push(handler as Handler<never>);
    this.handlers.set(event, list);
    return () => {
      const i = list.indexOf(handler as Handler<never>);
      if (i >= 0) list.splice(i, 1);
    };
  }

  emit<K extends keyof BusEvents>(event: K, payload: BusEvents[K]): void {
    for (const h of this.handlers.get(event) ?? []) (h as Handler<BusEvents[K]>)(payload);
  }
}
