import { api, qs } from '../../lib/api.js';
import { CHANNELS, KINDS } from '../../lib/codes.js';
import { dayStart } from '../../lib/filters.js';
import type { Page } from '../../lib/types.js';
import type { Count, DashboardData, Period, SentimentDay } from './data.js';

/** One row of GET /api/analytics/kpis. */
interface KpiRow {
  readonly key: string | null;
  readonly received: number;
  readonly answered: number;
  readonly onTimeRate: number | null;
  readonly overdue: number;
  readonly answerHours: { readonly median: number | null };
  readonly repeatRate: number | null;
  readonly satisfaction: { readonly solvedShare: number | null };
}

interface KpiReport {
  readonly rows: KpiRow[];
  readonly total: KpiRow;
}

interface VolumePoint {
  readonly t: string;
  readonly key: string | null;
  readonly mentions: number;
}

/** Every code of the taxonomy in order, with the rows' figures (0 where the period had none). */
function ordered(
  codes: readonly string[],
  rows: ReadonlyArray<{ code: string | null; received: number; answered: number | null }>,
): Count[] {
  const by = new Map(rows.map((r) => [r.code ?? '', r]));
  const known = codes.map((code) => ({
    code,
    received: by.get(code)?.received ?? 0,
    answered: by.get(code)?.answered ?? 0,
  }));
  const extra = rows
    .filter((r) => r.code && !codes.includes(r.code))
    .map((r) => ({ code: r.code as string, received: r.received, answered: r.answered }));
  return [...known, ...extra];
}

/** Mentions per day and sentiment (GET /api/analytics/volume?groupBy=sentiment). */
export function sentimentFromVolume(points: readonly VolumePoint[]): SentimentDay[] {
  const days = new Map<string, { negative: number; neutral: number; positive: number }>();
  for (const p of points) {
    const day = p.t.slice(0, 10);
    const d = days.get(day) ?? { negative: 0, neutral: 0, positive: 0 };
    if (p.key === 'negative' || p.key === 'neutral' || p.key === 'positive') d[p.key] += p.mentions;
    days.set(day, d);
  }
  return [...days.entries()]
    .filter(([, d]) => d.negative + d.neutral + d.positive > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, d]) => ({ day, ...d }));
}

/**
 * The dashboard from the analytics API (rollups: fast over millions of rows). Overdue-now comes from the
 * case list when the caller may read cases (the KPI counts overdue cases of the period only).
 */
export async function fromAnalytics(
  period: Period,
  districts: readonly string[],
  topics: readonly string[],
  canCases: boolean,
): Promise<DashboardData> {
  const range = { from: dayStart(period.from), to: dayStart(period.to, 1) };
  const get = <T>(path: string, extra: Record<string, string> = {}) =>
    api<T>(`${path}${qs({ ...range, ...extra })}`);
  const [total, channels, kinds, byTopic, byDistrict, volume, overdueNow] = await Promise.all([
    get<KpiReport>('/api/analytics/kpis', { groupBy: 'none' }),
    get<{ rows: Array<{ channel: string; received: number; answered: number }> }>(
      '/api/analytics/tables/channels',
    ),
    get<{ rows: Array<{ kind: string | null; received: number; answered: number }> }>(
      '/api/analytics/tables/kinds',
    ),
    get<KpiReport>('/api/analytics/kpis', { groupBy: 'topic' }),
    get<KpiReport>('/api/analytics/kpis', { groupBy: 'district' }),
    get<{ points: VolumePoint[] }>('/api/analytics/volume', { groupBy: 'sentiment', bucket: 'day' }).catch(
      () => ({ points: [] }),
    ),
    canCases
      ? api<Page<unknown>>('/api/cases?overdue=true&limit=1').then((p) => p.total)
      : Promise.resolve(null),
  ]);
  const t = total.total;
  const rows = (r: KpiReport) => r.rows.map((x) => ({ code: x.key, received: x.received, answered: null }));
  return {
    total: t.received,
    answered: t.answered,
    byChannel: ordered(
      CHANNELS,
      channels.rows.map((r) => ({ code: r.channel, received: r.received, answered: r.answered })),
    ),
    byKind: ordered(
      KINDS,
      kinds.rows.map((r) => ({ code: r.kind, received: r.received, answered: r.answered })),
    ),
    byTopic: ordered(topics, rows(byTopic)).map((r) => ({ ...r, answered: null })),
    byDistrict: ordered(districts, rows(byDistrict)).map((r) => ({ ...r, answered: null })),
    medianAnswerMs: t.answerHours.median === null ? null : t.answerHours.median * 3_600_000,
    onTimeShare: t.onTimeRate,
    overdueNow: overdueNow ?? t.overdue,
    repeatShare: t.repeatRate,
    solvedShare: t.satisfaction.solvedShare,
    sentiment: sentimentFromVolume(volume.points),
    sample: null,
  };
}
