import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { casesMergedInto, originsOf } from './repository.js';

/** Merges can chain (A into B, later B into C); a few levels are followed. */
const MAX_DEPTH = 5;

/**
 * The cases merged into `caseId` (directly or through a chain) whose citizens wrote from a conversation
 * other than the case's own and each other's: one per distinct origin conversation, so an answer to the
 * merged case reaches every citizen in it once.
 */
export async function mergedAudience(tx: Transaction<Database> | Db, caseId: number) {
  const merged: Awaited<ReturnType<typeof casesMergedInto>> = [];
  let level = [caseId];
  for (let depth = 0; depth < MAX_DEPTH && level.length; depth++) {
    const next = await casesMergedInto(tx, level);
    merged.push(...next);
    level = next.map((c) => c.id);
  }
  if (!merged.length) return [];
  const origins = await originsOf(tx, [caseId, ...merged.map((c) => c.id)]);
  const key = (o: (typeof origins)[number]) => `${o.channel}\u0000${o.conversation ?? `signal:${o.id}`}`;
  const byCase = new Map(origins.map((o) => [o.case_id, key(o)]));
  const seen = new Set<string>();
  const own = byCase.get(caseId);
  if (own) seen.add(own);
  return merged.filter((c) => {
    const k = byCase.get(c.id);
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
