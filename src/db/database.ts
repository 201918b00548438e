import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config.js';
import { checkpointInWorker } from './checkpoints.js';
import type { Database } from './schema.js';
import { GatedSqliteDialect, WriteGate } from './write-gate.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DatabaseHandle {
  readonly db: Db;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

// int8 (bigint) columns hold ids and epoch milliseconds, both far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface OpenOptions {
  /** PostgreSQL only: a schema to put first on the search_path (tests use one schema per run). */
  readonly schema?: string;
  readonly poolSize?: number;
  /** SQLite file only: WAL checkpoints in a worker thread instead of inside the server's commits. */
  readonly checkpointInWorker?: boolean;
  /** Where the checkpoint thread reports a failure. */
  readonly onCheckpointError?: (message: string) => void;
  /** Told how long a query waited for the checkpoint thread at the write gate (write-gate.ts), in ms. */
  readonly onCheckpointWait?: (ms: number) => void;
}

/** Opens the configured database: SQLite (one file, WAL) or PostgreSQL (a pool). */
export function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): DatabaseHandle {
  if (config.dialect === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
    const sqlite = cachePreparedStatements(new SQLite(config.file));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const inWorker = options.checkpointInWorker === true && config.file !== ':memory:';
    const gate = inWorker ? new WriteGate(options.onCheckpointWait) : undefined;
    const stopCheckpoints = inWorker
      ? checkpointInWorker(sqlite, config.file, options.onCheckpointError, gate)
      : async () => {};
    const dialect = gate
      ? new GatedSqliteDialect({ database: sqlite }, gate)
      : new SqliteDialect({ database: sqlite });
    const db = new Kysely<Database>({ dialect });
    return {
      db,
      dialect: 'sqlite',
      close: async () => {
        await stopCheckpoints();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; on SQLite preparing costs more than running a small statement.
 * Reusing prepared statements by SQL text (bounded; a statement busy in an iterator is never shared)
 * roughly doubles write throughput of the intake path.
 */
function cachePreparedStatements(sqlite: SQLite.Database, max = 1000): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  const cached = (source: string) => {
    const hit = cache.get(source);
    if (hit && !hit.busy) return hit;
    const stmt = prepare(source);
    if (!hit) {
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(source, stmt);
    }
    return stmt;
  };
  sqlite.prepare = cached as typeof sqlite.prepare;
  return sqlite;
}
