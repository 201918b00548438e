import { describe, expect, it } from 'vitest';
import { compileFormat, offsetMinutes, parseLocalDate } from './dates.js';

const formats = ['DD.MM.YYYY HH:mm', 'DD.MM.YYYY', 'YYYY-MM-DD'].map(compileFormat);
const at = (v: string, tz = '+05:00') => parseLocalDate(v, formats, offsetMinutes(tz));

describe('import dates', () => {
  it('reads local formats in the given time zone', () => {
    expect(at('05.03.2020 14:30')).toBe(Date.parse('2020-03-05T14:30:00+05:00'));
    expect(at('05.03.2020')).toBe(Date.parse('2020-03-05T00:00:00+05:00'));
    expect(at('2020-03-05')).toBe(Date.parse('2020-03-05T00:00:00+05:00'));
    expect(at(' 29.02.2020 ', '+06:00')).toBe(Date.parse('2020-02-29T00:00:00+06:00'));
  });

  it('refuses impossible dates instead of rolling them over', () => {
    for (const bad of [
      '31.02.2020',
      '29.02.2021',
      '31.04.2020',
      '00.01.2020',
      '05.13.2020',
      '05.03.2020 24:00',
    ]) {
      expect(at(bad), bad).toBeNull();
    }
    expect(at('5.3.2020')).toBeNull();
    expect(at('05/03/2020')).toBeNull();
    expect(at('вчера')).toBeNull();
  });

  it('accepts ISO 8601 with or without an offset', () => {
    expect(at('2020-03-05T14:30:00')).toBe(Date.parse('2020-03-05T14:30:00+05:00'));
    expect(at('2020-03-05T14:30:00Z')).toBe(Date.parse('2020-03-05T14:30:00Z'));
    expect(at('2020-03-05T14:30+03:00')).toBe(Date.parse('2020-03-05T14:30:00+03:00'));
  });

  it('supports one-or-two digit tokens and explains bad formats', () => {
    const loose = [compileFormat('D.M.YYYY H:mm')];
    expect(parseLocalDate('5.3.2020 9:05', loose, 300)).toBe(Date.parse('2020-03-05T09:05:00+05:00'));
    expect(() => compileFormat('DD.MM.YY')).toThrow(/unknown token at "YY"/);
    expect(() => compileFormat('MM.YYYY')).toThrow(/needs a year .*day/);
    expect(() => compileFormat('DD.MM.YYYY hh:mm')).toThrow(/unknown token/);
    expect(() => offsetMinutes('UTC+5')).toThrow(/bad timezone/);
  });
});
