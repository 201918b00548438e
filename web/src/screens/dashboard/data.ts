import { api, qs } from '../../lib/api.js';
import { CHANNELS, KINDS, TOPICS } from '../../lib/codes.js';
import { dayStart } from '../../lib/filters.js';
import { median } from '../../lib/format.js';
import type { Case, Page, Signal } from '../../lib/types.js';

export interface Count {
  readonly code: string;
  readonly received: number;
  readonly answered: number | null;
}

export interface SentimentDay {
  readonly day: string;
  readonly negative: number;
  readonly neutral: number;
  readonly positive: number;
}

/** Everything the dashboard draws for one period. */
export interface DashboardData {
  readonly total: number;
  readonly answered: number;
  readonly byChannel: Count[];
  readonly byKind: Count[];
  readonly byTopic: Count[];
  readonly byDistrict: Count[];
  readonly medianAnswerMs: number | null;
  readonly onTimeShare: number | null;
  readonly overdueNow: number;
  readonly repeatShare: number | null;
  readonly solvedShare: number | null;
  readonly sentiment: SentimentDay[];
  /** When KPIs are estimated from a sample of the period's cases: its size. */
  readonly sample: number | null;
}

export interface Period {
  readonly from: string;
  readonly to: string;
}

export const ANSWERED = 'answered,closed';
const SAMPLE = 200;

const total = (path: string, params: Record<string, string | number | undefined>) =>
  api<Page<Case>>(`${path}${qs({ ...params, limit: 1 })}`).then((p) => p.total);

/** Counts per code of one dimension, with how many of them were answered (when asked). */
async function countsBy(
  dim: string,
  codes: readonly string[],
  range: Record<string, string | undefined>,
  answered: boolean,
) {
  return Promise.all(
    codes.map(async (code) => {
      const [received, ans] = await Promise.all([
        total('/api/cases', { ...range, [dim]: code }),
        answered ? total('/api/cases', { ...range, [dim]: code, status: ANSWERED }) : Promise.resolve(null),
      ]);
      return { code, received, answered: ans };
    }),
  );
}

/** Share of negative / neutral / positive mentions per day (from the stream of mentions). */
export function sentimentByDay(mentions: readonly Signal[]): SentimentDay[] {
  const days = new Map<string, { negative: number; neutral: number; positive: number }>();
  for (const m of mentions) {
    if (m.sentiment !== 'negative' && m.sentiment !== 'neutral' && m.sentiment !== 'positive') continue;
    const day = m.receivedAt.slice(0, 10);
    const d = days.get(day) ?? { negative: 0, neutral: 0, positive: 0 };
    d[m.sentiment]++;
    days.set(day, d);
  }
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, d]) => ({ day, ...d }));
}

/** KPIs from a sample of answered cases: median time to answer, on time, solved by feedback. */
export function answerKpis(answered: readonly Case[]) {
  const done = answered.filter((c) => c.answeredAt);
  const times = done.map((c) => Date.parse(c.answeredAt!) - Date.parse(c.registeredAt));
  const onTime = done.filter((c) => Date.parse(c.answeredAt!) <= Date.parse(c.dueAt)).length;
  const rated = done.filter((c) => c.satisfaction);
  return {
    medianAnswerMs: median(times),
    onTimeShare: done.length ? onTime / done.length : null,
    solvedShare: rated.length ? rated.filter((c) => c.satisfaction === 'solved').length / rated.length : null,
  };
}

/**
 * The dashboard from the case list API alone (counts through `total`, KPIs from the latest cases of the
 * period): used until the analytics API answers.
 */
export async function fromCases(
  period: Period,
  districts: readonly string[],
  mentions: boolean,
): Promise<DashboardData> {
  const range = { from: dayStart(period.from), to: dayStart(period.to, 1) };
  const [all, answered, overdueNow, byChannel, byKind, byTopic, byDistrict, answeredSample, recent, signals] =
    await Promise.all([
      total('/api/cases', range),
      total('/api/cases', { ...range, status: ANSWERED }),
      total('/api/cases', { overdue: 'true' }),
      countsBy('channel', CHANNELS, range, true),
      countsBy('kind', KINDS, range, true),
      countsBy('topic', TOPICS, range, false),
      countsBy('district', districts, range, false),
      api<Page<Case>>(`/api/cases${qs({ ...range, status: ANSWERED, limit: SAMPLE })}`),
      api<Page<Case>>(`/api/cases${qs({ ...range, limit: SAMPLE })}`),
      mentions
        ? api<Page<Signal>>(
            `/api/signals${qs({ status: 'mention', since: range.from, until: range.to, limit: 500 })}`,
          ).catch(() => null)
        : Promise.resolve(null),
    ]);
  return {
    total: all,
    answered,
    byChannel,
    byKind,
    byTopic,
    byDistrict,
    overdueNow,
    ...answerKpis(answeredSample.items),
    repeatShare: recent.items.length
      ? recent.items.filter((c) => c.repeatOf !== null).length / recent.items.length
      : null,
    sentiment: signals ? sentimentByDay(signals.items) : [],
    sample: Math.max(answeredSample.items.length, recent.items.length),
  };
}
