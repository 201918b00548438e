import type { Transaction, Updateable } from 'kysely';
import type { Db, Dialect } from '../db/database.js';
import type { Database, OutboxTable } from '../db/schema.js';
import { DUE_STATUSES, type OutboxRow, UNFINISHED_STATUSES } from './types.js';

type Tx = Transaction<Database> | Db;

/**
 * Rows that may be sent now: due, and not waiting behind an earlier unfinished message to the same
 * recipient (so "is it solved?" never overtakes the answer it asks about, even across instances).
 */
function dueQuery(db: Tx, now: number, limit: number) {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('status', 'in', DUE_STATUSES)
    .where('next_attempt_at', '<=', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('outbox as prior')
            .select('prior.id')
            .whereRef('prior.channel', '=', 'outbox.channel')
            .whereRef('prior.recipient', '=', 'outbox.recipient')
            .whereRef('prior.id', '<', 'outbox.id')
            .where('prior.status', 'in', UNFINISHED_STATUSES),
        ),
      ),
    )
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit);
}

/**
 * Claims up to `limit` due rows for this worker: they become `sending` until `lease` (the claim's
 * token) and count one attempt. PostgreSQL: `select … for update skip locked` then the update, in one
 * transaction, so concurrent instances take disjoint rows. SQLite (one writer at a time): a conditional
 * update per candidate, which only one process can win.
 */
export async function claimDue(
  db: Db,
  dialect: Dialect,
  now: number,
  lease: number,
  limit: number,
): Promise<OutboxRow[]> {
  if (dialect === 'postgres') {
    return db.transaction().execute(async (tx) => {
      const rows = await dueQuery(tx, now, limit).forUpdate().skipLocked().execute();
      if (!rows.length) return [];
      return tx
        .updateTable('outbox')
        .set((eb) => ({ status: 'sending', locked_until: lease, attempts: eb('attempts', '+', 1) }))
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .returningAll()
        .execute()
        .then((claimed) => claimed.sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.id - b.id));
    });
  }
  const candidates = await dueQuery(db, now, limit).execute();
  const claimed: OutboxRow[] = [];
  for (const c of candidates) {
    const row = await db
      .updateTable('outbox')
      .set((eb) => ({ status: 'sending', locked_until: lease, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', c.id)
      .where('status', 'in', DUE_STATUSES)
      .where('next_attempt_at', '<=', now)
      .returningAll()
      .executeTakeFirst();
    if (row) claimed.push(row);
  }
  return claimed;
}

/**
 * Rows left in `sending` past their lease (the process died mid-send) go back to the queue, or fail
 * when they have used every attempt. Returns how many were returned to the queue.
 */
export async function recoverExpired(db: Db, now: number, maxAttempts: number): Promise<number> {
  await db
    .updateTable('outbox')
    .set({ status: 'failed', failed_at: now, locked_until: null, last_error: 'lease_expired: gave up' })
    .where('status', '=', 'sending')
    .where('locked_until', '<', now)
    .where('attempts', '>=', maxAttempts)
    .execute();
  const r = await db
    .updateTable('outbox')
    .set({ status: 'pending', locked_until: null, next_attempt_at: now, last_error: 'lease_expired' })
    .where('status', '=', 'sending')
    .where('locked_until', '<', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Records the outcome of an attempt, only if the row is still ours (sending, under our lease). */
export async function finish(
  tx: Tx,
  id: number,
  lease: number,
  patch: Updateable<OutboxTable>,
): Promise<boolean> {
  const r = await tx
    .updateTable('outbox')
    .set({ ...patch, locked_until: null })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('locked_until', '=', lease)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Messages still to deliver (pending, being sent, or waiting for a retry). */
export async function queueDepth(db: Db): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', [...UNFINISHED_STATUSES])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What senders need to know about the case a message belongs to. */
export async function caseInfo(db: Db, caseId: number) {
  return db
    .selectFrom('cases')
    .leftJoin('organisations', 'organisations.id', 'cases.organisation_id')
    .select([
      'cases.number',
      'cases.status',
      'cases.lang',
      'cases.due_at',
      'organisations.name_ru as org_ru',
      'organisations.name_kk as org_kk',
    ])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
}

/** When the person last wrote in a conversation, looking back no further than `since`. */
export async function lastInboundAt(
  db: Db,
  channel: string,
  conversation: string,
  since: number,
): Promise<number | null> {
  const row = await db
    .selectFrom('signals')
    .select('received_at')
    .where('channel', '=', channel)
    .where('received_at', '>=', since)
    .where('conversation', '=', conversation)
    .orderBy('received_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.received_at ?? null;
}

export async function signalRaw(db: Db, signalId: number): Promise<string | null> {
  const row = await db.selectFrom('signals').select('raw').where('id', '=', signalId).executeTakeFirst();
  return row?.raw ?? null;
}

/** The author's phone and e-mail (personal data: used to deliver, never logged). */
export async function authorContact(db: Db, authorId: number) {
  return db
    .selectFrom('author_contacts')
    .select(['phone', 'email'])
    .where('author_id', '=', authorId)
    .executeTakeFirst();
}

/** Cases merged into any of `ids` (one level). */
export async function casesMergedInto(db: Tx, ids: readonly number[]) {
  if (!ids.length) return [];
  return db.selectFrom('cases').selectAll().where('merged_into', 'in', ids).orderBy('id').execute();
}

/** The first signal of each case: where its citizen wrote from. */
export async function originsOf(db: Tx, caseIds: readonly number[]) {
  if (!caseIds.length) return [];
  const rows = await db
    .selectFrom('signals')
    .select(['id', 'case_id', 'channel', 'conversation'])
    .where('case_id', 'in', caseIds)
    .orderBy('id')
    .execute();
  const first = new Map<number, (typeof rows)[number]>();
  for (const r of rows) if (r.case_id !== null && !first.has(r.case_id)) first.set(r.case_id, r);
  return [...first.values()];
}
