import type { Db } from '../../../db/database.js';
import { type DeliveryPatch, type DeliveryState, nextDelivery } from './status.js';

export type StatusOutcome = 'updated' | 'unchanged' | 'unknown';

/**
 * Applies one WhatsApp status callback to the outbox row we sent under that provider message id.
 * The update is conditional on the status read, so two callbacks racing cannot move it backwards.
 */
export async function applyDeliveryStatus(
  db: Db,
  providerMessageId: string,
  reported: 'sent' | 'delivered' | 'read' | 'failed',
  at: number,
  error: string | null,
): Promise<StatusOutcome> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row: (DeliveryState & { id: number }) | undefined = await db
      .selectFrom('outbox')
      .select(['id', 'status', 'sent_at', 'delivered_at', 'read_at', 'failed_at', 'last_error'])
      .where('channel', '=', 'whatsapp')
      .where('provider_message_id', '=', providerMessageId)
      .orderBy('id')
      .executeTakeFirst();
    if (!row) return 'unknown';
    const patch: DeliveryPatch | null = nextDelivery(row, reported, at, error);
    if (!patch) return 'unchanged';
    const result = await db
      .updateTable('outbox')
      .set(patch)
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) return 'updated';
  }
  return 'unchanged';
}
