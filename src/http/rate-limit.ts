import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { AppError } from '../shared/errors.js';

export interface RateLimitRule {
  readonly max: number;
  readonly windowSeconds: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Per-client (IP) request limit for this route. */
    rateLimit?: RateLimitRule;
  }
}

/**
 * A fixed-memory sliding-window counter per key. In-process: with several instances behind a load
 * balancer each instance counts its own share (documented in the README).
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly maxKeys = 50_000) {}

  /** Records a hit; returns 0 when allowed, else the seconds until the next hit would be allowed. */
  hit(key: string, rule: RateLimitRule, now: number): number {
    const windowMs = rule.windowSeconds * 1000;
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
    if (list.length >= rule.max) {
      this.hits.set(key, list);
      return Math.max(1, Math.ceil(((list[0] ?? now) + windowMs - now) / 1000));
    }
    list.push(now);
    this.hits.delete(key);
    this.hits.set(key, list);
    if (this.hits.size > this.maxKeys) {
      const oldest = this.hits.keys().next().value;
      if (oldest !== undefined) this.hits.delete(oldest);
    }
    return 0;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }
}

/** Adds the limiter to each route that declares `config.rateLimit` (other routes pay nothing). */
export function installRateLimits(app: FastifyInstance, now: () => number): RateLimiter {
  const limiter = new RateLimiter();
  app.addHook('onRoute', (route) => {
    const rule = route.config?.rateLimit;
    if (!rule) return;
    const url = route.url;
    const limit: onRequestHookHandler = (request, reply, done) => {
      const wait = limiter.hit(`${url}|${request.ip}`, rule, now());
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        return done(new AppError(429, 'rate_limited', `too many requests; retry in ${wait} s`));
      }
      done();
    };
    route.onRequest = [...[route.onRequest ?? []].flat(), limit];
  });
  return limiter;
}
