import type { Insertable } from 'kysely';
import type { AppContext } from '../../app/context.js';
import type { AnalyticsAnomaliesTable } from '../../db/schema.js';
import { reachText, sentimentText, spikeText } from '../alerts/explain.js';
import { reachOf } from '../rollup/aggregate.js';
import { DEFAULT_THRESHOLD, fitHourly, windowScore } from '../series/spikes.js';
import { DAY, HOUR, hourOf, regionDays } from '../time.js';
import * as repo from './repository.js';

/**
 * Live early warning over the rollups: per topic × district, the last 3 and 24 hours against their
 * seasonal expectation (the same core as `tyndau spikes`, on nine weeks of hourly counts); the share of
 * negative messages of the last 24 hours against the previous 28 days; single posts whose reach is far
 * above their channel's usual.
 */

const HISTORY_DAYS = 63;
const WINDOWS = [3, 24] as const;
const MIN_EXCESS = 3;
const MAX_CANDIDATES = 200;
/** Sentiment shift: at least this many labelled messages today, the negative share up by 20 points, z ≥ 3. */
const SHIFT_MIN_N = 10;
const SHIFT_MIN_RISE = 0.2;
const SHIFT_MIN_Z = 3;
/** High reach: at least 10 times the channel's mean reach over 30 days, and at least this much. */
export const MIN_HIGH_REACH = 5000;
const REACH_FACTOR = 10;

export type AnomalyRow = Insertable<AnalyticsAnomaliesTable>;

const split = (value: string) => {
  const [topic = '', district = ''] = value.split('|');
  return { topic: topic || null, district: district || null };
};

export async function detectAnomalies(ctx: AppContext, threshold = DEFAULT_THRESHOLD): Promise<AnomalyRow[]> {
  const now = ctx.now();
  const hourNow = hourOf(now);
  const partial = Math.max(1 / 60, (now - hourNow) / HOUR);
  const names = await repo.districtNames(ctx.db);
  const out: AnomalyRow[] = [];

  const candidates = await repo.busyValues(ctx.db, hourNow - 23 * HOUR, hourNow + HOUR, MIN_EXCESS);
  for (const value of candidates.slice(0, MAX_CANDIDATES)) {
    const { topic, district } = split(value);
    const from = hourNow - HISTORY_DAYS * DAY;
    const y = await repo.hourlyCounts(ctx.db, 'topic_district', value, from, hourNow + HOUR, HOUR);
    const fit = fitHourly(y);
    let best: { count: number; expected: number; score: number; hours: number } | null = null;
    for (const hours of WINDOWS) {
      const w = windowScore(y, fit, y.length, hours, partial);
      if (!w || w.count - w.expected < MIN_EXCESS || w.score < threshold) continue;
      if (!best || w.score > best.score) best = { ...w, hours };
    }
    if (!best) continue;
    out.push({
      type: 'spike',
      topic,
      district,
      channel: null,
      signal_id: null,
      cluster_id: null,
      window_hours: best.hours,
      count: best.count,
      expected: Math.round(best.expected * 100) / 100,
      score: Math.round(best.score * 100) / 100,
      explanation: JSON.stringify(spikeText(topic, district, names, best.count, best.expected, best.hours)),
      detected_at: now,
    });
  }

  const days = await regionDays(ctx.db);
  const today = days.dayOf(now);
  const current = await repo.sentimentCounts(ctx.db, 'hour', hourNow - 23 * HOUR, hourNow + HOUR);
  const base = await repo.sentimentCounts(ctx.db, 'day', today - 28 * DAY, today);
  for (const [value, c] of current) {
    if (c.labelled < SHIFT_MIN_N) continue;
    const b = base.get(value) ?? { labelled: 0, neg: 0 };
    const p0 = (b.neg + 1) / (b.labelled + 2);
    const p1 = c.neg / c.labelled;
    const z = (p1 - p0) / Math.sqrt((p0 * (1 - p0)) / c.labelled);
    if (p1 - p0 < SHIFT_MIN_RISE || z < SHIFT_MIN_Z) continue;
    const { topic, district } = split(value);
    out.push({
      type: 'sentiment_shift',
      topic,
      district,
      channel: null,
      signal_id: null,
      cluster_id: null,
      window_hours: 24,
      count: c.neg,
      expected: Math.round(p0 * c.labelled * 100) / 100,
      score: Math.round(z * 100) / 100,
      explanation: JSON.stringify(sentimentText(topic, district, names, p1, p0, c.labelled)),
      detected_at: now,
    });
  }

  const typical = await repo.meanReach(ctx.db, today - 30 * DAY, today + DAY);
  const posts = await repo.mentionsWithReach(ctx.db, now - DAY, now + 1);
  const high = posts
    .map((p) => ({ ...p, value: reachOf(p.reach), usual: typical.get(p.channel) ?? 0 }))
    .filter((p) => p.value >= Math.max(MIN_HIGH_REACH, REACH_FACTOR * p.usual))
    .sort((a, b) => b.value - a.value)
    .slice(0, 20);
  for (const p of high) {
    out.push({
      type: 'high_reach',
      topic: p.topic,
      district: p.district,
      channel: p.channel,
      signal_id: p.id,
      cluster_id: p.cluster_id,
      window_hours: 24,
      count: p.value,
      expected: Math.round(p.usual * 100) / 100,
      score: Math.round((p.value / Math.max(1, p.usual)) * 100) / 100,
      explanation: JSON.stringify(reachText(p.channel, p.value, p.usual, p.sentiment === 'negative')),
      detected_at: now,
    });
  }
  return out;
}
