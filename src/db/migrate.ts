import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration';
import * as core from './migrations/20261129_0001_core.js';
import * as intake from './migrations/20261129_0002_intake.js';
import * as accounts from './migrations/20261129_0003_accounts.js';
import * as cases from './migrations/20261129_0004_cases.js';
import * as caseIndexes from './migrations/20261129_0005_case_indexes.js';
import * as analytics from './migrations/20261129_0006_analytics.js';
import * as historical from './migrations/20261129_0007_historical.js';
import * as caseSearch from './migrations/20261130_0008_case_search.js';
import * as dropJobs from './migrations/20261130_0009_drop_jobs.js';
import * as intakeJournal from './migrations/20261130_0010_intake_journal.js';

/** Every migration, in order. Names are timestamped; files use only the portable schema builder. */
export const migrations: Record<string, Migration> = {
  '20261129_0001_core': core,
  '20261129_0002_intake': intake,
  '20261129_0003_accounts': accounts,
  '20261129_0004_cases': cases,
  '20261129_0005_case_indexes': caseIndexes,
  '20261129_0006_analytics': analytics,
  '20261129_0007_historical': historical,
  '20261130_0008_case_search': caseSearch,
  '20261130_0009_drop_jobs': dropJobs,
  '20261130_0010_intake_journal': intakeJournal,
};

/**
 * The migrator. On PostgreSQL it is pinned to the connection's current schema: Kysely's table check
 * otherwise sees migration tables of any schema in the database and skips creating its own.
 */
export async function migrator<T>(db: Kysely<T>): Promise<Migrator> {
  let migrationTableSchema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = r.rows[0]?.schema;
  }
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
}

export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const result: MigrationResultSet = await (await migrator(db)).migrateToLatest();
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has been applied. */
export async function migrationsApplied<T>(db: Kysely<T>): Promise<boolean> {
  const all = await (await migrator(db)).getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}
