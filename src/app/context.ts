import type { Config } from '../config/config.js';
import type { Db, Dialect } from '../db/database.js';
import type { Metrics } from '../http/metrics.js';
import type { LabelPool } from '../intake/label-pool.js';
import type { Labeler } from '../intake/labeler.js';
import type { Bus } from '../shared/bus.js';
import type { Logger } from '../shared/logger.js';

/** What every feature receives: configuration, the database, the logger, metrics and a clock. */
export interface AppContext {
  readonly config: Config;
  readonly db: Db;
  readonly dialect: Dialect;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly now: () => number;
  /** Text understanding; null while no model is available (signals then wait for the labelling sweep). */
  readonly labeler: Labeler | null;
  /** The same understanding in worker threads, for webhook deliveries (null: inline). */
  readonly labelPool: LabelPool | null;
  /** Key for pseudonymous author references (stored in the database on first start). */
  readonly pseudonymKey: string;
  /** In-process events after commit (live feeds, the case desk). */
  readonly bus: Bus;
}
