import type { AppContext } from '../app/context.js';
import { audit } from '../audit/audit.js';
import { csvField } from '../shared/csv.js';
import { OPEN_STATUSES } from './lifecycle.js';
import { type CaseFilter, listCases } from './queries.js';
import * as repo from './repository.js';

/** Rows one export holds at most; a larger selection is cut and says so. */
export const EXPORT_MAX_ROWS = 50_000;
const PAGE = 1_000;

const COLUMNS = [
  'number',
  'status',
  'channel',
  'kind',
  'topic',
  'district',
  'urgency',
  'organisation',
  'registered_at',
  'due_at',
  'answered_at',
  'overdue',
  'satisfaction',
  'rating',
] as const;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The filtered case list as CSV for a spreadsheet: numbers, labels, dates and the responsible
 * organisation — no personal data. With `summary`, the redacted first message is added: phones, IINs,
 * e-mails and cards are masked, but a name or an address written in the text may remain, so the caller
 * must hold `cases:pii`, and the export is then audited as a read of personal data. Executors get their
 * organisations' cases only. Every export is audited.
 */
export async function exportCases(
  ctx: AppContext,
  filter: Omit<CaseFilter, 'limit' | 'cursor'>,
  options: { scope: number[] | null; summary: boolean; actor: string; ip: string | null },
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const { scope, summary, actor, ip } = options;
  const now = ctx.now();
  const orgs = new Map((await repo.organisationCodes(ctx.db)).map((o) => [o.id, o.code]));
  const lines = [[...COLUMNS, ...(summary ? ['summary'] : [])].join(',')];
  let cursor: string | undefined;
  let truncated = false;
  for (;;) {
    const page = await listCases(ctx.db, { ...filter, limit: PAGE, cursor }, scope, now, ctx.dialect);
    for (const c of page.items) {
      if (lines.length > EXPORT_MAX_ROWS) {
        truncated = true;
        break;
      }
      const overdue = (OPEN_STATUSES as readonly string[]).includes(c.status) && c.due_at < now;
      lines.push(
        [
          c.number,
          c.status,
          c.channel,
          c.kind,
          c.topic,
          c.district,
          c.urgency,
          c.organisation_id === null ? null : (orgs.get(c.organisation_id) ?? String(c.organisation_id)),
          iso(c.registered_at),
          iso(c.due_at),
          iso(c.answered_at),
          overdue ? 'yes' : 'no',
          c.satisfaction,
          c.rating,
          ...(summary ? [c.summary] : []),
        ]
          .map(csvField)
          .join(','),
      );
    }
    if (truncated || !page.next) break;
    cursor = page.next;
  }
  const rows = lines.length - 1;
  await audit(ctx.db, now, {
    actor,
    action: summary ? 'cases.export_pii' : 'cases.export',
    entity: 'case',
    ip,
    data: {
      rows,
      truncated,
      summary,
      filters: Object.keys(filter).filter((k) => filter[k as keyof typeof filter] !== undefined),
    },
  });
  // A byte-order mark, so spreadsheet programs read the Cyrillic and Kazakh letters as UTF-8.
  return { csv: `\uFEFF${lines.join('\r\n')}\r\n`, rows, truncated };
}
