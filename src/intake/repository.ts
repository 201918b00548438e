import type { Insertable, Transaction } from 'kysely';
import { compiledOnce } from '../db/compiled.js';
import type { Db } from '../db/database.js';
import type { Database, SignalsTable } from '../db/schema.js';

type Tx = Transaction<Database> | Db;

export async function findSignalId(db: Tx, channel: string, externalId: string): Promise<number | undefined> {
  const { rows } = await compiledOnce(db, 'intake.findSignalId', [channel, externalId], () =>
    db
      .selectFrom('signals')
      .select('id')
      .where('channel', '=', channel)
      .where('external_id', '=', externalId),
  );
  return rows[0]?.id;
}

/** Inserts unless (channel, external_id) exists; returns the new id or undefined for a duplicate. */
export async function insertSignalIfNew(db: Tx, row: Insertable<SignalsTable>): Promise<number | undefined> {
  // One compiled statement per set of columns given (Kysely leaves out undefined values).
  const columns = Object.keys(row).filter((k) => row[k as keyof typeof row] !== undefined);
  const values = columns.map((k) => row[k as keyof typeof row]);
  const { rows } = await compiledOnce(db, `intake.insertSignal:${columns.join(',')}`, values, () =>
    db
      .insertInto('signals')
      .values(row)
      .onConflict((oc) => oc.columns(['channel', 'external_id']).doNothing())
      .returning('id'),
  );
  return rows[0]?.id;
}

export async function upsertAuthor(
  db: Tx,
  channel: string,
  ref: string,
  contact: {
    externalUserId: string;
    displayName: string | null;
    username: string | null;
    phone: string | null;
    email: string | null;
  },
  now: number,
): Promise<number> {
  const byRef = () =>
    compiledOnce(db, 'intake.authorByRef', [ref], () =>
      db.selectFrom('authors').select('id').where('ref', '=', ref),
    ).then((r) => r.rows[0]?.id);
  let id = await byRef();
  if (id === undefined) {
    id = (
      await db
        .insertInto('authors')
        .values({ channel, ref, created_at: now })
        .onConflict((oc) => oc.column('ref').doNothing())
        .returning('id')
        .executeTakeFirst()
    )?.id;
    id ??= await byRef();
    if (id === undefined) throw new Error('author vanished during upsert');
  }
  const values = {
    external_user_id: contact.externalUserId,
    display_name: contact.displayName,
    username: contact.username,
    phone: contact.phone,
    email: contact.email,
    updated_at: now,
  };
  const authorId = id;
  await compiledOnce(db, 'intake.upsertContact', [authorId, ...Object.values(values), now], () =>
    db
      .insertInto('author_contacts')
      .values({ author_id: authorId, ...values })
      .onConflict((oc) =>
        oc.column('author_id').doUpdateSet({
          // Keep what we knew when a later message carries less.
          display_name: (eb) => eb.fn.coalesce('excluded.display_name', 'author_contacts.display_name'),
          username: (eb) => eb.fn.coalesce('excluded.username', 'author_contacts.username'),
          phone: (eb) => eb.fn.coalesce('excluded.phone', 'author_contacts.phone'),
          email: (eb) => eb.fn.coalesce('excluded.email', 'author_contacts.email'),
          updated_at: now,
        }),
      ),
  );
  return authorId;
}

/** The open thread of this conversation (last message within the window), or a new one. */
export async function threadFor(
  db: Tx,
  channel: string,
  conversation: string,
  authorId: number | null,
  at: number,
  windowMs: number,
): Promise<{ id: number; isNew: boolean }> {
  const since = at - windowMs;
  const { rows } = await compiledOnce(db, 'intake.openThread', [channel, conversation, since, 1], () =>
    db
      .selectFrom('threads')
      .select('id')
      .where('channel', '=', channel)
      .where('conversation', '=', conversation)
      .where('last_at', '>=', since)
      .orderBy('last_at', 'desc')
      .limit(1),
  );
  const open = rows[0];
  if (open) {
    await compiledOnce(db, 'intake.touchThread', [at, open.id], () =>
      db.updateTable('threads').set({ last_at: at }).where('id', '=', open.id),
    );
    return { id: open.id, isNew: false };
  }
  const created = await db
    .insertInto('threads')
    .values({ channel, conversation, author_id: authorId, started_at: at, last_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: created.id, isNew: true };
}

export async function setThreadFirstSignal(db: Tx, threadId: number, signalId: number): Promise<void> {
  await db.updateTable('threads').set({ first_signal_id: signalId }).where('id', '=', threadId).execute();
}

export async function insertQuarantine(
  db: Tx,
  row: {
    channel: string;
    received_at: number;
    reason_code: string;
    reason: string;
    content_type: string | null;
    raw: Buffer;
  },
): Promise<number> {
  return (await db.insertInto('quarantine').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export interface SignalFilter {
  channel?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
  q?: string | undefined;
  status?: string | undefined;
  limit: number;
  offset: number;
}

export async function listSignals(db: Db, f: SignalFilter) {
  let query = db.selectFrom('signals');
  if (f.channel) query = query.where('channel', '=', f.channel);
  if (f.status) query = query.where('status', '=', f.status);
  if (f.since !== undefined) query = query.where('received_at', '>=', f.since);
  if (f.until !== undefined) query = query.where('received_at', '<', f.until);
  if (f.q) {
    // Wildcards typed by the caller are dropped, so the pattern means the same in both dialects.
    const pattern = `%${f.q.toLowerCase().replace(/[%_\\]/g, '')}%`;
    query = query.where((eb) => eb(eb.fn('lower', ['text']), 'like', eb.val(pattern)));
  }
  const [items, total] = await Promise.all([
    query
      .selectAll()
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function listQuarantine(db: Db, limit: number, offset: number) {
  const [items, total] = await Promise.all([
    db.selectFrom('quarantine').selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    db
      .selectFrom('quarantine')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function unlabelledSignals(db: Db, limit: number) {
  return db
    .selectFrom('signals')
    .select(['id', 'text', 'kind', 'topic', 'district', 'urgency', 'labels'])
    .where('labelled_at', 'is', null)
    .where('status', '!=', 'ignored')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Acknowledged deliveries entering the intake journal, one row each, in one statement. */
export async function appendJournal(
  db: Tx,
  rows: ReadonlyArray<{ received_at: number; channel: string; payload: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  const parameters = rows.flatMap((r) => [r.received_at, r.channel, r.payload]);
  await compiledOnce(db, `intake.appendJournal:${rows.length}`, parameters, () =>
    db.insertInto('intake_journal').values(rows.map((r) => ({ ...r }))),
  );
}

/** The oldest journaled deliveries after `afterId`, oldest first. */
export async function readJournal(db: Tx, limit: number, afterId = 0) {
  const { rows } = await compiledOnce(db, 'intake.readJournal', [afterId, limit], () =>
    db
      .selectFrom('intake_journal')
      .select(['id', 'received_at', 'channel', 'payload', 'attempts'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit),
  );
  return rows;
}

/**
 * Deletes these journal rows and returns the ids this transaction removed: a row another process
 * already stored (and deleted) is not returned, so its signals are not processed twice.
 */
export async function claimJournal(db: Tx, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.deleteFrom('intake_journal').where('id', 'in', ids).returning('id').execute();
  return new Set(rows.map((r) => Number(r.id)));
}

export async function journalFailed(db: Tx, id: number, error: string): Promise<void> {
  await db
    .updateTable('intake_journal')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500) }))
    .where('id', '=', id)
    .execute();
}

export async function countJournal(db: Tx): Promise<number> {
  const row = await db
    .selectFrom('intake_journal')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
