import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCalendarYears, WorkCalendar } from './calendar.js';

const cal = new WorkCalendar(loadCalendarYears(resolve('data/calendar')));
const local = (iso: string) => Date.parse(`${iso}+05:00`);
const fmt = (ms: number) => new Date(ms + 5 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('Kazakhstan working-day calendar', () => {
  it('knows weekends and public holidays', () => {
    expect(cal.isWorkingDay('2026-12-15')).toBe(true);
    expect(cal.isWorkingDay('2026-12-16')).toBe(false); // Independence Day
    expect(cal.isWorkingDay('2026-12-19')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2027-01-07')).toBe(false); // Orthodox Christmas
  });

  it('moves a holiday that falls on a weekend to the next working day', () => {
    // 8 March 2026 is a Sunday: Monday 9 March is off.
    expect(cal.isWorkingDay('2026-03-09')).toBe(false);
    // Nauryz 21–23 March 2026 (Sat, Sun, Mon): the 21st and 22nd carry over to Tue 24 and Wed 25.
    expect(cal.isWorkingDay('2026-03-23')).toBe(false);
    expect(cal.isWorkingDay('2026-03-24')).toBe(false);
    expect(cal.isWorkingDay('2026-03-25')).toBe(false);
    expect(cal.isWorkingDay('2026-03-26')).toBe(true);
    // Religious holidays do not carry over: Kurban ait is not moved.
    expect(cal.holidayNames.get('2026-05-27')).toMatch(/Құрбан/);
  });

  it('applies the government transfers from the data', () => {
    const withTransfer = new WorkCalendar([
      { year: 2026, holidays: [], transfers: [{ dayOff: '2026-12-18', workingDay: '2026-12-26' }] },
    ]);
    expect(withTransfer.isWorkingDay('2026-12-18')).toBe(false); // a Friday made a day off
    expect(withTransfer.isWorkingDay('2026-12-26')).toBe(true); // a Saturday made a working day
  });

  it('registers on the day of receipt during working hours, else on the next working day (APPC art. 64)', () => {
    expect(fmt(cal.registrationTime(local('2026-12-15T11:20:00')))).toBe('2026-12-15 11:20');
    expect(fmt(cal.registrationTime(local('2026-12-15T07:40:00')))).toBe('2026-12-15 09:00');
    expect(fmt(cal.registrationTime(local('2026-12-15T19:05:00')))).toBe('2026-12-17 09:00'); // 16th is a holiday
    expect(fmt(cal.registrationTime(local('2026-12-19T10:00:00')))).toBe('2026-12-21 09:00'); // Saturday
  });

  it('counts 15 working days, skipping weekends and holidays (APPC art. 76)', () => {
    // Registered Mon 7 Dec 2026: 15 working days, with 16 Dec off → Tue 29 Dec.
    const due = cal.dueAfterWorkingDays(local('2026-12-07T10:00:00'), 15);
    expect(fmt(due)).toBe('2026-12-29 18:00');
    // Without the holiday it would be Mon 28 Dec: the holiday moved it by one day.
    const plain = new WorkCalendar([]).dueAfterWorkingDays(local('2026-12-07T10:00:00'), 15);
    expect(fmt(plain)).toBe('2026-12-28 18:00');
  });

  it('spans the new year with its holidays', () => {
    // Registered Wed 23 Dec 2026; 1, 2 (Sat, carried to Mon 4) and 7 Jan are off.
    const due = cal.dueAfterWorkingDays(local('2026-12-23T10:00:00'), 15);
    expect(fmt(due)).toBe('2027-01-18 18:00');
  });

  it('counts working days between two instants', () => {
    expect(cal.workingDaysBetween(local('2026-12-14T10:00:00'), local('2026-12-21T10:00:00'))).toBe(4);
  });
});
