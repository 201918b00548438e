import type { AppContext } from '../app/context.js';
import * as q from './queries.js';
import { APPEAL, SOCIAL_MENTION } from './rollup/aggregate.js';
import {
  addHist,
  addHistText,
  type CaseDim,
  type Histogram,
  newHistogram,
  percentileHours,
} from './rollup/cases.js';
import { DAY, regionDays } from './time.js';

/** Key performance indicators per period and group; every definition is written in the README. */

export const GROUP_BY = ['organisation', 'district', 'topic', 'channel', 'kind', 'none'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface Period {
  readonly from: number;
  readonly to: number;
}

/** Whole local days covering [from, to). */
export async function dayPeriod(ctx: AppContext, from: number, to: number): Promise<Period> {
  const days = await regionDays(ctx.db);
  return { from: days.dayOf(from), to: days.dayOf(to - 1) + DAY };
}

interface CaseAcc {
  received: number;
  answered: number;
  onTime: number;
  repeats: number;
  feedback: number;
  solved: number;
  rated: number;
  ratingSum: number;
  first: Histogram;
  answer: Histogram;
}

interface SignalAcc {
  signals: number;
  appeals: number;
  mentions: number;
  wLabelled: number;
  wPos: number;
  wNeg: number;
  social: number;
  socialAnswered: number;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
const hours = (h: number | null) => (h === null ? null : Math.round(h * 100) / 100);

export interface KpiRow {
  readonly key: string | null;
  readonly received: number;
  readonly answered: number;
  readonly answeredOnTime: number;
  readonly onTimeRate: number | null;
  readonly overdue: number;
  readonly firstResponseHours: { readonly median: number | null; readonly p90: number | null };
  readonly answerHours: { readonly median: number | null; readonly p90: number | null };
  readonly repeatRate: number | null;
  readonly satisfaction: {
    readonly responses: number;
    readonly solvedShare: number | null;
    readonly meanRating: number | null;
  };
  readonly signals: number | null;
  readonly mentions: number | null;
  readonly sentimentIndex: number | null;
  readonly socialPosts: number | null;
  readonly socialResponseRate: number | null;
}

function row(key: string | null, c: CaseAcc | undefined, s: SignalAcc | undefined, overdue: number): KpiRow {
  const first = c?.first ?? newHistogram();
  const answer = c?.answer ?? newHistogram();
  return {
    key,
    received: c?.received ?? 0,
    answered: c?.answered ?? 0,
    answeredOnTime: c?.onTime ?? 0,
    onTimeRate: ratio(c?.onTime ?? 0, c?.answered ?? 0),
    overdue,
    firstResponseHours: {
      median: hours(percentileHours(first, 0.5)),
      p90: hours(percentileHours(first, 0.9)),
    },
    answerHours: { median: hours(percentileHours(answer, 0.5)), p90: hours(percentileHours(answer, 0.9)) },
    repeatRate: ratio(c?.repeats ?? 0, c?.received ?? 0),
    satisfaction: {
      responses: c?.feedback ?? 0,
      solvedShare: ratio(c?.solved ?? 0, c?.feedback ?? 0),
      meanRating: c && c.rated > 0 ? Math.round((c.ratingSum / c.rated) * 100) / 100 : null,
    },
    signals: s ? s.signals : null,
    mentions: s ? s.mentions : null,
    sentimentIndex:
      s && s.wLabelled > 0 ? Math.round(((s.wPos - s.wNeg) / s.wLabelled) * 10_000) / 10_000 : null,
    socialPosts: s ? s.social : null,
    socialResponseRate: s ? ratio(s.socialAnswered, s.social) : null,
  };
}

async function caseAccs(ctx: AppContext, dim: CaseDim, p: Period): Promise<Map<string, CaseAcc>> {
  const out = new Map<string, CaseAcc>();
  for (const r of await q.caseRows(ctx.db, dim, p.from, p.to)) {
    let a = out.get(r.value);
    if (!a) {
      a = emptyCase();
      out.set(r.value, a);
    }
    addCase(a, {
      received: r.received,
      answered: r.answered,
      onTime: r.on_time,
      repeats: r.repeats,
      feedback: r.feedback,
      solved: r.solved,
      rated: r.rated,
      ratingSum: r.rating_sum,
    });
    addHistText(r.first_hist, a.first);
    addHistText(r.answer_hist, a.answer);
  }
  return out;
}

async function signalAccs(
  ctx: AppContext,
  groupBy: GroupBy,
  p: Period,
): Promise<Map<string, SignalAcc> | null> {
  if (groupBy === 'organisation') return null;
  const out = new Map<string, SignalAcc>();
  for (const r of await q.signalTotals(ctx.db, 'day', groupBy, p.from, p.to)) {
    let a = out.get(r.value);
    if (!a) {
      a = {
        signals: 0,
        appeals: 0,
        mentions: 0,
        wLabelled: 0,
        wPos: 0,
        wNeg: 0,
        social: 0,
        socialAnswered: 0,
      };
      out.set(r.value, a);
    }
    const n = Number(r.n);
    a.signals += n;
    if (r.mention === APPEAL) a.appeals += n;
    else {
      a.mentions += n;
      a.wLabelled += Number(r.w_labelled);
      a.wPos += Number(r.w_pos);
      a.wNeg += Number(r.w_neg);
    }
    if (r.mention === SOCIAL_MENTION) {
      a.social += n;
      a.socialAnswered += Number(r.answered);
    }
  }
  return out;
}

function emptyCase(): CaseAcc {
  return {
    received: 0,
    answered: 0,
    onTime: 0,
    repeats: 0,
    feedback: 0,
    solved: 0,
    rated: 0,
    ratingSum: 0,
    first: newHistogram(),
    answer: newHistogram(),
  };
}

/** Adds the counts of `from` into `into` (the duration histograms are merged by the caller). */
function addCase(into: CaseAcc, from: Omit<CaseAcc, 'first' | 'answer'>): void {
  into.received += from.received;
  into.answered += from.answered;
  into.onTime += from.onTime;
  into.repeats += from.repeats;
  into.feedback += from.feedback;
  into.solved += from.solved;
  into.rated += from.rated;
  into.ratingSum += from.ratingSum;
}

function sumCases(accs: Iterable<CaseAcc>): CaseAcc {
  const t = emptyCase();
  for (const a of accs) {
    addCase(t, a);
    addHist(t.first, a.first);
    addHist(t.answer, a.answer);
  }
  return t;
}

const emptySignal = (): SignalAcc => ({
  signals: 0,
  appeals: 0,
  mentions: 0,
  wLabelled: 0,
  wPos: 0,
  wNeg: 0,
  social: 0,
  socialAnswered: 0,
});

function sumSignals(accs: Iterable<SignalAcc>): SignalAcc {
  const t = emptySignal();
  for (const a of accs) for (const k of Object.keys(t) as Array<keyof SignalAcc>) t[k] += a[k];
  return t;
}

export interface KpiReport {
  readonly from: number;
  readonly to: number;
  readonly groupBy: GroupBy;
  readonly rows: KpiRow[];
  readonly total: KpiRow;
}

/** KPIs over whole local days covering [from, to), grouped; the total row covers everything. */
export async function kpis(ctx: AppContext, from: number, to: number, groupBy: GroupBy): Promise<KpiReport> {
  const p = await dayPeriod(ctx, from, to);
  const now = ctx.now();
  const cases = await caseAccs(ctx, groupBy, p);
  const signals = await signalAccs(ctx, groupBy, p);
  const overdue = await q.overdueCounts(ctx.db, groupBy, p.from, p.to, now);
  const orgs = groupBy === 'organisation' ? await q.organisationCodes(ctx.db) : null;
  const keys = new Set<string>([...cases.keys(), ...(signals?.keys() ?? []), ...overdue.keys()]);
  const label = (k: string) => (k === '' ? null : (orgs?.get(k) ?? k));
  const rows = [...keys]
    .map((k) => row(label(k), cases.get(k), signals?.get(k), overdue.get(k) ?? 0))
    .sort((a, b) => b.received - a.received || (b.signals ?? 0) - (a.signals ?? 0));
  // Every case and signal falls in exactly one group of a dimension: the total is the sum of the groups.
  const totalSignals =
    groupBy === 'organisation'
      ? (await signalAccs(ctx, 'none', p))?.get('')
      : sumSignals(signals?.values() ?? []);
  const total = row(
    null,
    sumCases(cases.values()),
    totalSignals,
    [...overdue.values()].reduce((a, b) => a + b, 0),
  );
  return { from: p.from, to: p.to, groupBy, rows: groupBy === 'none' ? [] : rows, total };
}

/** The study's Table 1: by channel, items received (cases + mentions that never became one), answered. */
export async function channelTable(ctx: AppContext, from: number, to: number) {
  const p = await dayPeriod(ctx, from, to);
  const cases = await caseAccs(ctx, 'channel', p);
  const signals = await q.signalTotals(ctx.db, 'day', 'channel', p.from, p.to);
  const mentions = new Map<string, number>();
  for (const r of signals) {
    if (r.mention === APPEAL) continue;
    mentions.set(r.value, (mentions.get(r.value) ?? 0) + Number(r.n) - Number(r.cased));
  }
  const keys = new Set([...cases.keys(), ...mentions.keys()]);
  const rows = [...keys].map((channel) => {
    const c = cases.get(channel);
    const received = (c?.received ?? 0) + (mentions.get(channel) ?? 0);
    const answered = c?.answered ?? 0;
    return {
      channel,
      cases: c?.received ?? 0,
      mentionsWithoutCase: mentions.get(channel) ?? 0,
      received,
      answered,
      unanswered: received - answered,
    };
  });
  rows.sort((a, b) => b.received - a.received);
  return { from: p.from, to: p.to, rows };
}

/** The study's Table 2: cases by kind with their share. */
export async function kindTable(ctx: AppContext, from: number, to: number) {
  const p = await dayPeriod(ctx, from, to);
  const cases = await caseAccs(ctx, 'kind', p);
  let total = 0;
  for (const c of cases.values()) total += c.received;
  const rows = [...cases].map(([kind, c]) => ({
    kind: kind === '' ? null : kind,
    received: c.received,
    share: ratio(c.received, total) ?? 0,
    answered: c.answered,
  }));
  rows.sort((a, b) => b.received - a.received);
  return { from: p.from, to: p.to, total, rows };
}
