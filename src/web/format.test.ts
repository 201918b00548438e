import { afterEach, describe, expect, it } from 'vitest';
import { parseDemoAccounts } from '../../web/src/lib/demo.js';
import { caseQuery, dayStart, filtersFromSearch, filtersToSearch } from '../../web/src/lib/filters.js';
import {
  durationParts,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatRelative,
  intlKazakh,
  maxExtensionDay,
  median,
} from '../../web/src/lib/format.js';
import { givenLabels, machineLabel } from '../../web/src/lib/labels.js';
import { keyWords } from '../../web/src/screens/entry/useSuggestions.js';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const JAN15 = new Date(2027, 0, 15, 9, 5);

describe('formatting helpers', () => {
  afterEach(() => {
    intlKazakh.override = undefined;
  });

  it('write numbers and shares in the locale', () => {
    expect(nbsp(formatNumber('ru-KZ', 1234567.5, 1))).toBe('1 234 567,5');
    expect(formatNumber('en-GB', 1234567.5, 1)).toBe('1,234,567.5');
    expect(nbsp(formatNumber('kk-KZ', 80758))).toBe('80 758');
    expect(nbsp(formatPercent('ru-KZ', 0.797))).toBe('79,7 %');
    expect(formatPercent('en-GB', 0.178)).toBe('17.8%');
  });

  it('write dates with the locale’s month names', () => {
    expect(formatDate('ru-KZ', JAN15)).toMatch(/15 янв\.? 2027/);
    expect(formatDate('en-GB', JAN15)).toBe('15 Jan 2027');
    expect(formatDate('kk-KZ', JAN15)).toMatch(/қаң/i);
    expect(formatDateTime('en-GB', JAN15)).toContain('09:05');
  });

  it('fall back to CLDR Kazakh words where the browser has no Kazakh data', () => {
    intlKazakh.override = false;
    expect(formatDate('kk-KZ', JAN15)).toBe('2027 ж. 15 қаң.');
    expect(formatDateTime('kk-KZ', JAN15)).toBe('2027 ж. 15 қаң., 09:05');
    expect(nbsp(formatNumber('kk-KZ', 1234.5, 1))).toBe('1 234,5');
    const now = JAN15.getTime();
    expect(formatRelative('kk-KZ', now + 3 * 86_400_000, now)).toBe('3 күннен кейін');
    expect(formatRelative('kk-KZ', now - 5 * 3_600_000, now)).toBe('5 сағат бұрын');
    expect(formatRelative('kk-KZ', now + 10 * 60_000, now)).toBe('10 минуттан кейін');
  });

  it('say how long until or since a moment, in the largest whole unit', () => {
    const now = JAN15.getTime();
    expect(formatRelative('en-GB', now + 3 * 86_400_000 + 5_000, now)).toBe('in 3 days');
    expect(formatRelative('ru-KZ', now - 2 * 3_600_000, now)).toBe('2 часа назад');
    expect(formatRelative('en-GB', now + 30_000, now)).toBe('in 0 minutes');
  });

  it('turn durations into hours or days, and take medians', () => {
    expect(durationParts(5.25 * 3_600_000)).toEqual({ unit: 'hours', value: 5.3 });
    expect(durationParts(3 * 86_400_000)).toEqual({ unit: 'days', value: 3 });
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('limit an extension to two months after registration, as the server counts them', () => {
    expect(maxExtensionDay('2026-12-15T04:00:00.000Z')).toBe('2027-02-14');
    expect(maxExtensionDay('2026-12-15T13:00:00.000Z')).toBe('2027-02-15');
    expect(maxExtensionDay('2026-12-31T05:00:00.000Z')).toBe('2027-03-02');
  });
});

describe('inbox filters in the address', () => {
  it('round-trip through the query string in a stable order', () => {
    const f = filtersFromSearch(
      new URLSearchParams('topic=water&district=shu&foo=1&q=%D0%B2%D0%BE%D0%B4%D0%B0'),
    );
    expect(f).toEqual({ topic: 'water', district: 'shu', q: 'вода' });
    expect(filtersToSearch(f)).toBe('?topic=water&district=shu&q=%D0%B2%D0%BE%D0%B4%D0%B0');
    expect(filtersToSearch({})).toBe('');
  });

  it('turn a day range into [from, the day after to) for the API', () => {
    const q = new URLSearchParams(
      caseQuery({ from: '2026-03-01', to: '2026-03-31', overdue: 'true' }, { limit: 50 }),
    );
    expect(q.get('from')).toBe(new Date(2026, 2, 1).toISOString());
    expect(q.get('to')).toBe(new Date(2026, 3, 1).toISOString());
    expect(q.get('overdue')).toBe('true');
    expect(q.get('limit')).toBe('50');
    expect(dayStart('nonsense')).toBeUndefined();
  });
});

describe('machine labels as stored with a signal', () => {
  it('read either shape the understanding stage writes', () => {
    expect(
      machineLabel({ topic: { value: 'water', confidence: 0.91, explain: ['су', 'жоқ'] } }, 'topic'),
    ).toEqual({
      value: 'water',
      confidence: 0.91,
      explain: ['су', 'жоқ'],
    });
    expect(
      machineLabel({ confidence: { kind: 0.7 }, explain: { kind: [{ feature: 'нет' }] } }, 'kind'),
    ).toEqual({
      value: null,
      confidence: 0.7,
      explain: ['нет'],
    });
    expect(machineLabel(null, 'kind')).toBeNull();
    expect(givenLabels({ given: { topic: 'gas', kind: 5 } })).toEqual({ topic: 'gas' });
  });

  it('pick the longest words of a call to look for duplicates', () => {
    expect(keyWords('Нет света на улице Жамбыла, Шуский район')).toEqual(['жамбыла', 'шуский']);
  });
});

describe('demo sign-ins', () => {
  it('reads the accounts GET /api/demo/accounts lists', () => {
    expect(
      parseDemoAccounts({
        accounts: [
          {
            login: 'demo.water',
            password: 'demo-water-109',
            roles: ['executor'],
            displayName: 'Исполнитель',
            organisation: { code: 'water-utility', name: 'Водоканал' },
          },
          { login: 'broken' },
        ],
      }),
    ).toEqual([
      {
        login: 'demo.water',
        password: 'demo-water-109',
        role: 'executor',
        name: 'Исполнитель',
        organisation: 'Водоканал',
      },
    ]);
    expect(parseDemoAccounts({ error: { code: 'not_found' } })).toEqual([]);
  });
});
