import { sql } from 'kysely';
import type { Principal } from '../auth/access.js';
import type { Db, Dialect } from '../db/database.js';
import { badRequest } from '../shared/errors.js';
import { OPEN_STATUSES } from './lifecycle.js';
import type { CaseRow } from './repository.js';

export interface CaseFilter {
  status?: string[] | undefined;
  channel?: string[] | undefined;
  kind?: string[] | undefined;
  topic?: string[] | undefined;
  district?: string[] | undefined;
  organisation?: number[] | undefined;
  executor?: number[] | undefined;
  urgency?: string[] | undefined;
  overdue?: boolean | undefined;
  dueSoon?: boolean | undefined;
  escalated?: boolean | undefined;
  from?: number | undefined;
  to?: number | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
  sort: 'registered_desc' | 'registered_asc' | 'due_asc';
}

/** Executors see only their organisations' cases; roles with a wider view see all. */
export function scopeOf(p: Principal): number[] | null {
  const wide = p.roles.some(
    (r) => r === 'admin' || r === 'supervisor' || r === 'operator' || r === 'auditor' || r === 'analyst',
  );
  return wide ? null : [...p.organisationIds];
}

function encodeCursor(v: number, id: number) {
  return Buffer.from(`${v}:${id}`).toString('base64url');
}
function decodeCursor(c: string): [number, number] {
  const m = /^(-?\d+):(\d+)$/.exec(Buffer.from(c, 'base64url').toString());
  if (!m) throw badRequest('invalid_cursor', 'the cursor is not valid');
  return [Number(m[1]), Number(m[2])];
}

/** Above this many full-text matches, the page walks the list's index instead of sorting the matches. */
const FREQUENT_MATCHES = 2_000;

/** Filtered, keyset-paginated case list; `total` counts every match. */
export async function listCases(
  db: Db,
  f: CaseFilter,
  scope: number[] | null,
  now: number,
  dialect: Dialect = 'sqlite',
  tuning: { readonly frequentMatches?: number } = {},
) {
  const frequent = tuning.frequentMatches ?? FREQUENT_MATCHES;
  let q = db.selectFrom('cases');
  const inList = (
    col: 'status' | 'channel' | 'kind' | 'topic' | 'district' | 'urgency',
    v: string[] | undefined,
  ) => {
    if (v?.length) q = q.where(col, 'in', v);
  };
  inList('status', f.status);
  inList('channel', f.channel);
  inList('kind', f.kind);
  inList('topic', f.topic);
  inList('district', f.district);
  inList('urgency', f.urgency);
  if (f.organisation?.length) q = q.where('organisation_id', 'in', f.organisation);
  if (f.executor?.length) q = q.where('executor_id', 'in', f.executor);
  if (scope) q = scope.length ? q.where('organisation_id', 'in', scope) : q.where('id', '<', 0);
  if (f.overdue !== undefined) {
    q = f.overdue
      ? q.where('status', 'in', OPEN_STATUSES).where('due_at', '<', now)
      : q.where((eb) => eb.or([eb('status', 'not in', OPEN_STATUSES), eb('due_at', '>=', now)]));
  }
  if (f.dueSoon)
    q = q
      .where('status', 'in', OPEN_STATUSES)
      .where('due_at', '>=', now)
      .where('due_at', '<', now + 86_400_000);
  if (f.escalated !== undefined) q = q.where('escalated', '=', f.escalated ? 1 : 0);
  if (f.from !== undefined) q = q.where('registered_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('registered_at', '<', f.to);
  // Any filter besides `q` (the full-text count can then stand for the total).
  const narrowed = Boolean(
    scope ||
      [f.status, f.channel, f.kind, f.topic, f.district, f.urgency, f.organisation, f.executor].some(
        (v) => v?.length,
      ) ||
      f.overdue !== undefined ||
      f.dueSoon ||
      f.escalated !== undefined ||
      f.from !== undefined ||
      f.to !== undefined,
  );
  let ftsTotal: number | null = null;
  if (f.q) {
    const text = f.q.trim();
    const number = /^[A-Za-z]{2,4}-\d{4}-\d{6}$/.test(text) ? text.toUpperCase() : null;
    if (number) q = q.where('number', '=', number);
    else {
      // Every word of the query as a word prefix, in any order (migration 0008's full-text indexes).
      // Words are letters and digits only, so nothing in them is query syntax.
      const words = (text.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
      if (words.length === 0) q = q.where('id', '<', 0);
      else if (dialect === 'postgres') {
        const query = words.map((w) => `${w.toLowerCase()}:*`).join(' & ');
        q = q.where(sql<boolean>`to_tsvector('simple', summary) @@ to_tsquery('simple', ${query})`);
      } else {
        const query = words.map((w) => `"${w}"*`).join(' ');
        const matches = sql<number>`(select rowid from cases_fts where cases_fts match ${query})`;
        // Counting in the index is cheap. A frequent word (thousands of matches) is best served by
        // walking the list's own index in order and keeping matching ids (`+id`: not a driving index),
        // so the page needs no sort of every match; a rare one by reading its few matches and sorting.
        const counted = await sql<{
          n: number;
        }>`select count(*) as n from cases_fts where cases_fts match ${query}`.execute(db);
        const n = Number(counted.rows[0]?.n ?? 0);
        if (!narrowed) ftsTotal = n;
        q = n > frequent ? q.where(sql<boolean>`+id in ${matches}`) : q.where('id', 'in', matches);
      }
    }
  }
  const total =
    ftsTotal ??
    Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const col = f.sort === 'due_asc' ? 'due_at' : 'registered_at';
  const desc = f.sort === 'registered_desc';
  let page = q.selectAll();
  if (f.cursor) {
    const [v, id] = decodeCursor(f.cursor);
    // A row-value comparison lets both engines seek the (column, id) index straight to the page.
    page = page.where((eb) => eb(eb.refTuple(col, 'id'), desc ? '<' : '>', eb.tuple(v, id)));
  }
  const rows = await page
    .orderBy(col, desc ? 'desc' : 'asc')
    .orderBy('id', desc ? 'desc' : 'asc')
    .limit(f.limit + 1)
    .execute();
  const items = rows.slice(0, f.limit);
  const last = items[items.length - 1];
  const next = rows.length > f.limit && last ? encodeCursor(last[col], last.id) : null;
  return { items, total, next };
}

export async function signalIdsOf(db: Db, caseIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (!caseIds.length) return out;
  const rows = await db
    .selectFrom('signals')
    .select(['id', 'case_id'])
    .where('case_id', 'in', caseIds)
    .orderBy('id')
    .execute();
  for (const r of rows) if (r.case_id !== null) out.set(r.case_id, [...(out.get(r.case_id) ?? []), r.id]);
  return out;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function caseDto(c: CaseRow, signals: number[], now: number) {
  const open = (OPEN_STATUSES as readonly string[]).includes(c.status);
  return {
    id: c.id,
    number: c.number,
    status: c.status,
    kind: c.kind,
    topic: c.topic,
    district: c.district,
    urgency: c.urgency,
    channel: c.channel,
    lang: c.lang,
    organisationId: c.organisation_id,
    executorId: c.executor_id,
    summary: c.summary,
    registeredAt: iso(c.registered_at),
    dueAt: iso(c.due_at),
    operationalDueAt: iso(c.operational_due_at),
    redirectDueAt: iso(c.redirect_due_at),
    extendedAt: iso(c.extended_at),
    answeredAt: iso(c.answered_at),
    closedAt: iso(c.closed_at),
    overdue: open && c.due_at < now,
    dueSoon: open && c.due_at >= now && c.due_at < now + 86_400_000,
    operationalOverdue: open && c.operational_due_at !== null && c.operational_due_at < now,
    escalated: c.escalated === 1,
    repeatOf: c.repeat_of,
    mergedInto: c.merged_into,
    satisfaction: c.satisfaction,
    rating: c.rating,
    isDemo: c.is_demo === 1,
    signals,
  };
}
