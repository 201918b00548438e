import type { Config } from '../config/config.js';
import type { Db, Dialect } from '../db/database.js';
import type { Metrics } from '../http/metrics.js';
import type { Logger } from '../shared/logger.js';

/** What every feature receives: configuration, the database, the logger, metrics and a clock. */
export interface AppContext {
  readonly config: Config;
  readonly db: Db;
  readonly dialect: Dialect;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly now: () => number;
}
