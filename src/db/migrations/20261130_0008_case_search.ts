import { type Kysely, sql } from 'kysely';
import { isPostgres } from './helpers.js';

/**
 * Full-text search over case summaries for the case list's `q` (every word of the query, as a word
 * prefix, in any order; Kazakh and Russian letters folded to lower case).
 *
 * - SQLite: an FTS5 table over `cases.summary` (external content, the unicode61 tokenizer, which folds
 *   the case of Cyrillic and Kazakh letters and drops Latin-script diacritics, so "sagyn" finds
 *   "şağyn"), kept in step with `cases` by triggers.
 * - PostgreSQL: a GIN index over `to_tsvector('simple', summary)`; the 'simple' configuration only
 *   lower-cases (no stemming, no stop words), so it treats Kazakh and Russian alike.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`create index cases_summary_fts_idx on cases using gin (to_tsvector('simple', summary))`.execute(
      db,
    );
    return;
  }
  await sql`create virtual table cases_fts using fts5(
    summary, content='cases', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`create trigger cases_fts_insert after insert on cases begin
    insert into cases_fts(rowid, summary) values (new.id, new.summary);
  end`.execute(db);
  await sql`create trigger cases_fts_delete after delete on cases begin
    insert into cases_fts(cases_fts, rowid, summary) values ('delete', old.id, old.summary);
  end`.execute(db);
  await sql`create trigger cases_fts_update after update of summary on cases begin
    insert into cases_fts(cases_fts, rowid, summary) values ('delete', old.id, old.summary);
    insert into cases_fts(rowid, summary) values (new.id, new.summary);
  end`.execute(db);
  await sql`insert into cases_fts(cases_fts) values ('rebuild')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop index if exists cases_summary_fts_idx`.execute(db);
    return;
  }
  for (const t of ['cases_fts_insert', 'cases_fts_delete', 'cases_fts_update'])
    await sql`drop trigger if exists ${sql.id(t)}`.execute(db);
  await sql`drop table if exists cases_fts`.execute(db);
}
