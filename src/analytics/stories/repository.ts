import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database, StoryClustersTable } from '../../db/schema.js';

export type Tx = Transaction<Database> | Db;
export type StoryRow = Selectable<StoryClustersTable>;

/** Signals after the clustering mark, in id order. */
export async function signalsAfter(db: Tx, after: number, limit: number) {
  return db
    .selectFrom('signals')
    .select(['id', 'received_at', 'channel', 'topic', 'district', 'status', 'text_redacted', 'labelled_at'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Stories seen since `since`, newest first (at most `limit`). */
export async function liveStories(db: Tx, since: number, limit: number): Promise<StoryRow[]> {
  return db
    .selectFrom('story_clusters')
    .selectAll()
    .where('last_seen', '>=', since)
    .orderBy('last_seen', 'desc')
    .limit(limit)
    .execute();
}

export async function insertStory(db: Tx, row: Insertable<StoryClustersTable>): Promise<number> {
  return (await db.insertInto('story_clusters').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateStory(db: Tx, id: number, row: Insertable<StoryClustersTable>): Promise<void> {
  await db.updateTable('story_clusters').set(row).where('id', '=', id).execute();
}

export async function setCluster(db: Tx, storyId: number, signalIds: readonly number[]): Promise<void> {
  for (let i = 0; i < signalIds.length; i += 500) {
    await db
      .updateTable('signals')
      .set({ cluster_id: storyId })
      .where('id', 'in', signalIds.slice(i, i + 500))
      .execute();
  }
}

export async function storiesIn(
  db: Tx,
  q: { from: number; to: number; minSize: number; limit: number; topic?: string; district?: string },
): Promise<StoryRow[]> {
  let query = db
    .selectFrom('story_clusters')
    .selectAll()
    .where('last_seen', '>=', q.from)
    .where('first_seen', '<', q.to)
    .where('size', '>=', q.minSize);
  if (q.topic) query = query.where('topic', '=', q.topic);
  if (q.district) query = query.where('district', '=', q.district);
  return query.orderBy('last_seen', 'desc').limit(q.limit).execute();
}

/** Signals per story in the last three hours and the three before `now`. */
export async function recentCounts(
  db: Tx,
  ids: readonly number[],
  now: number,
  window: number,
): Promise<Map<number, { last: number; prev: number }>> {
  const out = new Map<number, { last: number; prev: number }>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('signals')
    .select((eb) => [
      'cluster_id',
      eb.fn
        .sum<number>(
          eb
            .case()
            .when('received_at', '>=', now - window)
            .then(1)
            .else(0)
            .end(),
        )
        .as('last'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when('received_at', '<', now - window)
            .then(1)
            .else(0)
            .end(),
        )
        .as('prev'),
    ])
    .where('cluster_id', 'in', ids)
    .where('received_at', '>=', now - 2 * window)
    .where('received_at', '<', now)
    .groupBy('cluster_id')
    .execute();
  for (const r of rows) out.set(Number(r.cluster_id), { last: Number(r.last), prev: Number(r.prev) });
  return out;
}
