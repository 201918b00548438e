import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import { GENESIS } from '../db/migrations/20261129_0003_accounts.js';
import type { Database } from '../db/schema.js';
import { appendEntry, headHash, lockHead, readEntries } from './repository.js';

export interface AuditEntry {
  readonly actor: string;
  /** A verb: login, read_pii, case.transition, user.create… */
  readonly action: string;
  readonly entity: string;
  readonly entityId?: string | number | null;
  readonly ip?: string | null;
  /** Never personal data: ids, codes, counts. */
  readonly data?: Record<string, unknown> | null;
}

interface Hashable {
  at: number;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  ip: string | null;
  data: string | null;
}

/** The hash of an entry chains it to the one before: any edit or deletion breaks every later hash. */
export function entryHash(prev: string, e: Hashable): string {
  const canonical = JSON.stringify([prev, e.at, e.actor, e.action, e.entity, e.entity_id, e.ip, e.data]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Appends to the tamper-evident audit log, inside the caller's transaction when one is given. */
export async function audit(db: Db | Transaction<Database>, now: number, entry: AuditEntry): Promise<void> {
  const write = async (tx: Transaction<Database>) => {
    const prev = await lockHead(tx);
    const row: Hashable = {
      at: now,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      ip: entry.ip ?? null,
      data: entry.data ? JSON.stringify(entry.data) : null,
    };
    await appendEntry(tx, { ...row, prev_hash: prev, hash: entryHash(prev, row) });
  };
  if (db.isTransaction) await write(db as Transaction<Database>);
  else await (db as Db).transaction().execute(write);
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly entries: number;
  /** The first entry whose hash or link does not match. */
  readonly brokenAt: number | null;
  readonly reason: string | null;
}

/** Walks the whole chain and checks every link and hash, and that the head matches the last entry. */
export async function verifyAuditLog(db: Db): Promise<VerifyResult> {
  let prev = GENESIS;
  let lastId = 0;
  let count = 0;
  for (;;) {
    const batch = await readEntries(db, lastId, 5000);
    if (batch.length === 0) break;
    for (const e of batch) {
      count++;
      if (e.prev_hash !== prev)
        return { ok: false, entries: count, brokenAt: e.id, reason: 'link to previous entry broken' };
      if (entryHash(prev, e) !== e.hash)
        return { ok: false, entries: count, brokenAt: e.id, reason: 'entry was altered' };
      prev = e.hash;
      lastId = e.id;
    }
  }
  const head = await headHash(db);
  if (head !== prev)
    return { ok: false, entries: count, brokenAt: null, reason: 'entries were removed from the end' };
  return { ok: true, entries: count, brokenAt: null, reason: null };
}
