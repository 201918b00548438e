import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per running app, so tests can start several apps in one process. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'tyndau_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'tyndau_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly signalsIngested = new Counter({
    name: 'tyndau_signals_ingested_total',
    help: 'Signals committed by channel and outcome (stored, duplicate, ignored)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly quarantined = new Counter({
    name: 'tyndau_quarantined_total',
    help: 'Inbound payloads kept in quarantine, by channel and reason code',
    labelNames: ['channel', 'code'] as const,
    registers: [this.registry],
  });
  readonly checkpointWait = new Histogram({
    name: 'tyndau_db_checkpoint_wait_seconds',
    help: 'SQLite: how long a query waited at the write gate while the checkpoint thread started the WAL over',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'tyndau_queue_depth',
    help: 'Pending durable jobs by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tyndau_' });
  }
}
