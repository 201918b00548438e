import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Kazakhstan's working-day calendar: weekends, public holidays (a non-religious holiday on a weekend
 * moves the day off to the next working day, Labour Code art. 85) and the Government's transfers.
 * Everything is computed in the region's local time (UTC+5 for Zhambyl).
 */
const yearFile = z.object({
  year: z.number().int(),
  holidays: z.array(
    z.object({ date: z.iso.date(), name: z.string(), religious: z.boolean().default(false) }),
  ),
  transfers: z
    .array(z.object({ dayOff: z.iso.date(), workingDay: z.iso.date(), name: z.string().optional() }))
    .default([]),
});
export type CalendarYear = z.infer<typeof yearFile>;

export interface WorkingHours {
  /** Local minutes from midnight. */
  readonly start: number;
  readonly end: number;
}

const DAY = 86_400_000;

/** 'YYYY-MM-DD' of a local day. */
export type LocalDate = string;

export class WorkCalendar {
  private readonly daysOff = new Set<LocalDate>();
  private readonly workingWeekends = new Set<LocalDate>();
  readonly holidayNames = new Map<LocalDate, string>();

  constructor(
    years: readonly CalendarYear[],
    readonly utcOffsetMinutes = 300,
    readonly hours: WorkingHours = { start: 9 * 60, end: 18 * 60 },
  ) {
    for (const y of years) {
      for (const t of y.transfers) {
        this.daysOff.add(t.dayOff);
        this.workingWeekends.add(t.workingDay);
      }
      const holidayDates = new Set(y.holidays.map((h) => h.date));
      for (const h of y.holidays) {
        this.daysOff.add(h.date);
        this.holidayNames.set(h.date, h.name);
        if (!h.religious && isWeekend(h.date)) {
          // The carried-over day off is the next day that is neither a weekend nor another holiday.
          let d = addDays(h.date, 1);
          while (isWeekend(d) || holidayDates.has(d) || this.daysOff.has(d)) d = addDays(d, 1);
          this.daysOff.add(d);
          this.holidayNames.set(d, `${h.name} (перенос)`);
        }
      }
    }
  }

  isWorkingDay(date: LocalDate): boolean {
    if (this.workingWeekends.has(date)) return true;
    return !isWeekend(date) && !this.daysOff.has(date);
  }

  /** Local date and minute-of-day of an instant. */
  local(ms: number): { date: LocalDate; minute: number } {
    const shifted = new Date(ms + this.utcOffsetMinutes * 60_000);
    return {
      date: shifted.toISOString().slice(0, 10),
      minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
    };
  }

  /** The instant of a local date and minute. */
  at(date: LocalDate, minute: number): number {
    return Date.parse(`${date}T00:00:00Z`) + minute * 60_000 - this.utcOffsetMinutes * 60_000;
  }

  nextWorkingDay(date: LocalDate): LocalDate {
    let d = addDays(date, 1);
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  /** The n-th working day after `date` (n ≥ 1; the day itself is not counted). */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    let d = date;
    for (let i = 0; i < n; i++) d = this.nextWorkingDay(d);
    return d;
  }

  /**
   * APPC art. 64: an appeal is registered on the day it is received, or on the next working day when it
   * arrives after hours or on a day off.
   */
  registrationTime(receivedAt: number): number {
    const { date, minute } = this.local(receivedAt);
    if (this.isWorkingDay(date) && minute < this.hours.end) {
      return minute < this.hours.start ? this.at(date, this.hours.start) : receivedAt;
    }
    return this.at(this.nextWorkingDay(date), this.hours.start);
  }

  /** End of the working day `n` working days after the day of `from`. */
  dueAfterWorkingDays(from: number, n: number): number {
    return this.at(this.addWorkingDays(this.local(from).date, n), this.hours.end);
  }

  /** Working days between two instants' local dates (how late something is, in the law's unit). */
  workingDaysBetween(from: number, to: number): number {
    let d = this.local(from).date;
    const end = this.local(to).date;
    let n = 0;
    while (d < end) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) n++;
    }
    return n;
  }
}

export function isWeekend(date: LocalDate): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

export function addDays(date: LocalDate, n: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

/** Reads every `*.json` year file of a calendar folder. */
export function loadCalendarYears(dir: string): CalendarYear[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => yearFile.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
}
