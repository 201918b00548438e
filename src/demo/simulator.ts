import { resolve } from 'node:path';
import type { AppContext } from '../app/context.js';
import type { Kind } from '../shared/taxonomy.js';
import { CorpusIndex, loadCorpus } from './corpus.js';
import { drawOutage, type Outage, outageMessage } from './outages.js';
import { demoPhone, FIRST_NAMES } from './people.js';
import { Places } from './places.js';
import * as repo from './repository.js';
import { Rng, Weighted } from './rng.js';
import { topicWeights } from './season.js';
import { vary } from './variation.js';
import { type Route, type Sender, signedRequest } from './webhooks.js';

const MIN = 60_000;

/** Every few minutes a new outage: 3, then 8, then 20 messages over about four and a half minutes. */
export const OUTAGE_EVERY_MS = 5 * MIN;
const WAVES: ReadonlyArray<{ readonly count: number; readonly from: number; readonly to: number }> = [
  { count: 3, from: 0, to: MIN },
  { count: 8, from: MIN, to: 2.5 * MIN },
  { count: 20, from: 2.5 * MIN, to: 4.5 * MIN },
];

const EVERYDAY_ROUTES = Weighted.of<Route>({
  telegram: 0.25,
  whatsapp: 0.3,
  instagram_dm: 0.08,
  instagram_comment: 0.1,
  facebook_comment: 0.1,
  vk_message: 0.07,
  vk_comment: 0.1,
});
const OUTAGE_ROUTES = Weighted.of<Route>({
  whatsapp: 0.35,
  telegram: 0.3,
  instagram_comment: 0.15,
  facebook_comment: 0.1,
  vk_comment: 0.1,
});
const LIVE_KINDS = Weighted.of<Kind>({
  consultation: 0.55,
  incident: 0.3,
  complaint: 0.08,
  proposal: 0.04,
  gratitude: 0.03,
});

export interface SimulatorOptions {
  readonly perMinute: number;
  readonly seed?: number;
}

interface Due {
  readonly at: number;
  readonly route: Route;
  readonly text: string;
}

/**
 * Sends simulated citizens' messages to the running server through the real webhook endpoints, signed
 * the way each provider signs them. What it sent is marked as demo data once the server has stored it.
 */
let lastSeq = 0;

/**
 * Message numbers shared by every simulator in the process, so two simulators never reuse a provider's
 * message id; they start from the clock's seconds, so a restarted process does not reuse them either.
 */
function nextSeq(now: number): number {
  lastSeq = Math.max(lastSeq + 1, Math.floor(now / 1000) % 1_000_000_000);
  return lastSeq;
}

export class Simulator {
  private readonly rng: Rng;
  private readonly places: Places;
  private readonly corpus: CorpusIndex;
  private queue: Due[] = [];
  private people = 0;
  private nextOutage = 0;
  private busy = false;
  sent = 0;
  failed = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly baseUrl: string,
    private readonly options: SimulatorOptions,
  ) {
    this.rng = new Rng(options.seed ?? ctx.now());
    this.places = new Places(resolve(ctx.config.regionDir));
    this.corpus = new CorpusIndex(loadCorpus());
  }

  private sender(): Sender {
    const n = 50_000 + (this.people++ % 60_000) + Math.floor(this.rng.next() * 10) * 60_000;
    const [name, latin] = this.rng.pick(FIRST_NAMES);
    return { n, name, latin, phone: demoPhone(n) };
  }

  /** An everyday message: a corpus text of a likely kind and this month's topics, varied and placed. */
  everydayText(now: number): string {
    const rng = this.rng;
    const kind = LIVE_KINDS.draw(rng);
    const month = new Date(now).getUTCMonth();
    const weights = topicWeights(month);
    const topics = this.corpus.topicsOf('appeal', kind);
    const topic = new Weighted(
      topics,
      topics.map((t) => weights[t]),
    ).draw(rng);
    const district = this.places.drawDistrict(rng).code;
    const pool = this.corpus.textsOf('appeal', kind, topic, district);
    const source =
      pool.length && rng.chance(0.5) ? rng.pick(pool) : rng.pick(this.corpus.texts('appeal', kind, topic));
    return vary(source, source.district ?? district, this.places, rng).text;
  }

  /** Queues a developing outage in one place: three waves of messages from different people. */
  startOutage(now: number, district?: string): Outage | null {
    const o = drawOutage(this.places, this.rng, new Date(now).getUTCMonth(), district);
    if (!o) return null;
    this.nextOutage = now + OUTAGE_EVERY_MS;
    for (const w of WAVES) {
      for (let i = 0; i < w.count; i++) {
        const at = now + this.rng.between(w.from, w.to);
        this.queue.push({
          at,
          route: OUTAGE_ROUTES.draw(this.rng),
          text: outageMessage(o, this.rng, (at - now) / 3600_000 + 1).text,
        });
      }
    }
    this.queue.sort((a, b) => a.at - b.at);
    return o;
  }

  /** Posts one message through the route's webhook; true when the server stored it (2xx). */
  async send(route: Route, text: string, now = this.ctx.now()): Promise<boolean> {
    const req = signedRequest(this.ctx.config, route, text, this.sender(), nextSeq(this.ctx.now()), now);
    if (!req) return false;
    try {
      const res = await fetch(`${this.baseUrl}${req.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...req.headers },
        body: req.body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (!res.ok) {
        this.failed++;
        this.ctx.log.warn({ route, status: res.status }, 'simulator: webhook refused a message');
        return false;
      }
      await repo.markDemo(this.ctx.db, req.channel, [req.externalId]);
      this.sent++;
      return true;
    } catch (err) {
      this.failed++;
      this.ctx.log.debug(
        { route, err: { message: (err as Error).message } },
        'simulator: server not reachable',
      );
      return false;
    }
  }

  /** One second of simulated life: due outage messages, everyday traffic at the configured rate. */
  async tick(now = this.ctx.now()): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    let n = 0;
    try {
      if (now >= this.nextOutage) this.startOutage(now);
      const due = this.queue.filter((d) => d.at <= now);
      this.queue = this.queue.filter((d) => d.at > now);
      for (const d of due) if (await this.send(d.route, d.text, now)) n++;
      let expected = this.options.perMinute / 60;
      while (expected > 0) {
        if (this.rng.chance(Math.min(1, expected))) {
          if (await this.send(EVERYDAY_ROUTES.draw(this.rng), this.everydayText(now), now)) n++;
        }
        expected -= 1;
      }
      // Triage makes cases right after the webhook's commit; mark those of demo signals too.
      await repo.markDemoCases(this.ctx.db, now - 10 * MIN);
    } finally {
      this.busy = false;
    }
    return n;
  }
}

const targets = new WeakMap<AppContext, (url: string) => void>();

/** Tells the running simulator where the server listens (after listen; until then it waits). */
export function aimSimulator(ctx: AppContext, baseUrl: string): void {
  targets.get(ctx)?.(baseUrl);
}

/** Background service: the live simulator, only in demo mode with the simulator on. */
export async function startSimulator(ctx: AppContext): Promise<() => Promise<void>> {
  if (!ctx.config.demo || !ctx.config.simulator) return async () => undefined;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> = Promise.resolve(0);
  targets.set(ctx, (baseUrl) => {
    if (timer) return;
    const sim = new Simulator(ctx, baseUrl, { perMinute: ctx.config.simulatorPerMinute });
    ctx.log.info({ perMinute: ctx.config.simulatorPerMinute }, 'demo simulator started');
    timer = setInterval(() => {
      running = sim.tick().catch((err: unknown) => {
        ctx.log.error({ err: { message: (err as Error).message } }, 'simulator tick failed');
        return 0;
      });
    }, 1000);
    timer.unref();
  });
  return async () => {
    targets.delete(ctx);
    if (timer) clearInterval(timer);
    await running;
  };
}
