import type { WorkCalendar } from '../cases/calendar.js';
import { TOPICS, type Topic } from '../shared/taxonomy.js';
import { type Rng, Weighted } from './rng.js';

const DAY = 86_400_000;

/** Appeals per month relative to the year's average (winter utilities drive the peaks). */
const MONTH_VOLUME = [1.25, 1.2, 1.05, 0.95, 0.95, 1.0, 1.05, 1.0, 0.9, 1.0, 1.1, 1.2];

/** What a regional 109 service hears about over a year (utilities first), before the season. */
export const TOPIC_BASE: Readonly<Record<Topic, number>> = {
  water: 13,
  electricity: 12,
  heating: 9,
  gas: 7,
  housing: 10,
  roads: 8,
  transport: 5,
  waste: 5,
  healthcare: 4,
  education: 3,
  social: 6,
  land: 3,
  agriculture: 3,
  safety: 3,
  environment: 1.5,
  economy: 2,
  digital: 3,
  other: 2.5,
};

/**
 * Month multipliers (January first): heating in winter, irrigation water for agriculture in spring,
 * drinking water in the summer heat, snow and potholes on the roads, school in September.
 */
const SEASON: Partial<Record<Topic, readonly number[]>> = {
  heating: [4.0, 3.6, 2.2, 0.7, 0.2, 0.15, 0.15, 0.15, 0.35, 1.6, 2.9, 3.7],
  agriculture: [0.3, 0.4, 1.3, 2.6, 3.0, 2.6, 1.7, 1.1, 0.8, 0.5, 0.3, 0.3],
  water: [0.8, 0.8, 0.8, 0.9, 1.3, 2.0, 2.8, 2.5, 1.3, 0.9, 0.8, 0.8],
  electricity: [1.4, 1.3, 1.0, 0.9, 0.9, 1.1, 1.3, 1.2, 0.9, 0.9, 1.1, 1.4],
  gas: [1.6, 1.5, 1.1, 0.7, 0.6, 0.6, 0.6, 0.6, 0.8, 1.2, 1.5, 1.6],
  roads: [1.6, 1.5, 1.4, 1.3, 1.0, 0.8, 0.8, 0.8, 0.9, 1.0, 1.2, 1.6],
  education: [0.9, 0.9, 0.9, 0.9, 1.0, 0.7, 0.6, 1.7, 1.9, 1.0, 0.9, 0.9],
  waste: [0.8, 0.8, 0.9, 1.1, 1.2, 1.3, 1.4, 1.3, 1.0, 0.9, 0.8, 0.8],
  healthcare: [1.4, 1.3, 1.1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0, 1.1, 1.3],
  land: [0.8, 0.9, 1.3, 1.4, 1.3, 1.0, 0.9, 0.9, 1.0, 1.0, 0.8, 0.8],
  safety: [0.9, 0.9, 1.0, 1.0, 1.1, 1.2, 1.2, 1.2, 1.0, 0.9, 0.9, 0.9],
  environment: [1.0, 0.9, 0.9, 1.0, 1.1, 1.2, 1.3, 1.2, 1.0, 0.9, 0.9, 1.0],
};

/** Topic weights for a month (0 = January). */
export function topicWeights(month: number): Record<Topic, number> {
  const out = {} as Record<Topic, number>;
  for (const t of TOPICS) out[t] = TOPIC_BASE[t] * (SEASON[t]?.[month] ?? 1);
  return out;
}

/** Local hour of day: quiet at night, a morning peak, a lunch dip, an evening tail. */
const HOURS = [
  0.25, 0.15, 0.1, 0.08, 0.1, 0.2, 0.5, 1.2, 2.4, 3.2, 3.4, 3.1, 2.4, 2.5, 2.9, 2.9, 2.7, 2.4, 2.0, 1.8, 1.6,
  1.3, 0.9, 0.5,
];

/**
 * Instants over the last `days` days ending at `end`, weighted by month, weekday (Monday busiest,
 * weekends and holidays quieter) and hour, in the region's local time.
 */
export class Timeline {
  private readonly days: Weighted<string>;
  private readonly hours = new Weighted(
    HOURS.map((_, h) => h),
    HOURS,
  );
  readonly start: number;

  constructor(
    private readonly calendar: WorkCalendar,
    readonly end: number,
    days = 365,
  ) {
    this.start = end - days * DAY;
    const dates: string[] = [];
    const weights: number[] = [];
    for (let i = days; i >= 0; i--) {
      const date = calendar.local(end - i * DAY).date;
      if (dates.includes(date)) continue;
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      const month = Number(date.slice(5, 7)) - 1;
      let w = MONTH_VOLUME[month] ?? 1;
      if (!calendar.isWorkingDay(date)) w *= calendar.holidayNames.has(date) ? 0.45 : 0.6;
      else if (weekday === 1) w *= 1.15;
      dates.push(date);
      weights.push(w);
    }
    this.days = new Weighted(dates, weights);
  }

  draw(rng: Rng): number {
    for (let i = 0; i < 20; i++) {
      const date = this.days.draw(rng);
      const minute = this.hours.draw(rng) * 60 + rng.int(0, 59);
      const t = this.calendar.at(date, minute) + rng.int(0, 59_999);
      if (t > this.start && t <= this.end) return t;
    }
    return this.end - rng.int(60_000, 6 * 3600_000);
  }

  /** Month (0 = January) of an instant in local time. */
  month(t: number): number {
    return Number(this.calendar.local(t).date.slice(5, 7)) - 1;
  }
}
