/**
 * Dates, numbers and durations in the interface language's locale, through Intl. Some browsers (Debian's
 * Chromium, for one) claim Kazakh but ship no Kazakh data ("2026 M11 30", "+3 d"): then Kazakh dates and
 * relative times are written from the CLDR words below and numbers use the same separators as kk-KZ.
 */

/** CLDR kk: abbreviated month names (format context). */
const KK_MONTHS = [
  'қаң.',
  'ақп.',
  'нау.',
  'сәу.',
  'мам.',
  'мау.',
  'шіл.',
  'там.',
  'қыр.',
  'қаз.',
  'қар.',
  'жел.',
];
/** CLDR kk relative-time patterns ({0} = the number). */
const KK_RELATIVE: Record<'day' | 'hour' | 'minute', { future: string; past: string }> = {
  day: { future: '{0} күннен кейін', past: '{0} күн бұрын' },
  hour: { future: '{0} сағаттан кейін', past: '{0} сағат бұрын' },
  minute: { future: '{0} минуттан кейін', past: '{0} минут бұрын' },
};

/** Whether Intl really has Kazakh data here; `override` is for tests. */
export const intlKazakh: { override: boolean | undefined; cached: boolean | undefined } = {
  override: undefined,
  cached: undefined,
};

export function hasKazakhData(): boolean {
  if (intlKazakh.override !== undefined) return intlKazakh.override;
  if (intlKazakh.cached === undefined) {
    try {
      const january = new Intl.DateTimeFormat('kk-KZ', { month: 'long' }).format(new Date(2026, 0, 15));
      intlKazakh.cached = /қаң/i.test(january);
    } catch {
      intlKazakh.cached = false;
    }
  }
  return intlKazakh.cached;
}

const kazakhFallback = (locale: string) => locale.toLowerCase().startsWith('kk') && !hasKazakhData();
/** kk-KZ groups digits with a space and uses a decimal comma, as ru-KZ does. */
const numberLocale = (locale: string) => (kazakhFallback(locale) ? 'ru-KZ' : locale);

export function formatNumber(locale: string, n: number, digits = 0): string {
  return new Intl.NumberFormat(numberLocale(locale), {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(n);
}

export function formatPercent(locale: string, share: number, digits = 1): string {
  return new Intl.NumberFormat(numberLocale(locale), {
    style: 'percent',
    maximumFractionDigits: digits,
  }).format(share);
}

function kkDate(d: Date): string {
  return `${d.getFullYear()} ж. ${d.getDate()} ${KK_MONTHS[d.getMonth()]}`;
}

export function formatDate(locale: string, iso: string | number | Date): string {
  const d = new Date(iso);
  if (kazakhFallback(locale)) return kkDate(d);
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(d);
}

export function formatDateTime(locale: string, iso: string | number | Date): string {
  const d = new Date(iso);
  if (kazakhFallback(locale)) {
    const time = new Intl.DateTimeFormat('ru-KZ', { hour: '2-digit', minute: '2-digit' }).format(d);
    return `${kkDate(d)}, ${time}`;
  }
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit & ('day' | 'hour' | 'minute'), number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 3 days", "2 hours ago" — the largest whole unit, in the locale's words. */
export function formatRelative(locale: string, target: string | number | Date, now: number): string {
  const diff = new Date(target).getTime() - now;
  const abs = Math.abs(diff);
  for (const [unit, ms] of UNITS) {
    if (abs >= ms || unit === 'minute') {
      const value = Math.trunc(diff / ms);
      if (kazakhFallback(locale)) {
        const p = KK_RELATIVE[unit];
        return (value < 0 ? p.past : p.future).replace('{0}', formatNumber('ru-KZ', Math.abs(value)));
      }
      return new Intl.RelativeTimeFormat(locale, { numeric: 'always' }).format(value, unit);
    }
  }
  return '';
}

/** A duration in hours (under two days) or days, as a number for the "{{value}} h" / "{{value}} d" strings. */
export function durationParts(ms: number): { unit: 'hours' | 'days'; value: number } {
  const hours = ms / 3_600_000;
  return hours < 48
    ? { unit: 'hours', value: Math.round(hours * 10) / 10 }
    : { unit: 'days', value: Math.round((hours / 24) * 10) / 10 };
}

/** Median of a list of numbers (null for an empty list). */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** ISO date (YYYY-MM-DD) of a moment in local time, for date inputs. */
export function isoDay(d: Date): string {
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  const dd = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${mm}-${dd}`;
}

/**
 * The last date (YYYY-MM-DD) an extension may name: the server allows `until` (taken at 12:00 UTC) up to
 * two months after registration, counted as the server does (calendar months in UTC).
 */
export function maxExtensionDay(registeredAt: string): string {
  const limit = new Date(registeredAt);
  limit.setUTCMonth(limit.getUTCMonth() + 2);
  const day = new Date(Date.UTC(limit.getUTCFullYear(), limit.getUTCMonth(), limit.getUTCDate(), 12));
  if (day.getTime() > limit.getTime()) day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}
