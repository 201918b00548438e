/**
 * Strict local date parsing for imports. A format is built from the tokens YYYY, MM, DD, HH, mm, ss
 * (two digits; M, D, H accept one or two) and literal separators; a value must match a format entirely
 * and be a real calendar date: 31.02.2020 or 24:00 are refused, not rolled over. ISO 8601
 * (`2020-03-05T14:30:00`, optionally with `Z` or an offset) is always accepted as well.
 */

type Token = 'YYYY' | 'MM' | 'DD' | 'HH' | 'mm' | 'ss' | 'M' | 'D' | 'H';
const TOKENS: readonly Token[] = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss', 'M', 'D', 'H'];
const TOKEN_RE: Record<Token, string> = {
  YYYY: '(\\d{4})',
  MM: '(\\d{2})',
  DD: '(\\d{2})',
  HH: '(\\d{2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  M: '(\\d{1,2})',
  D: '(\\d{1,2})',
  H: '(\\d{1,2})',
};

export interface DateFormat {
  readonly source: string;
  readonly re: RegExp;
  readonly tokens: readonly Token[];
}

/** Compiles a format; throws with a readable message for an unknown letter or a format without a date. */
export function compileFormat(format: string): DateFormat {
  let pattern = '';
  const tokens: Token[] = [];
  let i = 0;
  while (i < format.length) {
    const token = TOKENS.find((t) => format.startsWith(t, i));
    if (token) {
      pattern += TOKEN_RE[token];
      tokens.push(token);
      i += token.length;
      continue;
    }
    const ch = format[i] ?? '';
    if (/[A-Za-z]/.test(ch) && ch !== 'T') {
      throw new Error(
        `unknown token at "${format.slice(i)}" in "${format}" (tokens: YYYY MM DD HH mm ss M D H)`,
      );
    }
    pattern += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    i++;
  }
  const has = (...t: Token[]) => t.some((x) => tokens.includes(x));
  if (!has('YYYY') || !has('MM', 'M') || !has('DD', 'D')) {
    throw new Error(`"${format}" needs a year (YYYY), a month (MM) and a day (DD)`);
  }
  return { source: format, re: new RegExp(`^${pattern}$`), tokens };
}

/** `+05:00`, `-03:30` or `Z` → minutes east of UTC. */
export function offsetMinutes(tz: string): number {
  if (tz === 'Z') return 0;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(tz);
  if (!m) throw new Error(`bad timezone "${tz}" (use +05:00 or Z)`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

interface Fields {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

function toEpoch(f: Fields, offset: number): number | null {
  if (f.y < 1900 || f.y > 2200 || f.mo < 1 || f.mo > 12 || f.d < 1 || f.d > daysIn(f.y, f.mo)) return null;
  if (f.h > 23 || f.mi > 59 || f.s > 59) return null;
  return Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s) - offset * 60_000;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Epoch ms of a local date-time in one of the formats, or null when it is not a valid one. */
export function parseLocalDate(value: string, formats: readonly DateFormat[], offset: number): number | null {
  const v = value.trim();
  for (const format of formats) {
    const m = format.re.exec(v);
    if (!m) continue;
    const f: Fields = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0 };
    format.tokens.forEach((token, i) => {
      const n = Number(m[i + 1]);
      if (token === 'YYYY') f.y = n;
      else if (token === 'MM' || token === 'M') f.mo = n;
      else if (token === 'DD' || token === 'D') f.d = n;
      else if (token === 'HH' || token === 'H') f.h = n;
      else if (token === 'mm') f.mi = n;
      else f.s = n;
    });
    const ms = toEpoch(f, offset);
    if (ms !== null) return ms;
  }
  const iso = ISO.exec(v);
  if (!iso) return null;
  const [, y, mo, d, h, mi, s, tz] = iso;
  const fields = {
    y: Number(y),
    mo: Number(mo),
    d: Number(d),
    h: Number(h),
    mi: Number(mi),
    s: Number(s ?? 0),
  };
  return toEpoch(fields, tz ? offsetMinutes(tz) : offset);
}
