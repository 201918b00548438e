import type { Kysely } from 'kysely';
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration';
import * as core from './migrations/20261129_0001_core.js';
import * as intake from './migrations/20261129_0002_intake.js';
import * as accounts from './migrations/20261129_0003_accounts.js';

/** Every migration, in order. Names are timestamped; files use only the portable schema builder. */
export const migrations: Record<string, Migration> = {
  '20261129_0001_core': core,
  '20261129_0002_intake': intake,
  '20261129_0003_accounts': accounts,
};

export function migrator<T>(db: Kysely<T>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const result: MigrationResultSet = await migrator(db).migrateToLatest();
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has been applied. */
export async function migrationsApplied<T>(db: Kysely<T>): Promise<boolean> {
  const all = await migrator(db).getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}
