import type { Db } from '../../db/database.js';

export async function listSources(db: Db) {
  return db.selectFrom('feed_sources').selectAll().orderBy('id').execute();
}

export async function getSource(db: Db, id: number) {
  return db.selectFrom('feed_sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function sourceByUrl(db: Db, url: string) {
  return db.selectFrom('feed_sources').select('id').where('url', '=', url).executeTakeFirst();
}

export async function insertSource(
  db: Db,
  source: { url: string; name: string; intervalSeconds: number; enabled: boolean; now: number },
) {
  return db
    .insertInto('feed_sources')
    .values({
      url: source.url,
      name: source.name,
      interval_seconds: source.intervalSeconds,
      enabled: source.enabled ? 1 : 0,
      created_at: source.now,
    })
    .onConflict((oc) => oc.column('url').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function deleteSource(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('feed_sources').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Takes a due source for this instance: only one of several instances sharing the database wins the
 * update (the others see last_polled_at changed under them).
 */
export async function claimSource(db: Db, id: number, seen: number | null, now: number): Promise<boolean> {
  const result = await db
    .updateTable('feed_sources')
    .set({ last_polled_at: now })
    .where('id', '=', id)
    .where((eb) => (seen === null ? eb('last_polled_at', 'is', null) : eb('last_polled_at', '=', seen)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The outcome of one poll. Validators are replaced only when given (a 200 whose items were all stored). */
export async function recordPoll(
  db: Db,
  id: number,
  poll: {
    at: number;
    status: number | null;
    error: string | null;
    validators?: { etag: string | null; lastModified: string | null };
  },
): Promise<void> {
  await db
    .updateTable('feed_sources')
    .set({
      last_polled_at: poll.at,
      last_status: poll.status,
      last_error: poll.error,
      ...(poll.validators ? { etag: poll.validators.etag, last_modified: poll.validators.lastModified } : {}),
    })
    .where('id', '=', id)
    .execute();
}
