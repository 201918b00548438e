import type { Db } from '../db/database.js';
import { badRequest } from '../shared/errors.js';

export interface MentionFilter {
  readonly channel?: readonly string[] | undefined;
  readonly topic?: readonly string[] | undefined;
  readonly sentiment?: readonly string[] | undefined;
  readonly district?: readonly string[] | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

function encodeCursor(receivedAt: number, id: number) {
  return Buffer.from(`${receivedAt}:${id}`).toString('base64url');
}
function decodeCursor(c: string): [number, number] {
  const m = /^(-?\d+):(\d+)$/.exec(Buffer.from(c, 'base64url').toString());
  if (!m) throw badRequest('invalid_cursor', 'the cursor is not valid');
  return [Number(m[1]), Number(m[2])];
}

/**
 * Social-media mentions and news, newest first, keyset-paginated on (received_at, id). Only columns
 * without personal data are read: the redacted text, never the original, the author or the address.
 */
export async function listMentions(db: Db, f: MentionFilter) {
  let q = db
    .selectFrom('signals')
    .where((eb) => eb.or([eb('status', '=', 'mention'), eb('channel', '=', 'news')]))
    .where('status', '<>', 'ignored');
  if (f.channel?.length) q = q.where('channel', 'in', f.channel);
  if (f.topic?.length) q = q.where('topic', 'in', f.topic);
  if (f.sentiment?.length) q = q.where('sentiment', 'in', f.sentiment);
  if (f.district?.length) q = q.where('district', 'in', f.district);
  if (f.from !== undefined) q = q.where('received_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('received_at', '<', f.to);
  const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let page = q.select([
    'id',
    'channel',
    'received_at',
    'text_redacted',
    'lang',
    'reach',
    'kind',
    'topic',
    'sentiment',
    'district',
    'cluster_id',
    'case_id',
    'is_demo',
  ]);
  if (f.cursor) {
    const [at, id] = decodeCursor(f.cursor);
    page = page.where((eb) => eb(eb.refTuple('received_at', 'id'), '<', eb.tuple(at, id)));
  }
  const rows = await page
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const items = rows.slice(0, f.limit);
  const last = items[items.length - 1];
  const next = rows.length > f.limit && last ? encodeCursor(last.received_at, last.id) : null;
  return { items, total: Number(totalRow.n), next };
}
