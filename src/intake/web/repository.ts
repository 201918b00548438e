import type { Db } from '../../db/database.js';

/** When a signal was received (for the web form's answer, also on an idempotent replay). */
export async function receivedAtOf(db: Db, signalId: number): Promise<number> {
  const row = await db
    .selectFrom('signals')
    .select('received_at')
    .where('id', '=', signalId)
    .executeTakeFirstOrThrow();
  return row.received_at;
}
