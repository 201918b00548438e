import type { AppContext } from '../app/context.js';
import { type OperationalHours, operationalHours, ruleConditions } from '../reference/files.js';
import { addMonths, type CalendarYear, WorkCalendar } from './calendar.js';
import * as repo from './repository.js';
import type { RoutingRule } from './routing.js';

export const ANSWER_WORKING_DAYS = 15;
export const REDIRECT_WORKING_DAYS = 3;
export const EXTENSION_NOTICE_WORKING_DAYS = 3;
export const EXTENSION_MAX_MONTHS = 2;
export const REPEAT_WINDOW_MS = 90 * 86_400_000;

/** Region data the case desk needs at hand: the calendar, routing rules and operational deadlines. */
export class Desk {
  calendar: WorkCalendar = new WorkCalendar([]);
  rules: RoutingRule[] = [];
  hours: OperationalHours = {};
  defaultOrganisationId: number | null = null;

  constructor(private readonly ctx: AppContext) {}

  /** (Re)reads the calendar and rules from the database (after an admin edits them). */
  async reload(): Promise<void> {
    const ctx = this.ctx;
    const entries = await repo.calendarEntries(ctx.db);
    const years = new Map<number, CalendarYear>();
    for (const e of entries) {
      const y = Number(e.date.slice(0, 4));
      const year = years.get(y) ?? { year: y, holidays: [], transfers: [] };
      if (e.type === 'holiday')
        year.holidays.push({ date: e.date, name: e.name, religious: e.religious === 1 });
      else if (e.working_date)
        year.transfers.push({ dayOff: e.date, workingDay: e.working_date, name: e.name });
      years.set(y, year);
    }
    const region = await ctx.db.selectFrom('regions').select('utc_offset_minutes').executeTakeFirst();
    this.calendar = new WorkCalendar([...years.values()], region?.utc_offset_minutes ?? 300);
    this.rules = (await repo.routingRules(ctx.db)).map((r) => ({
      id: r.id,
      name: r.name,
      conditions: ruleConditions.parse(JSON.parse(r.conditions)),
      organisationId: r.organisation_id,
      executorId: r.executor_id,
      strategy: r.strategy as RoutingRule['strategy'],
    }));
    const fallback = await repo.setting(ctx.db, 'default_organisation');
    this.defaultOrganisationId = fallback ? Number(fallback) : null;
    try {
      this.hours = operationalHours(ctx.config.regionDir);
    } catch {
      this.hours = {};
    }
  }

  /** Registration, the 15-working-day due date, the redirect limit and the incident's hours. */
  deadlines(receivedAt: number, kind: string | null, topic: string | null, urgency: string | null) {
    const registeredAt = this.calendar.registrationTime(receivedAt);
    const dueAt = this.calendar.dueAfterWorkingDays(registeredAt, ANSWER_WORKING_DAYS);
    const redirectDueAt = this.calendar.dueAfterWorkingDays(registeredAt, REDIRECT_WORKING_DAYS);
    let operationalDueAt: number | null = null;
    if (kind === 'incident') {
      const table = (topic ? this.hours[topic] : undefined) ?? this.hours.default;
      const level = (urgency ?? 'normal') as 'critical' | 'high' | 'normal' | 'low';
      const h = table?.[level];
      // Operational clocks run from receipt, day and night: a burst pipe does not wait for Monday.
      if (h !== undefined) operationalDueAt = receivedAt + h * 3600_000;
    }
    return { registeredAt, dueAt, redirectDueAt, operationalDueAt };
  }

  /** Latest allowed extended due date: two months from registration (APPC art. 76). */
  maxExtension(registeredAt: number): number {
    return addMonths(registeredAt, EXTENSION_MAX_MONTHS);
  }
}

const desks = new WeakMap<AppContext, Promise<Desk>>();

/** The app's desk, loaded once. */
export function deskOf(ctx: AppContext): Promise<Desk> {
  let d = desks.get(ctx);
  if (!d) {
    const desk = new Desk(ctx);
    d = desk.reload().then(() => desk);
    desks.set(ctx, d);
  }
  return d;
}

export function resetDesk(ctx: AppContext): void {
  desks.delete(ctx);
}
