import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config/config.js';
import type { Logger } from '../shared/logger.js';
import type { LabelReply } from './label-worker.js';
import type { SignalLabels } from './labeler.js';

/**
 * Text understanding for webhook deliveries in worker threads, so the HTTP event loop only parses,
 * commits and answers. A delivery is labelled before its commit exactly as inline (the same enricher),
 * so a committed signal is labelled at once. If a worker fails, its pending requests resolve to `null`
 * and the caller labels inline; the worker is replaced after a second (a few times at most).
 */
export interface LabelPool {
  /** Labels per text (null: empty or not understood, left to the sweep), or null: label inline instead. */
  label(texts: readonly string[]): Promise<ReadonlyArray<SignalLabels | null> | null>;
  /** Texts the workers have labelled since start. */
  labelled(): number;
  /** Workers running now. */
  workers(): number;
  close(): Promise<void>;
}

const ENTRY = new URL('./label-worker.mjs', import.meta.url);
const START_TIMEOUT_MS = 60_000;
const RESTART_DELAY_MS = 1_000;
/** Crashed workers replaced over the pool's life before it gives up and labels inline for good. */
const MAX_RESTARTS = 5;

interface Slot {
  readonly worker: Worker;
  alive: boolean;
  pending: number;
}

function startWorker(gazetteerPath: string, entry: URL): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, { workerData: { gazetteerPath } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error('labelling worker did not start in time'));
    }, START_TIMEOUT_MS);
    const fail = (err: Error) => {
      clearTimeout(timer);
      reject(err);
    };
    worker.once('error', fail);
    worker.once('message', (m: { ready?: boolean; error?: string }) => {
      clearTimeout(timer);
      worker.off('error', fail);
      if (m.ready) resolve(worker);
      else {
        void worker.terminate();
        reject(new Error(m.error ?? 'labelling worker failed'));
      }
    });
  });
}

/** Starts `config.labelWorkers` workers; null when there are none to start or none started. */
export async function createLabelPool(
  config: Config,
  log: Logger,
  /** The worker's entry module (tests substitute one). */
  entry: URL = ENTRY,
): Promise<LabelPool | null> {
  const gazetteerPath = join(config.regionDir, 'gazetteer.json');
  if (config.labelWorkers <= 0 || !existsSync(gazetteerPath)) return null;
  const started = await Promise.allSettled(
    Array.from({ length: config.labelWorkers }, () => startWorker(gazetteerPath, entry)),
  );
  let nextId = 0;
  let labelled = 0;
  let closed = false;
  let restarts = 0;
  const slots: Slot[] = [];
  const waiting = new Map<
    number,
    { slot: Slot; resolve(l: ReadonlyArray<SignalLabels | null> | null): void }
  >();
  const attach = (worker: Worker): Slot => {
    const slot: Slot = { worker, alive: true, pending: 0 };
    slots.push(slot);
    worker.on('message', (m: LabelReply) => {
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      slot.pending--;
      labelled += m.labels.length;
      w.resolve(m.labels);
    });
    const down = (why: string) => {
      if (!slot.alive) return;
      slot.alive = false;
      slots.splice(slots.indexOf(slot), 1);
      for (const [id, w] of waiting) {
        if (w.slot !== slot) continue;
        waiting.delete(id);
        w.resolve(null); // labelled inline by the caller
      }
      if (closed) return;
      // A crashed worker is replaced, a few times at most; meanwhile deliveries are labelled inline.
      const again = restarts++ < MAX_RESTARTS;
      log.warn({ why, restarting: again }, 'labelling worker stopped: labelling inline');
      if (again)
        setTimeout(() => {
          if (closed) return;
          startWorker(gazetteerPath, entry).then(
            (w) => (closed ? void w.terminate() : attach(w)),
            (err: Error) => log.warn({ err: { message: err.message } }, 'labelling worker did not restart'),
          );
        }, RESTART_DELAY_MS).unref();
    };
    worker.on('error', (err) => down(err.message));
    worker.on('exit', (code) => down(`exit ${code}`));
    return slot;
  };
  for (const r of started) {
    if (r.status === 'fulfilled') attach(r.value);
    else log.warn({ err: { message: r.reason?.message } }, 'labelling worker unavailable: labelling inline');
  }
  if (!slots.length) return null;
  return {
    label(texts) {
      const live = slots.filter((s) => s.alive);
      if (!live.length) return Promise.resolve(null);
      const slot = live.reduce((a, b) => (b.pending < a.pending ? b : a));
      const id = ++nextId;
      slot.pending++;
      return new Promise((resolve) => {
        waiting.set(id, {
          slot,
          resolve: (labels) => resolve(labels && labels.length === texts.length ? labels : null),
        });
        slot.worker.postMessage({ id, texts });
      });
    },
    labelled: () => labelled,
    workers: () => slots.length,
    async close() {
      closed = true;
      const all = [...slots];
      for (const s of all) s.alive = false;
      slots.length = 0;
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
