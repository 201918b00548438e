import { type Kysely, sql } from 'kysely';
import { isPostgres } from './helpers.js';

/**
 * Indexes the case list needs at a million cases (measured by bench/cases.ts; README "Case desk").
 *
 * - `cases_status_due_idx (status, due_at)`: "overdue" and "due within 24 h" over the whole region are
 *   `status in (open…) and due_at < now`: one range per open status, and the exact `total` is counted
 *   from the index alone (covering), without reading a row.
 * - `cases_status_district_due_idx (status, district, due_at)`: the same per district (the districts'
 *   own desks, the map), again covering for the count.
 * - PostgreSQL with the pg_trgm extension installed by the DBA (`create extension pg_trgm`): a trigram
 *   GIN index on `lower(summary)`, which serves the list's `q` search (`lower(summary) like '%word%'`).
 *   The migration does not install the extension itself (that needs rights a deployment may withhold);
 *   without it the search reads every row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('cases_status_due_idx').on('cases').columns(['status', 'due_at']).execute();
  await db.schema
    .createIndex('cases_status_district_due_idx')
    .on('cases')
    .columns(['status', 'district', 'due_at'])
    .execute();
  if (isPostgres(db)) {
    const ext = await sql<{ schema: string }>`
      select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
      where e.extname = 'pg_trgm'`.execute(db);
    const schema = ext.rows[0]?.schema;
    if (schema) {
      await sql`create index cases_summary_trgm_idx on cases using gin (lower(summary) ${sql.id(schema)}.gin_trgm_ops)`.execute(
        db,
      );
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ['cases_summary_trgm_idx', 'cases_status_district_due_idx', 'cases_status_due_idx']) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
}
