/** The inbox's filters live in the address, so a dashboard click or a saved view opens the same list. */

export const FILTER_KEYS = [
  'status',
  'channel',
  'kind',
  'topic',
  'district',
  'organisation',
  'executor',
  'urgency',
  'overdue',
  'from',
  'to',
  'q',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export function filtersFromSearch(search: URLSearchParams): Filters {
  const f: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = search.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** `?topic=water&overdue=true` (keys in a stable order; empty values left out). */
export function filtersToSearch(f: Filters): string {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (v) p.set(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day as the start of that day in local time (ISO), or an ISO moment unchanged. */
export function dayStart(value: string, plusDays = 0): string | undefined {
  if (DAY.test(value)) {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, d + plusDays).toISOString();
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The /api/cases query for these filters: dates become a [from, next day of to) range. */
export function caseQuery(f: Filters, extra: Record<string, string | number> = {}): string {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = f[k]?.trim();
    if (!v) continue;
    if (k === 'from') {
      const iso = dayStart(v);
      if (iso) p.set('from', iso);
    } else if (k === 'to') {
      const iso = DAY.test(v) ? dayStart(v, 1) : dayStart(v);
      if (iso) p.set('to', iso);
    } else p.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function activeCount(f: Filters): number {
  return FILTER_KEYS.filter((k) => k !== 'q' && f[k]).length;
}
